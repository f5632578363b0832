package io.jellyfish.webrtc.rtp;

/**
 * A reusable view of the VP8 payload descriptor (RFC 7741 4.2) at the start of an RTP payload,
 * with in-place rewriting of PictureID, TL0PICIDX and KEYIDX for simulcast switches (webrtc.md 5.2).
 */
public final class Vp8Payload {

    private byte[] buffer;
    private boolean valid;
    private int descriptorLength;
    private boolean start;
    private boolean nonReference;
    private int partitionId;
    private int pictureIdOffset;
    private int pictureIdBits;
    private int tl0PicIdxOffset;
    private int tidKeyIdxOffset;
    private boolean hasTid;
    private boolean hasKeyIdx;
    private boolean keyframe;

    /**
     * Parses the descriptor of {@code buffer[offset, offset+length)}, the RTP payload.
     *
     * @return false if the descriptor is truncated or no VP8 payload byte follows it
     */
    public boolean parse(byte[] buffer, int offset, int length) {
        valid = false;
        if (buffer == null || offset < 0 || length < 1 || offset > buffer.length - length) {
            return false;
        }
        int end = offset + length;
        int i = offset;
        int first = buffer[i++] & 0xFF;
        boolean extended = (first & 0x80) != 0;
        nonReference = (first & 0x20) != 0;
        start = (first & 0x10) != 0;
        partitionId = first & 0x07;
        pictureIdOffset = -1;
        pictureIdBits = 0;
        tl0PicIdxOffset = -1;
        tidKeyIdxOffset = -1;
        hasTid = false;
        hasKeyIdx = false;
        if (extended) {
            if (i >= end) {
                return false;
            }
            int x = buffer[i++] & 0xFF;
            boolean hasPictureId = (x & 0x80) != 0;
            boolean hasTl0PicIdx = (x & 0x40) != 0;
            hasTid = (x & 0x20) != 0;
            hasKeyIdx = (x & 0x10) != 0;
            if (hasPictureId) {
                if (i >= end) {
                    return false;
                }
                pictureIdOffset = i;
                pictureIdBits = (buffer[i] & 0x80) != 0 ? 15 : 7;
                i += pictureIdBits == 15 ? 2 : 1;
            }
            if (hasTl0PicIdx) {
                tl0PicIdxOffset = i++;
            }
            if (hasTid || hasKeyIdx) {
                tidKeyIdxOffset = i++;
            }
        }
        if (i >= end) {
            return false; // no VP8 payload header byte after the descriptor
        }
        descriptorLength = i - offset;
        // RFC 7741 4.3: inverse key frame flag P is bit 0 of the first payload header byte.
        keyframe = start && partitionId == 0 && (buffer[i] & 0x01) == 0;
        this.buffer = buffer;
        valid = true;
        return true;
    }

    /** First packet of a keyframe: S=1, PID=0 and P=0 (webrtc.md 5.1). */
    public boolean isKeyframe() {
        checkValid();
        return keyframe;
    }

    /** Bytes of payload descriptor before the VP8 payload. */
    public int descriptorLength() {
        checkValid();
        return descriptorLength;
    }

    /** S: first packet of a partition. */
    public boolean isStartOfPartition() {
        checkValid();
        return start;
    }

    public boolean isNonReference() {
        checkValid();
        return nonReference;
    }

    public int partitionId() {
        checkValid();
        return partitionId;
    }

    public boolean hasPictureId() {
        checkValid();
        return pictureIdOffset >= 0;
    }

    /** 7 or 15; 0 without PictureID. */
    public int pictureIdBits() {
        checkValid();
        return pictureIdBits;
    }

    /** The PictureID, or -1 if absent. */
    public int pictureId() {
        checkValid();
        if (pictureIdOffset < 0) {
            return -1;
        }
        return pictureIdBits == 15 ? Bytes.u16(buffer, pictureIdOffset) & 0x7FFF : buffer[pictureIdOffset] & 0x7F;
    }

    /** Writes {@code pictureId} modulo the field's width (7 or 15 bits); no-op without PictureID. */
    public void setPictureId(int pictureId) {
        checkValid();
        if (pictureIdOffset < 0) {
            return;
        }
        if (pictureIdBits == 15) {
            Bytes.put16(buffer, pictureIdOffset, 0x8000 | (pictureId & 0x7FFF));
        } else {
            buffer[pictureIdOffset] = (byte) (pictureId & 0x7F);
        }
    }

    /** TL0PICIDX, or -1 if absent. */
    public int tl0PicIdx() {
        checkValid();
        return tl0PicIdxOffset < 0 ? -1 : buffer[tl0PicIdxOffset] & 0xFF;
    }

    /** No-op without TL0PICIDX. */
    public void setTl0PicIdx(int tl0PicIdx) {
        checkValid();
        if (tl0PicIdxOffset >= 0) {
            buffer[tl0PicIdxOffset] = (byte) tl0PicIdx;
        }
    }

    /** Temporal layer index, or -1 if T is not set. */
    public int tid() {
        checkValid();
        return hasTid ? (buffer[tidKeyIdxOffset] & 0xC0) >>> 6 : -1;
    }

    /** Layer sync bit Y; false if T is not set. */
    public boolean layerSync() {
        checkValid();
        return hasTid && (buffer[tidKeyIdxOffset] & 0x20) != 0;
    }

    /** KEYIDX, or -1 if K is not set. */
    public int keyIdx() {
        checkValid();
        return hasKeyIdx ? buffer[tidKeyIdxOffset] & 0x1F : -1;
    }

    /** Writes KEYIDX modulo 32; no-op if K is not set. */
    public void setKeyIdx(int keyIdx) {
        checkValid();
        if (hasKeyIdx) {
            buffer[tidKeyIdxOffset] = (byte) ((buffer[tidKeyIdxOffset] & 0xE0) | (keyIdx & 0x1F));
        }
    }

    private void checkValid() {
        if (!valid) {
            throw new IllegalStateException("no valid VP8 payload descriptor parsed");
        }
    }
}
