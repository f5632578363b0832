package io.jellyfish.webrtc.rtp;

/**
 * A reusable, allocation-free view of one RTP packet (RFC 3550) inside a caller's buffer, with
 * RFC 8285 header extensions in both the one-byte ({@code 0xBEDE}) and two-byte ({@code 0x100x})
 * forms. {@link #wrap} validates the whole header layout once, so the accessors never read out of
 * bounds; setters modify the buffer in place.
 */
public final class RtpPacket {

    public static final int FIXED_HEADER_LENGTH = 12;
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** The two-byte form's profile is {@code 0x100} followed by 4 application bits. */
    public static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    public static final int TWO_BYTE_PROFILE = 0x1000;

    private byte[] buffer;
    private int offset;
    private int length;
    private boolean valid;
    private int headerLength;
    /** Absolute offset of the extension elements (after the 4-byte extension header), or -1. */
    private int extensionStart = -1;
    private int extensionEnd;
    private int extensionProfile = -1;
    private int paddingLength;

    /**
     * Points this view at {@code buffer[offset, offset+length)}.
     *
     * @return false (and the view unusable) if the bytes are not a well-formed RTP packet: too
     *         short, version not 2, CSRCs/extension/padding running past the end
     */
    public boolean wrap(byte[] buffer, int offset, int length) {
        valid = false;
        if (buffer == null || offset < 0 || length < FIXED_HEADER_LENGTH || offset > buffer.length - length) {
            return false;
        }
        if ((buffer[offset] & 0xC0) != 0x80) {
            return false;
        }
        int header = FIXED_HEADER_LENGTH + 4 * (buffer[offset] & 0x0F);
        if (header > length) {
            return false;
        }
        int start = -1;
        int end = 0;
        int profile = -1;
        if ((buffer[offset] & 0x10) != 0) {
            if (header + 4 > length) {
                return false;
            }
            profile = Bytes.u16(buffer, offset + header);
            int words = Bytes.u16(buffer, offset + header + 2);
            start = offset + header + 4;
            header += 4 + 4 * words;
            end = offset + header;
            if (header > length) {
                return false;
            }
        }
        int padding = 0;
        if ((buffer[offset] & 0x20) != 0) {
            padding = buffer[offset + length - 1] & 0xFF;
            if (padding == 0 || header + padding > length) {
                return false;
            }
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.headerLength = header;
        this.extensionStart = start;
        this.extensionEnd = end;
        this.extensionProfile = profile;
        this.paddingLength = padding;
        this.valid = true;
        return true;
    }

    /** Whether the last {@link #wrap} succeeded. */
    public boolean isValid() {
        return valid;
    }

    public byte[] buffer() {
        checkValid();
        return buffer;
    }

    public int offset() {
        checkValid();
        return offset;
    }

    /** Total packet length, header and padding included. */
    public int length() {
        checkValid();
        return length;
    }

    public boolean hasPadding() {
        return (header0() & 0x20) != 0;
    }

    public boolean hasExtension() {
        return (header0() & 0x10) != 0;
    }

    public int csrcCount() {
        return header0() & 0x0F;
    }

    public boolean marker() {
        checkValid();
        return (buffer[offset + 1] & 0x80) != 0;
    }

    public void setMarker(boolean marker) {
        checkValid();
        buffer[offset + 1] = (byte) (marker ? buffer[offset + 1] | 0x80 : buffer[offset + 1] & 0x7F);
    }

    public int payloadType() {
        checkValid();
        return buffer[offset + 1] & 0x7F;
    }

    public void setPayloadType(int payloadType) {
        checkValid();
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type must be 0..127: " + payloadType);
        }
        buffer[offset + 1] = (byte) ((buffer[offset + 1] & 0x80) | payloadType);
    }

    public int sequenceNumber() {
        checkValid();
        return Bytes.u16(buffer, offset + 2);
    }

    public void setSequenceNumber(int sequenceNumber) {
        checkValid();
        Bytes.put16(buffer, offset + 2, sequenceNumber);
    }

    public long timestamp() {
        checkValid();
        return Bytes.u32(buffer, offset + 4);
    }

    public void setTimestamp(long timestamp) {
        checkValid();
        Bytes.put32(buffer, offset + 4, timestamp);
    }

    public long ssrc() {
        checkValid();
        return Bytes.u32(buffer, offset + 8);
    }

    public void setSsrc(long ssrc) {
        checkValid();
        Bytes.put32(buffer, offset + 8, ssrc);
    }

    /** Fixed header, CSRCs and header extension. */
    public int headerLength() {
        checkValid();
        return headerLength;
    }

    /** Absolute offset of the payload in {@link #buffer()}. */
    public int payloadOffset() {
        checkValid();
        return offset + headerLength;
    }

    /** Payload length without padding; 0 for Chromium's padding-only probes. */
    public int payloadLength() {
        checkValid();
        return length - headerLength - paddingLength;
    }

    public int paddingLength() {
        checkValid();
        return paddingLength;
    }

