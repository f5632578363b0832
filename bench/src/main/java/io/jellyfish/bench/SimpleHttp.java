package io.jellyfish.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A blocking keep-alive HTTP/1.1 client over one socket, for the harness's own calls (the
 * start-up probe, creating and deleting the 10,000 rooms). Not thread-safe: one per thread.
 * Reconnects by itself when the server closed the connection.
 */
final class SimpleHttp implements Closeable {

    record Response(int status, String body) {
    }

    private final String host;
    private final int port;
    private final String token;
    private final int timeoutMillis;
    private final ResponseParser parser = new ResponseParser();
    private byte[] buf = new byte[8192];
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    SimpleHttp(String host, int port, String token, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.token = token;
        this.timeoutMillis = timeoutMillis;
    }

    Response get(String path) throws IOException {
        return send("GET", path, null);
    }

    Response post(String path, String json) throws IOException {
        return send("POST", path, json);
    }

    Response delete(String path) throws IOException {
        return send("DELETE", path, null);
    }

    Response send(String method, String path, String json) throws IOException {
        StringBuilder request = new StringBuilder(256)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Authorization: Bearer ").append(token).append("\r\n");
        byte[] body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            request.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        request.append("\r\n");
        if (socket == null) {
            open();
        }
        try {
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(method.equals("HEAD"));
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private Response read(boolean head) throws IOException {
        parser.reset();
        int len = 0;
        while (true) {
            if (len == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                throw new IOException("connection closed before a complete response");
            }
            len += n;
            int complete;
            try {
                complete = parser.parse(buf, len, head);
            } catch (ResponseParser.MalformedResponse e) {
                throw new IOException(e.getMessage(), e);
            }
            if (complete >= 0) {
                Response response = new Response(parser.status(), parser.bodyText());
                if (parser.connectionClose() || complete != len) {
                    close();
                }
                return response;
            }
        }
    }

    private void open() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            socket = null;
            in = null;
            out = null;
        }
    }

    /** The value of the first {@code "id"} string member of a JSON text, or null. */
    static String firstId(String json) {
        return firstString(json, "id");
    }

    /**
     * The value of the first string member named {@code name} of a JSON text, or null (the value
     * is taken up to the next quote: ids and tokens carry no escapes).
     */
    static String firstString(String json, String name) {
        String key = "\"" + name + "\"";
        int at = json.indexOf(key);
        while (at >= 0) {
            int i = at + key.length();
            while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
                i++;
            }
            if (i < json.length() && json.charAt(i) == ':') {
                i++;
                while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
                    i++;
                }
                if (i < json.length() && json.charAt(i) == '"') {
                    int end = json.indexOf('"', i + 1);
                    return end < 0 ? null : json.substring(i + 1, end);
                }
            }
            at = json.indexOf(key, at + 1);
        }
        return null;
    }
}
