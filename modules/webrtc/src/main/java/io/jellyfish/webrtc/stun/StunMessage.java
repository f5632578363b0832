package io.jellyfish.webrtc.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.crypto.Mac;

/**
 * A parsed STUN message (RFC 5389 §6, §15). Parsing is a bounded, validating index over the
 * caller's bytes: nothing is copied, so the message is only valid while those bytes are left
 * untouched (on a receive path, until the buffer is reused). Typed accessors return {@code null}
 * or {@code -1} for an absent or malformed attribute instead of throwing.
 *
 * <p>Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored (§15.4); anything
 * after FINGERPRINT is rejected.
 */
public final class StunMessage {
    /** More would be an attack rather than a message: a Chromium check carries about eight. */
    public static final int MAX_ATTRIBUTES = 48;

    private static final int ATTRIBUTE_HEADER = 4;

    private final byte[] buffer;
    private final int offset;
    private final int length;
    private final int messageType;
    private final int attributeCount;
    private final int[] types;
    private final int[] valueOffsets;
    private final int[] valueLengths;
    private final int integrityOffset;
    private final int fingerprintOffset;

    private StunMessage(byte[] buffer, int offset, int length, int messageType, int attributeCount, int[] types,
                        int[] valueOffsets, int[] valueLengths, int integrityOffset, int fingerprintOffset) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.messageType = messageType;
        this.attributeCount = attributeCount;
        this.types = types;
        this.valueOffsets = valueOffsets;
        this.valueLengths = valueLengths;
        this.integrityOffset = integrityOffset;
        this.fingerprintOffset = fingerprintOffset;
    }

    /**
     * A cheap first-byte-and-cookie test (RFC 7983 demultiplexing plus the RFC 5389 magic
     * cookie); {@link #parse} still validates everything.
     */
    public static boolean looksLikeStun(byte[] data, int offset, int length) {
        return length >= Stun.HEADER_LENGTH && (data[offset] & 0xC0) == 0
                && readInt(data, offset + 4) == Stun.MAGIC_COOKIE;
    }

    public static StunMessage parse(byte[] data) throws StunParseException {
        return parse(data, 0, data.length);
    }

    /** Parses exactly {@code length} bytes as one STUN message. */
    public static StunMessage parse(byte[] data, int offset, int length) throws StunParseException {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new StunParseException("range outside the buffer");
        }
        if (length < Stun.HEADER_LENGTH) {
            throw new StunParseException("shorter than a STUN header");
        }
        if ((data[offset] & 0xC0) != 0) {
            throw new StunParseException("first two bits are not zero");
        }
        int bodyLength = readShort(data, offset + 2);
        if ((bodyLength & 3) != 0) {
            throw new StunParseException("message length is not a multiple of 4");
        }
        if (Stun.HEADER_LENGTH + bodyLength != length) {
            throw new StunParseException("message length does not match the datagram");
        }
        if (readInt(data, offset + 4) != Stun.MAGIC_COOKIE) {
            throw new StunParseException("no magic cookie");
        }
        int[] types = new int[8];
        int[] valueOffsets = new int[8];
        int[] valueLengths = new int[8];
        int count = 0;
        int integrityOffset = -1;
        int fingerprintOffset = -1;
        int end = offset + length;
        int position = offset + Stun.HEADER_LENGTH;
        while (position < end) {
            if (end - position < ATTRIBUTE_HEADER) {
                throw new StunParseException("truncated attribute header");
            }
            if (fingerprintOffset >= 0) {
                throw new StunParseException("attribute after FINGERPRINT");
            }
            int type = readShort(data, position);
            int valueLength = readShort(data, position + 2);
            int paddedLength = (valueLength + 3) & ~3;
            if (paddedLength > end - position - ATTRIBUTE_HEADER) {
                throw new StunParseException("attribute runs past the message end");
            }
            if (type == Stun.ATTR_FINGERPRINT) {
                if (valueLength != 4) {
                    throw new StunParseException("FINGERPRINT is not 4 bytes");
                }
                fingerprintOffset = position;
            } else if (integrityOffset >= 0) {
                // Not covered by the integrity check, so not trusted (RFC 5389 §15.4).
            } else if (type == Stun.ATTR_MESSAGE_INTEGRITY) {
                if (valueLength != StunIntegrity.HMAC_LENGTH) {
                    throw new StunParseException("MESSAGE-INTEGRITY is not 20 bytes");
                }
                integrityOffset = position;
            } else {
                if (count == MAX_ATTRIBUTES) {
                    throw new StunParseException("too many attributes");
                }
                if (count == types.length) {
                    types = Arrays.copyOf(types, count * 2);
                    valueOffsets = Arrays.copyOf(valueOffsets, count * 2);
                    valueLengths = Arrays.copyOf(valueLengths, count * 2);
                }
                types[count] = type;
                valueOffsets[count] = position + ATTRIBUTE_HEADER;
                valueLengths[count] = valueLength;
                count++;
            }
            position += ATTRIBUTE_HEADER + paddedLength;
        }
        return new StunMessage(data, offset, length, readShort(data, offset), count, types, valueOffsets,
                valueLengths, integrityOffset, fingerprintOffset);
    }

    public int messageType() {
        return messageType;
    }

    public int method() {
        return Stun.methodOf(messageType);
    }

    public int messageClass() {
        return Stun.classOf(messageType);
    }

    public boolean is(int method, int messageClass) {
        return messageType == Stun.messageType(method, messageClass);
    }

    /** The whole message length, header included. */
    public int length() {
        return length;
    }

    /** A copy of the 12-byte transaction id. */
    public byte[] transactionId() {
        int from = offset + 8;
        return Arrays.copyOfRange(buffer, from, from + Stun.TRANSACTION_ID_LENGTH);
    }

    public boolean hasTransactionId(byte[] transactionId) {
        int from = offset + 8;
        return Arrays.equals(buffer, from, from + Stun.TRANSACTION_ID_LENGTH,
                transactionId, 0, transactionId.length);
    }

    /** A copy of the whole message. */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(buffer, offset, offset + length);
    }

    public boolean has(int attributeType) {
        return indexOf(attributeType) >= 0;
    }

    /** The buffer holding the message, for zero-copy access together with {@link #valueOffset}. */
    public byte[] buffer() {
        return buffer;
    }

    /** Offset in {@link #buffer()} of the first such attribute's value, or -1. */
    public int valueOffset(int attributeType) {
        int index = indexOf(attributeType);
        return index < 0 ? -1 : valueOffsets[index];
    }

    /** Length of the first such attribute's value, or -1. */
    public int valueLength(int attributeType) {
        int index = indexOf(attributeType);
        return index < 0 ? -1 : valueLengths[index];
    }

    /** A copy of the first such attribute's value, or null. */
    public byte[] bytes(int attributeType) {
        int index = indexOf(attributeType);
        if (index < 0) {
            return null;
        }
        return Arrays.copyOfRange(buffer, valueOffsets[index], valueOffsets[index] + valueLengths[index]);
    }

    /** The first such attribute's value as UTF-8 text, or null. */
    public String string(int attributeType) {
        int index = indexOf(attributeType);
        return index < 0 ? null : new String(buffer, valueOffsets[index], valueLengths[index], StandardCharsets.UTF_8);
    }

    public String username() {
        return string(Stun.ATTR_USERNAME);
    }

    public String realm() {
        return string(Stun.ATTR_REALM);
    }

    public String nonce() {
        return string(Stun.ATTR_NONCE);
    }

    /** A 32-bit unsigned attribute (LIFETIME, PRIORITY), or -1 if absent or not 4 bytes. */
    public long uint32(int attributeType) {
        int index = indexOf(attributeType);
        if (index < 0 || valueLengths[index] != 4) {
            return -1;
        }
        return readInt(buffer, valueOffsets[index]) & 0xFFFFFFFFL;
    }

    /** LIFETIME in seconds, or -1. */
    public long lifetime() {
        return uint32(Stun.ATTR_LIFETIME);
    }

    /** The protocol number of REQUESTED-TRANSPORT, or -1. */
    public int requestedTransport() {
        return firstByteOfFourByteValue(Stun.ATTR_REQUESTED_TRANSPORT);
    }

    /** The family code of REQUESTED-ADDRESS-FAMILY (RFC 6156), or -1. */
    public int requestedAddressFamily() {
        return firstByteOfFourByteValue(Stun.ATTR_REQUESTED_ADDRESS_FAMILY);
    }

    /** CHANNEL-NUMBER, or -1. */
    public int channelNumber() {
        int index = indexOf(Stun.ATTR_CHANNEL_NUMBER);
        if (index < 0 || valueLengths[index] != 4) {
            return -1;
        }
        return readShort(buffer, valueOffsets[index]);
    }

    /** The ERROR-CODE number (e.g. 401), or -1. */
    public int errorCode() {
        int index = indexOf(Stun.ATTR_ERROR_CODE);
        if (index < 0 || valueLengths[index] < 4) {
            return -1;
        }
        int value = valueOffsets[index];
        return (buffer[value + 2] & 0x07) * 100 + (buffer[value + 3] & 0xFF);
    }

    /** The first such XOR-encoded address attribute, or null if absent or malformed. */
    public InetSocketAddress xorAddress(int attributeType) {
        int index = indexOf(attributeType);
        return index < 0 ? null : decodeXorAddress(index);
    }

    /**
     * Every such XOR-encoded address attribute in order (CreatePermission may carry several),
     * or null if any of them is malformed.
     */
    public List<InetSocketAddress> xorAddresses(int attributeType) {
        List<InetSocketAddress> addresses = new ArrayList<>(1);
        for (int i = 0; i < attributeCount; i++) {
            if (types[i] == attributeType) {
                InetSocketAddress address = decodeXorAddress(i);
                if (address == null) {
                    return null;
                }
                addresses.add(address);
            }
        }
        return addresses;
    }

    public boolean hasIntegrity() {
        return integrityOffset >= 0;
    }

    public boolean hasFingerprint() {
        return fingerprintOffset >= 0;
    }

    /**
     * Checks MESSAGE-INTEGRITY with {@code key} in constant time (RFC 5389 §15.4): the HMAC covers
     * the message up to the attribute, with the header length adjusted to end right after it.
     * False when the attribute is absent.
     */
    public boolean verifyIntegrity(byte[] key) {
        if (integrityOffset < 0 || key == null || key.length == 0) {
            return false;
        }
        int adjustedLength = integrityOffset - offset - Stun.HEADER_LENGTH + ATTRIBUTE_HEADER + StunIntegrity.HMAC_LENGTH;
        Mac mac = StunIntegrity.hmac(key);
        mac.update(buffer, offset, 2);
        mac.update((byte) (adjustedLength >>> 8));
        mac.update((byte) adjustedLength);
        mac.update(buffer, offset + 4, integrityOffset - offset - 4);
        byte[] expected = mac.doFinal();
        int value = integrityOffset + ATTRIBUTE_HEADER;
        byte[] received = Arrays.copyOfRange(buffer, value, value + StunIntegrity.HMAC_LENGTH);
        return MessageDigest.isEqual(expected, received);
    }

    /** True if FINGERPRINT is present and matches; FINGERPRINT is always last, so the header length already fits. */
    public boolean verifyFingerprint() {
        if (fingerprintOffset < 0) {
            return false;
        }
        int expected = StunIntegrity.fingerprint(buffer, offset, fingerprintOffset - offset);
        return readInt(buffer, fingerprintOffset + ATTRIBUTE_HEADER) == expected;
    }

    private int indexOf(int attributeType) {
        for (int i = 0; i < attributeCount; i++) {
            if (types[i] == attributeType) {
                return i;
            }
        }
        return -1;
    }

    private int firstByteOfFourByteValue(int attributeType) {
        int index = indexOf(attributeType);
        if (index < 0 || valueLengths[index] != 4) {
            return -1;
        }
        return buffer[valueOffsets[index]] & 0xFF;
    }

    private InetSocketAddress decodeXorAddress(int index) {
        int value = valueOffsets[index];
        int valueLength = valueLengths[index];
        if (valueLength < 4) {
            return null;
        }
        int family = buffer[value + 1] & 0xFF;
        int port = readShort(buffer, value + 2) ^ (Stun.MAGIC_COOKIE >>> 16);
        byte[] address;
        if (family == Stun.FAMILY_IPV4 && valueLength == 8) {
            address = new byte[4];
        } else if (family == Stun.FAMILY_IPV6 && valueLength == 20) {
            address = new byte[16];
        } else {
            return null;
        }
        // The mask is the magic cookie followed by the transaction id: header bytes 4..20.
        for (int i = 0; i < address.length; i++) {
            address[i] = (byte) (buffer[value + 4 + i] ^ buffer[offset + 4 + i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            return null; // unreachable: the address has a legal length
        }
    }

    static int readShort(byte[] data, int at) {
        return ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
    }

    static int readInt(byte[] data, int at) {
        return ((data[at] & 0xFF) << 24) | ((data[at + 1] & 0xFF) << 16) | ((data[at + 2] & 0xFF) << 8)
                | (data[at + 3] & 0xFF);
    }
}