    /** The extension block's profile (e.g. {@link #ONE_BYTE_PROFILE}), or -1 without extension. */
    public int extensionProfile() {
        checkValid();
        return extensionProfile;
    }

    /** Absolute offset of extension {@code id}'s data, or -1 if absent (or the block is not RFC 8285). */
    public int extensionOffset(int id) {
        long found = findExtension(id);
        return found < 0 ? -1 : (int) (found >>> 16);
    }

    /** Data length of extension {@code id}, or -1 if absent. */
    public int extensionLength(int id) {
        long found = findExtension(id);
        return found < 0 ? -1 : (int) (found & 0xFFFF);
    }

    /**
     * Rewrites the extension block in place: element {@code id} is kept as {@code idMap[id]}, and
     * dropped if that is 0, out of the map, or not representable in the block's form (1-14 one-byte,
     * 1-255 two-byte). Kept elements are compacted, the payload moves up, and an empty block is
     * removed with the X bit. Malformed trailing elements are dropped. A block that is not RFC 8285
     * is removed entirely.
     *
     * @return the new packet length (the view is re-wrapped on it)
     */
    public int rewriteExtensions(byte[] idMap) {
        checkValid();
        if (extensionStart < 0) {
            return length;
        }
        boolean oneByte = extensionProfile == ONE_BYTE_PROFILE;
        boolean twoByte = (extensionProfile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE;
        int write = extensionStart;
        int read = extensionStart;
        while ((oneByte || twoByte) && read < extensionEnd) {
            int first = buffer[read] & 0xFF;
            if (first == 0) {
                read++; // padding between elements
                continue;
            }
            int id;
            int dataLength;
            int headerSize;
            if (oneByte) {
                id = first >>> 4;
                if (id == 15) {
                    break; // RFC 8285: id 15 ends processing of the block
                }
                dataLength = (first & 0x0F) + 1;
                headerSize = 1;
            } else {
                if (read + 1 >= extensionEnd) {
                    break;
                }
                id = first;
                dataLength = buffer[read + 1] & 0xFF;
                headerSize = 2;
            }
            if (read + headerSize + dataLength > extensionEnd) {
                break;
            }
            int newId = id < idMap.length ? idMap[id] & 0xFF : 0;
            if (newId != 0 && (twoByte || newId <= 14)) {
                System.arraycopy(buffer, read, buffer, write, headerSize + dataLength);
                buffer[write] = (byte) (oneByte ? (newId << 4) | (dataLength - 1) : newId);
                write += headerSize + dataLength;
            }
            read += headerSize + dataLength;
        }
        while ((write - extensionStart) % 4 != 0) {
            buffer[write++] = 0;
        }
        int newBlockEnd = write;
        if (write == extensionStart) {
            newBlockEnd = extensionStart - 4; // no element left: drop the extension header too
            buffer[offset] &= (byte) ~0x10;
        } else {
            Bytes.put16(buffer, extensionStart - 2, (write - extensionStart) / 4);
        }
        int tail = offset + length - extensionEnd;
        System.arraycopy(buffer, extensionEnd, buffer, newBlockEnd, tail);
        int newLength = length - (extensionEnd - newBlockEnd);
        wrap(buffer, offset, newLength);
        return newLength;
    }

    /**
     * Removes RTP padding (Chromium's probes are padding-only) and clears the P bit.
     *
     * @return the new packet length (the view is re-wrapped on it)
     */
    public int stripPadding() {
        checkValid();
        if (paddingLength == 0) {
            return length;
        }
        buffer[offset] &= (byte) ~0x20;
        int newLength = length - paddingLength;
        wrap(buffer, offset, newLength);
        return newLength;
    }

    /** Packs (absolute data offset << 16 | data length) of element {@code id}, or -1. */
    private long findExtension(int id) {
        checkValid();
        if (extensionStart < 0 || id <= 0) {
            return -1;
        }
        boolean oneByte = extensionProfile == ONE_BYTE_PROFILE;
        if (!oneByte && (extensionProfile & TWO_BYTE_PROFILE_MASK) != TWO_BYTE_PROFILE) {
            return -1;
        }
        int i = extensionStart;
        while (i < extensionEnd) {
            int first = buffer[i] & 0xFF;
            if (first == 0) {
                i++;
                continue;
            }
            int elementId;
            int dataLength;
            int dataStart;
            if (oneByte) {
                elementId = first >>> 4;
                if (elementId == 15) {
                    return -1;
                }
                dataLength = (first & 0x0F) + 1;
                dataStart = i + 1;
            } else {
                if (i + 1 >= extensionEnd) {
                    return -1;
                }
                elementId = first;
                dataLength = buffer[i + 1] & 0xFF;
                dataStart = i + 2;
            }
            if (dataStart + dataLength > extensionEnd) {
                return -1;
            }
            if (elementId == id) {
                return ((long) dataStart << 16) | dataLength;
            }
            i = dataStart + dataLength;
        }
        return -1;
    }

    private int header0() {
        checkValid();
        return buffer[offset];
    }

    private void checkValid() {
        if (!valid) {
            throw new IllegalStateException("no valid RTP packet wrapped");
        }
    }
}
