package dev.rapport.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 over a plain socket, one request per connection: the hostile requests need what an HTTP
 * client library refuses to send (CR or LF inside a header value, a body larger than the server
 * takes, two Content-Length headers). The body is written while the answer is read, so that a
 * server refusing an oversized body early is still heard.
 */
final class RawHttp {

    /** The answer: status (0 when the server closed the connection without one), headers in lower case, body. */
    record Answer(int status, Map<String, String> headers, String body) {
        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    private static final int TIMEOUT_MILLIS = 15_000;
    private static final int MAX_ANSWER = 1 << 20;

    private RawHttp() {}

    /** headerLines are written as given, each followed by CRLF; Host and Connection: close are added. */
    static Answer send(String baseUrl, String method, String target, List<String> headerLines, byte[] body) throws IOException {
        URI base = URI.create(baseUrl);
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                .append("Connection: close\r\n");
        headerLines.forEach(line -> head.append(line).append("\r\n"));
        boolean declaresLength = headerLines.stream().anyMatch(h -> h.regionMatches(true, 0, "content-length:", 0, 15)
                || h.regionMatches(true, 0, "transfer-encoding:", 0, 18));
        if (body != null && !declaresLength) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");

        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            CompletableFuture<Void> writing = body == null || body.length == 0
                    ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.runAsync(() -> writeQuietly(out, body));
            if (body != null && body.length == 0) {
                out.flush();
            }
            byte[] answer = readAnswer(socket.getInputStream());
            writing.cancel(true);
            return parse(answer);
        }
    }

    private static void writeQuietly(OutputStream out, byte[] body) {
        try {
            for (int offset = 0; offset < body.length; offset += 65_536) {
                out.write(body, offset, Math.min(65_536, body.length - offset));
            }
            out.flush();
        } catch (IOException refusedEarly) {
            // the server answered and closed before taking the whole body: the answer is what counts
        }
    }

    private static byte[] readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0 && bytes.size() < MAX_ANSWER) {
                bytes.write(buffer, 0, n);
                if (complete(bytes.toByteArray())) {
                    break;
                }
            }
        } catch (SocketTimeoutException timeout) {
            if (bytes.size() == 0) {
                throw timeout;
            }
        } catch (IOException reset) {
            if (bytes.size() == 0) {
                return new byte[0];
            }
        }
        return bytes.toByteArray();
    }

    /** A head and, when it declares Content-Length, that many bytes of body. */
    private static boolean complete(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String length = headers(text.substring(0, end)).get("content-length");
        return length != null && bytes.length - end - 4 >= Long.parseLong(length.trim());
    }

    private static Answer parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            return new Answer(0, Map.of(), text);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        Map<String, String> headers = headers(text.substring(0, end));
        String body = text.substring(end + 4);
        return new Answer(status, headers, "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? dechunk(body) : body);
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size;
            try {
                size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (size == 0) {
                break;
            }
            // sizes count bytes; the bodies here are ASCII JSON
            int from = lineEnd + 2;
            body.append(chunked, from, Math.min(chunked.length(), from + size));
            at = from + size + 2;
        }
        return body.toString();
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> headers = new LinkedHashMap<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return headers;
    }
}
