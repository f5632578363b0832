package io.jellyfish.webrtc.rtp;

/** H264 RTP payload inspection (RFC 6184). */
public final class H264Payload {

    private static final int NAL_IDR = 5;
    private static final int NAL_SPS = 7;
    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    private H264Payload() {
    }

    /**
     * Whether the payload starts a keyframe: an IDR slice or an SPS as a single NAL unit, inside a
     * STAP-A, or as the start fragment of an FU-A (webrtc.md 5.1). Malformed payloads are not
     * keyframes.
     */
    public static boolean isKeyframe(byte[] buffer, int offset, int length) {
        if (buffer == null || offset < 0 || length < 1 || offset > buffer.length - length) {
            return false;
        }
        int type = buffer[offset] & 0x1F;
        if (type == STAP_A) {
            return stapAHasKeyframe(buffer, offset + 1, offset + length);
        }
        if (type == FU_A) {
            if (length < 2) {
                return false;
            }
            int fuHeader = buffer[offset + 1] & 0xFF;
            return (fuHeader & 0x80) != 0 && isKeyframeNal(fuHeader & 0x1F);
        }
        return isKeyframeNal(type);
    }

    private static boolean stapAHasKeyframe(byte[] buffer, int i, int end) {
        while (i + 2 < end) {
            int size = Bytes.u16(buffer, i);
            i += 2;
            if (size == 0 || i + size > end) {
                return false;
            }
            if (isKeyframeNal(buffer[i] & 0x1F)) {
                return true;
            }
            i += size;
        }
        return false;
    }

    private static boolean isKeyframeNal(int type) {
        return type == NAL_IDR || type == NAL_SPS;
    }
}
