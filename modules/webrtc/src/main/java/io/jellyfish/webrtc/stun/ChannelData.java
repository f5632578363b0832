package io.jellyfish.webrtc.stun;

/**
 * TURN ChannelData framing (RFC 5766 §11.4, §11.5): a 4-byte header (channel number, length)
 * followed by the application data. Over UDP a datagram may carry trailing padding; over TCP the
 * frame is padded to a multiple of 4 bytes, and STUN messages and ChannelData frames have to be
 * cut out of the byte stream by {@link #streamFrameLength}.
 */
public final class ChannelData {
    public static final int HEADER_LENGTH = 4;
    /** The channel numbers a client may bind (fake_turn's range; RFC 5766 allows up to 0x7FFF). */
    public static final int MIN_CHANNEL = 0x4000;
    public static final int MAX_CHANNEL = 0x7FFE;

    private ChannelData() {}

    /** RFC 7983 demultiplexing: ChannelData starts with 0b01, STUN with 0b00. */
    public static boolean isChannelData(byte firstByte) {
        return (firstByte & 0xC0) == 0x40;
    }

    public static boolean isBindableChannel(int channel) {
        return channel >= MIN_CHANNEL && channel <= MAX_CHANNEL;
    }

    public static int channelNumber(byte[] data, int offset) {
        return StunMessage.readShort(data, offset);
    }

    /**
     * Validates a ChannelData datagram and returns its data length; the data starts at
     * {@code offset + HEADER_LENGTH}. Trailing bytes beyond the length field are padding.
     */
    public static int datagramDataLength(byte[] data, int offset, int length) throws StunParseException {
        if (length < HEADER_LENGTH) {
            throw new StunParseException("shorter than a ChannelData header");
        }
        if (!isChannelData(data[offset])) {
            throw new StunParseException("not ChannelData");
        }
        int dataLength = StunMessage.readShort(data, offset + 2);
        if (dataLength > length - HEADER_LENGTH) {
            throw new StunParseException("ChannelData length exceeds the datagram");
        }
        return dataLength;
    }

    /** The encoded size of a frame carrying {@code dataLength} bytes. */
    public static int frameLength(int dataLength, boolean padToFour) {
        int length = HEADER_LENGTH + dataLength;
        return padToFour ? (length + 3) & ~3 : length;
    }

    /** Writes a frame into {@code target} and returns the bytes written (padding included). */
    public static int write(byte[] target, int targetOffset, int channel, byte[] data, int dataOffset,
                            int dataLength, boolean padToFour) {
        if (dataLength > 0xFFFF) {
            throw new IllegalArgumentException("ChannelData carries at most 65535 bytes");
        }
        target[targetOffset] = (byte) (channel >>> 8);
        target[targetOffset + 1] = (byte) channel;
        target[targetOffset + 2] = (byte) (dataLength >>> 8);
        target[targetOffset + 3] = (byte) dataLength;
        System.arraycopy(data, dataOffset, target, targetOffset + HEADER_LENGTH, dataLength);
        int written = frameLength(dataLength, padToFour);
        for (int i = HEADER_LENGTH + dataLength; i < written; i++) {
            target[targetOffset + i] = 0;
        }
        return written;
    }

    /**
     * Stream framing: the length of the complete STUN message or padded ChannelData frame at the
     * start of {@code data[offset, offset + available)}, or -1 if more bytes are needed.
     */
    public static int streamFrameLength(byte[] data, int offset, int available) throws StunParseException {
        if (available < HEADER_LENGTH) {
            return -1;
        }
        int kind = data[offset] & 0xC0;
        int length;
        if (kind == 0x00) {
            int bodyLength = StunMessage.readShort(data, offset + 2);
            if ((bodyLength & 3) != 0) {
                throw new StunParseException("STUN length is not a multiple of 4");
            }
            length = Stun.HEADER_LENGTH + bodyLength;
        } else if (kind == 0x40) {
            length = frameLength(StunMessage.readShort(data, offset + 2), true);
        } else {
            throw new StunParseException("neither STUN nor ChannelData in the stream");
        }
        return available >= length ? length : -1;
    }
}
