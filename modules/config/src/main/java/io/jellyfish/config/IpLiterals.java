package io.jellyfish.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses IP address literals the way Jellyfish 0.5.0 does (Erlang's {@code inet:parse_address}),
 * without ever asking a resolver: a host name is simply not a literal.
 *
 * <p>IPv4 follows {@code inet_aton}: one to four dot-separated fields, the last one filling
 * the remaining low-order bytes ({@code 127.1} is 127.0.0.1); each field is decimal, octal with
 * a leading {@code 0}, or hexadecimal with {@code 0x}. IPv6 follows RFC 4291, with at most one
 * {@code ::} and an optional dotted IPv4 tail. Zone ids ({@code fe80::1%eth0}) are not accepted.
 */
final class IpLiterals {
    private IpLiterals() {}

    /** The 4 or 16 address bytes, or {@code null} when the text is not an IP literal. */
    static byte[] parse(String text) {
        byte[] v4 = ipv4(text);
        return v4 != null ? v4 : ipv6(text);
    }

    static byte[] ipv4(String text) {
        String[] fields = text.split("\\.", -1);
        if (fields.length > 4) {
            return null;
        }
        long[] values = new long[fields.length];
        for (int i = 0; i < fields.length; i++) {
            values[i] = inetAtonField(fields[i]);
            if (values[i] < 0) {
                return null;
            }
        }
        int last = fields.length - 1;
        for (int i = 0; i < last; i++) {
            if (values[i] > 0xff) {
                return null;
            }
        }
        int lastFieldBits = 8 * (4 - last);
        if (values[last] >= 1L << lastFieldBits) {
            return null;
        }
        long address = 0;
        for (int i = 0; i < last; i++) {
            address = (address << 8) | values[i];
        }
        address = (address << lastFieldBits) | values[last];
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    /** One inet_aton field, or -1. Digit counts are capped like Erlang's so a value cannot overflow. */
    private static long inetAtonField(String field) {
        int radix;
        String digits;
        int maxDigits;
        if (field.startsWith("0x") || field.startsWith("0X")) {
            radix = 16;
            digits = field.substring(2);
            maxDigits = 8;
        } else if (field.startsWith("0")) {
            radix = 8;
            digits = field;
            maxDigits = 12;
        } else {
            radix = 10;
            digits = field;
            maxDigits = 10;
        }
        if (digits.isEmpty() || digits.length() > maxDigits) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = asciiDigit(digits.charAt(i), radix);
            if (digit < 0) {
                return -1;
            }
            value = value * radix + digit;
        }
        return value;
    }

    static byte[] ipv6(String text) {
        int gap = text.indexOf("::");
        if (text.indexOf(':') < 0 || (gap >= 0 && text.indexOf("::", gap + 1) >= 0)) {
            return null;
        }
        int[] words = new int[8];
        if (gap < 0) {
            List<Integer> all = groups(text, true);
            if (all == null || all.size() != 8) {
                return null;
            }
            copy(all, words, 0);
        } else {
            List<Integer> head = groups(text.substring(0, gap), false);
            List<Integer> tail = groups(text.substring(gap + 2), true);
            // "::" stands for at least one zero group.
            if (head == null || tail == null || head.size() + tail.size() > 7) {
                return null;
            }
            copy(head, words, 0);
            copy(tail, words, 8 - tail.size());
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (byte) (words[i] >>> 8);
            bytes[2 * i + 1] = (byte) words[i];
        }
        return bytes;
    }

    /** Colon-separated 16-bit groups; a dotted IPv4 tail counts as two. Empty text has none. */
    private static List<Integer> groups(String text, boolean ipv4TailAllowed) {
        List<Integer> groups = new ArrayList<>();
        if (text.isEmpty()) {
            return groups;
        }
        String[] parts = text.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (ipv4TailAllowed && i == parts.length - 1 && part.indexOf('.') >= 0) {
                byte[] v4 = strictDottedQuad(part);
                if (v4 == null) {
                    return null;
                }
                groups.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
                groups.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
            } else {
                int group = hexGroup(part);
                if (group < 0) {
                    return null;
                }
                groups.add(group);
            }
        }
        return groups;
    }

    private static int hexGroup(String part) {
        if (part.isEmpty() || part.length() > 4) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < part.length(); i++) {
            int digit = asciiDigit(part.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    /** Four decimal octets without leading zeros: the only IPv4 form allowed inside IPv6. */
    private static byte[] strictDottedQuad(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String octet = octets[i];
            if (octet.isEmpty() || octet.length() > 3 || (octet.length() > 1 && octet.charAt(0) == '0')) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < octet.length(); j++) {
                int digit = asciiDigit(octet.charAt(j), 10);
                if (digit < 0) {
                    return null;
                }
                value = value * 10 + digit;
            }
            if (value > 0xff) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static void copy(List<Integer> from, int[] to, int offset) {
        for (int i = 0; i < from.size(); i++) {
            to[offset + i] = from.get(i);
        }
    }

    /** Only ASCII digits count: {@link Character#digit} would also accept e.g. Arabic-Indic ones. */
    static int asciiDigit(char c, int radix) {
        int digit;
        if (c >= '0' && c <= '9') {
            digit = c - '0';
        } else if (c >= 'a' && c <= 'z') {
            digit = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'Z') {
            digit = c - 'A' + 10;
        } else {
            return -1;
        }
        return digit < radix ? digit : -1;
    }
}
