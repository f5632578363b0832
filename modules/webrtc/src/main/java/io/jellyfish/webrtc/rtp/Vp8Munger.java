package io.jellyfish.webrtc.rtp;

/**
 * Keeps VP8 PictureID, TL0PICIDX and KEYIDX continuous for a subscriber across simulcast layer
 * switches (webrtc.md 5.2): each layer numbers its pictures independently, and a decoder would
 * otherwise see jumps. One instance per subscriber and track, used with {@link RtpMunger}.
 */
public final class Vp8Munger {

    private boolean started;
    private int pictureIdOffset;
    private int tl0PicIdxOffset;
    private int keyIdxOffset;
    private int lastPictureId;
    private int lastTl0PicIdx;
    private int lastKeyIdx;

    /**
     * Rewrites the parsed descriptor in place.
     *
     * @param layerSwitch true for the first packet after {@link RtpMunger#switched()}; the offsets
     *                    are then reset so every field continues at last+1
     */
    public void rewrite(Vp8Payload descriptor, boolean layerSwitch) {
        if (layerSwitch && started) {
            if (descriptor.hasPictureId()) {
                pictureIdOffset = lastPictureId + 1 - descriptor.pictureId();
            }
            if (descriptor.tl0PicIdx() >= 0) {
                tl0PicIdxOffset = lastTl0PicIdx + 1 - descriptor.tl0PicIdx();
            }
            if (descriptor.keyIdx() >= 0) {
                keyIdxOffset = lastKeyIdx + 1 - descriptor.keyIdx();
            }
        }
        started = true;
        if (descriptor.hasPictureId()) {
            int mask = descriptor.pictureIdBits() == 15 ? 0x7FFF : 0x7F;
            lastPictureId = (descriptor.pictureId() + pictureIdOffset) & mask;
            descriptor.setPictureId(lastPictureId);
        }
        if (descriptor.tl0PicIdx() >= 0) {
            lastTl0PicIdx = (descriptor.tl0PicIdx() + tl0PicIdxOffset) & 0xFF;
            descriptor.setTl0PicIdx(lastTl0PicIdx);
        }
        if (descriptor.keyIdx() >= 0) {
            lastKeyIdx = (descriptor.keyIdx() + keyIdxOffset) & 0x1F;
            descriptor.setKeyIdx(lastKeyIdx);
        }
    }
}
