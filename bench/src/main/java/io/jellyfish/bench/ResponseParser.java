package io.jellyfish.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal HTTP/1.1 response parser for the load driver: status line, the three headers that
 * frame a response on a persistent connection (Content-Length, Transfer-Encoding: chunked,
 * Connection: close), and the body. It never allocates for Content-Length bodies (the body stays
 * in the caller's buffer) and copies only chunked bodies into a reusable scratch array.
 *
 * <p>Use: append received bytes to a buffer, call {@link #parse} with the buffer and the number
 * of bytes in it; it returns the length of the complete response at the start of the buffer, or
 * -1 when more bytes are needed. After a complete response, {@link #status()}, {@link #body()},
 * {@link #bodyOffset()}, {@link #bodyLength()} and {@link #connectionClose()} describe it until
 * the next call of {@link #reset()} (which the caller makes before parsing the next response).
 */
final class ResponseParser {

    /** Thrown for bytes that are not an HTTP/1.x response this parser can frame. */
    static final class MalformedResponse extends Exception {
        MalformedResponse(String message) {
            super(message);
        }
    }

    private int headerEnd = -1;   // index just after the CRLFCRLF, -1 while the headers are incomplete
    private int scanFrom;         // where the search for CRLFCRLF resumes
    private int status;
    private long contentLength;
    private boolean chunked;
    private boolean close;
    private boolean noBody;

    // chunked decoding state
    private int chunkPos;         // next chunk-size line
    private boolean chunksDone;   // the last chunk was seen; trailers follow
    private byte[] scratch = new byte[1024];
    private int scratchLen;

    // the body of the complete response
    private byte[] body;
    private int bodyOffset;
    private int bodyLength;

    /** Forgets everything about the previous response. */
    void reset() {
        headerEnd = -1;
        scanFrom = 0;
        status = 0;
        contentLength = -1;
        chunked = false;
        close = false;
        noBody = false;
        chunkPos = 0;
        chunksDone = false;
        scratchLen = 0;
        body = null;
        bodyOffset = 0;
        bodyLength = 0;
    }

    ResponseParser() {
        reset();
    }

    /**
     * @param buf     received bytes, the response starting at index 0
     * @param len     how many bytes of {@code buf} are valid
     * @param head    whether the request was HEAD (no body whatever the headers say)
     * @return the length of the complete response, or -1 when more bytes are needed
     */
    int parse(byte[] buf, int len, boolean head) throws MalformedResponse {
        if (headerEnd < 0) {
            int end = indexOfCrlfCrlf(buf, Math.max(0, scanFrom - 3), len);
            if (end < 0) {
                scanFrom = len;
                if (len > 64 * 1024) {
                    throw new MalformedResponse("response headers longer than 64 KiB");
                }
                return -1;
            }
            headerEnd = end + 4;
            parseHead(buf, headerEnd);
            noBody = head || status == 204 || status == 304 || (status >= 100 && status < 200);
            if (!noBody && !chunked && contentLength < 0) {
                throw new MalformedResponse("response " + status + " has neither Content-Length nor chunked"
                        + " encoding: cannot keep the connection alive");
            }
            chunkPos = headerEnd;
        }
        if (noBody) {
            body = buf;
            bodyOffset = headerEnd;
            bodyLength = 0;
            return headerEnd;
        }
        if (!chunked) {
            long total = headerEnd + contentLength;
            if (len < total) {
                return -1;
            }
            body = buf;
            bodyOffset = headerEnd;
            bodyLength = (int) contentLength;
            return (int) total;
        }
        return parseChunks(buf, len);
    }

    private void parseHead(byte[] buf, int end) throws MalformedResponse {
        // HTTP/1.1 200 OK
        if (end < 12 || buf[0] != 'H' || buf[1] != 'T' || buf[2] != 'T' || buf[3] != 'P' || buf[4] != '/'
                || buf[8] != ' ') {
            throw new MalformedResponse("not an HTTP/1.x status line: " + printable(buf, 0, Math.min(end, 40)));
        }
        int s = 0;
        for (int i = 9; i < 12; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                throw new MalformedResponse("bad status code: " + printable(buf, 0, Math.min(end, 40)));
            }
            s = s * 10 + d;
        }
        status = s;
        boolean http10 = buf[7] == '0';
        close = http10; // HTTP/1.0 closes unless it says keep-alive
        int line = indexOfCrlf(buf, 0, end) + 2;
        while (line < end - 2) {
            int eol = indexOfCrlf(buf, line, end);
            int colon = indexOf(buf, (byte) ':', line, eol);
            if (colon > line) {
                int nameLen = colon - line;
                int v = colon + 1;
                while (v < eol && (buf[v] == ' ' || buf[v] == '\t')) {
                    v++;
                }
                if (nameLen == 14 && equalsIgnoreCase(buf, line, "content-length")) {
                    long n = 0;
                    for (int i = v; i < eol && buf[i] >= '0' && buf[i] <= '9'; i++) {
                        n = n * 10 + (buf[i] - '0');
                    }
                    contentLength = n;
                } else if (nameLen == 17 && equalsIgnoreCase(buf, line, "transfer-encoding")) {
                    chunked = containsIgnoreCase(buf, v, eol, "chunked");
                } else if (nameLen == 10 && equalsIgnoreCase(buf, line, "connection")) {
                    if (containsIgnoreCase(buf, v, eol, "close")) {
                        close = true;
                    } else if (containsIgnoreCase(buf, v, eol, "keep-alive")) {
                        close = false;
                    }
                }
            }
            line = eol + 2;
        }
    }

    private int parseChunks(byte[] buf, int len) throws MalformedResponse {
        while (!chunksDone) {
            int eol = indexOfCrlf(buf, chunkPos, len);
            if (eol < 0) {
                return -1;
            }
            long size = 0;
            int digits = 0;
            for (int i = chunkPos; i < eol; i++) {
                int d = Character.digit(buf[i], 16);
                if (d < 0) {
                    break; // chunk extension or whitespace
                }
                size = size * 16 + d;
                digits++;
                if (size > Integer.MAX_VALUE / 2) {
                    throw new MalformedResponse("chunk too large");
                }
            }
            if (digits == 0) {
                throw new MalformedResponse("bad chunk size line: " + printable(buf, chunkPos, eol));
            }
            if (size == 0) {
                chunksDone = true;
                chunkPos = eol + 2;
                break;
            }
            int dataStart = eol + 2;
            long dataEnd = dataStart + size;
            if (len < dataEnd + 2) {
                return -1;
            }
            append(buf, dataStart, (int) size);
            chunkPos = (int) dataEnd + 2;
        }
        // trailers: header lines until an empty line
        while (true) {
            int eol = indexOfCrlf(buf, chunkPos, len);
            if (eol < 0) {
                return -1;
            }
            if (eol == chunkPos) {
                body = scratch;
                bodyOffset = 0;
                bodyLength = scratchLen;
                return eol + 2;
            }
            chunkPos = eol + 2;
        }
    }

    private void append(byte[] src, int off, int n) {
        if (scratchLen + n > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, scratchLen + n));
        }
        System.arraycopy(src, off, scratch, scratchLen, n);
        scratchLen += n;
    }

    int status() {
        return status;
    }

    boolean connectionClose() {
        return close;
    }

    byte[] body() {
        return body;
    }

    int bodyOffset() {
        return bodyOffset;
    }

    int bodyLength() {
        return bodyLength;
    }

    String bodyText() {
        return body == null ? "" : new String(body, bodyOffset, bodyLength, StandardCharsets.UTF_8);
    }

    /**
     * Finds the first JSON string member named {@code name} in the body ({@code "name" : "value"})
     * and returns the value's offset in {@link #body()} and its length packed as
     * {@code (offset << 32) | length}, or -1. No unescaping: meant for ids.
     */
    long findStringMember(byte[] quotedName) {
        byte[] b = body;
        int end = bodyOffset + bodyLength;
        int from = bodyOffset;
        while (true) {
            int at = indexOf(b, quotedName, from, end);
            if (at < 0) {
                return -1;
            }
            int i = at + quotedName.length;
            while (i < end && isJsonSpace(b[i])) {
                i++;
            }
            if (i < end && b[i] == ':') {
                i++;
                while (i < end && isJsonSpace(b[i])) {
                    i++;
                }
                if (i < end && b[i] == '"') {
                    int start = i + 1;
                    int close = indexOf(b, (byte) '"', start, end);
                    if (close < 0) {
                        return -1;
                    }
                    return ((long) start << 32) | (close - start);
                }
            }
            from = at + 1;
        }
    }

    private static boolean isJsonSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    static int indexOfCrlfCrlf(byte[] b, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (b[i + 3] == '\n' && b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r') {
                return i;
            }
        }
        return -1;
    }

    static int indexOfCrlf(byte[] b, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    static int indexOf(byte[] b, byte[] needle, int from, int to) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean equalsIgnoreCase(byte[] b, int off, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            int c = b[off + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsIgnoreCase(byte[] b, int from, int to, String lower) {
        for (int i = from; i + lower.length() <= to; i++) {
            if (equalsIgnoreCase(b, i, lower)) {
                return true;
            }
        }
        return false;
    }

    static String printable(byte[] b, int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to; i++) {
            char c = (char) (b[i] & 0xff);
            if (c == '\r') {
                s.append("\\r");
            } else if (c == '\n') {
                s.append("\\n");
            } else if (c < 32 || c > 126) {
                s.append('.');
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }
}
