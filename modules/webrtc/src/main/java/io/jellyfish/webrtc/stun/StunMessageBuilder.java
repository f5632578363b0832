package io.jellyfish.webrtc.stun;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Mac;

/**
 * Writes a STUN message attribute by attribute. The header length is kept current after every
 * attribute, so {@link #addMessageIntegrity} and {@link #addFingerprint} (in that order, last)
 * hash exactly what RFC 5389 §15.4/§15.5 prescribe. Padding is zero bytes.
 */
public final class StunMessageBuilder {
    private static final SecureRandom RANDOM = new SecureRandom();

    private byte[] buffer = new byte[128];
    private int position;
    private boolean fingerprinted;

    public StunMessageBuilder(int method, int messageClass, byte[] transactionId) {
        if (transactionId.length != Stun.TRANSACTION_ID_LENGTH) {
            throw new IllegalArgumentException("a transaction id has 12 bytes");
        }
        writeShort(0, Stun.messageType(method, messageClass));
        writeInt(4, Stun.MAGIC_COOKIE);
        System.arraycopy(transactionId, 0, buffer, 8, Stun.TRANSACTION_ID_LENGTH);
        position = Stun.HEADER_LENGTH;
    }

    /** A fresh random transaction id (unpredictable, so responses cannot be forged blindly). */
    public static byte[] newTransactionId() {
        byte[] id = new byte[Stun.TRANSACTION_ID_LENGTH];
        RANDOM.nextBytes(id);
        return id;
    }

    public StunMessageBuilder add(int attributeType, byte[] value) {
        return add(attributeType, value, 0, value.length);
    }

    public StunMessageBuilder add(int attributeType, byte[] value, int offset, int length) {
        int at = beginAttribute(attributeType, length);
        System.arraycopy(value, offset, buffer, at, length);
        return this;
    }

    public StunMessageBuilder addString(int attributeType, String value) {
        return add(attributeType, value.getBytes(StandardCharsets.UTF_8));
    }

    /** An attribute without a value (USE-CANDIDATE). */
    public StunMessageBuilder addFlag(int attributeType) {
        beginAttribute(attributeType, 0);
        return this;
    }

    public StunMessageBuilder addUInt32(int attributeType, long value) {
        writeInt(beginAttribute(attributeType, 4), (int) value);
        return this;
    }

    public StunMessageBuilder addUInt64(int attributeType, long value) {
        int at = beginAttribute(attributeType, 8);
        writeInt(at, (int) (value >>> 32));
        writeInt(at + 4, (int) value);
        return this;
    }

    /** REQUESTED-TRANSPORT, CHANNEL-NUMBER-like layouts: a value in the first byte(s), RFFU after. */
    public StunMessageBuilder addRequestedTransport(int protocol) {
        buffer[beginAttribute(Stun.ATTR_REQUESTED_TRANSPORT, 4)] = (byte) protocol;
        return this;
    }

    public StunMessageBuilder addRequestedAddressFamily(int family) {
        buffer[beginAttribute(Stun.ATTR_REQUESTED_ADDRESS_FAMILY, 4)] = (byte) family;
        return this;
    }

    public StunMessageBuilder addChannelNumber(int channel) {
        writeShort(beginAttribute(Stun.ATTR_CHANNEL_NUMBER, 4), channel);
        return this;
    }

    /** ERROR-CODE (RFC 5389 §15.6): class and number, then the reason phrase. */
    public StunMessageBuilder addErrorCode(int code, String reason) {
        byte[] phrase = reason.getBytes(StandardCharsets.UTF_8);
        int at = beginAttribute(Stun.ATTR_ERROR_CODE, 4 + phrase.length);
        buffer[at + 2] = (byte) (code / 100);
        buffer[at + 3] = (byte) (code % 100);
        System.arraycopy(phrase, 0, buffer, at + 4, phrase.length);
        return this;
    }

    public StunMessageBuilder addUnknownAttributes(int... attributeTypes) {
        int at = beginAttribute(Stun.ATTR_UNKNOWN_ATTRIBUTES, 2 * attributeTypes.length);
        for (int i = 0; i < attributeTypes.length; i++) {
            writeShort(at + 2 * i, attributeTypes[i]);
        }
        return this;
    }

    /** XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS (RFC 5389 §15.2). */
    public StunMessageBuilder addXorAddress(int attributeType, InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        int at = beginAttribute(attributeType, 4 + ip.length);
        buffer[at + 1] = (byte) (ip.length == 4 ? Stun.FAMILY_IPV4 : Stun.FAMILY_IPV6);
        writeShort(at + 2, address.getPort() ^ (Stun.MAGIC_COOKIE >>> 16));
        for (int i = 0; i < ip.length; i++) {
            buffer[at + 4 + i] = (byte) (ip[i] ^ buffer[4 + i]); // cookie, then transaction id
        }
        return this;
    }

    /** MESSAGE-INTEGRITY over everything written so far; only FINGERPRINT may follow. */
    public StunMessageBuilder addMessageIntegrity(byte[] key) {
        int at = beginAttribute(Stun.ATTR_MESSAGE_INTEGRITY, StunIntegrity.HMAC_LENGTH);
        Mac mac = StunIntegrity.hmac(key);
        mac.update(buffer, 0, at - 4);
        byte[] hmac = mac.doFinal();
        System.arraycopy(hmac, 0, buffer, at, hmac.length);
        return this;
    }

    /** FINGERPRINT, which must be the last attribute. */
    public StunMessageBuilder addFingerprint() {
        int at = beginAttribute(Stun.ATTR_FINGERPRINT, 4);
        writeInt(at, StunIntegrity.fingerprint(buffer, 0, at - 4));
        fingerprinted = true;
        return this;
    }

    public byte[] build() {
        return Arrays.copyOf(buffer, position);
    }

    /** Reserves an attribute, updates the header length and returns the value offset. */
    private int beginAttribute(int attributeType, int valueLength) {
        if (fingerprinted) {
            throw new IllegalStateException("FINGERPRINT must be the last attribute");
        }
        if (valueLength > 0xFFFF) {
            throw new IllegalArgumentException("attribute value longer than 65535 bytes");
        }
        int padded = (valueLength + 3) & ~3;
        int end = position + 4 + padded;
        if (end - Stun.HEADER_LENGTH > 0xFFFF) {
            throw new IllegalArgumentException("message longer than 65535 bytes");
        }
        if (end > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(end, buffer.length * 2));
        }
        writeShort(position, attributeType);
        writeShort(position + 2, valueLength);
        Arrays.fill(buffer, position + 4, end, (byte) 0);
        int valueOffset = position + 4;
        position = end;
        writeShort(2, position - Stun.HEADER_LENGTH);
        return valueOffset;
    }

    private void writeShort(int at, int value) {
        buffer[at] = (byte) (value >>> 8);
        buffer[at + 1] = (byte) value;
    }

    private void writeInt(int at, int value) {
        buffer[at] = (byte) (value >>> 24);
        buffer[at + 1] = (byte) (value >>> 16);
        buffer[at + 2] = (byte) (value >>> 8);
        buffer[at + 3] = (byte) value;
    }
}
