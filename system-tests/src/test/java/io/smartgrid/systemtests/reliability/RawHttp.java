package io.smartgrid.systemtests.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection. Unlike an HTTP client library it sends whatever it is
 * given: paths with broken escapes, NULs, any header, any body.
 */
final class RawHttp {

    /**
     * A request exactly as it goes on the wire (the path is sent unencoded and unchecked). {@code rawHeaders} are
     * header lines sent as they are, duplicates and malformed ones included; one that sets {@code Content-Length} or
     * {@code Transfer-Encoding} replaces the {@code Content-Length} otherwise added.
     */
    record Request(String method, String path, Map<String, String> headers, byte[] body, List<String> rawHeaders) {

        Request(String method, String path, Map<String, String> headers, byte[] body) {
            this(method, path, headers, body, List.of());
        }

        String describe() {
            String shown = body.length > 80 ? new String(body, 0, 80, StandardCharsets.UTF_8) + "…(" + body.length + " bytes)"
                    : new String(body, StandardCharsets.UTF_8);
            String raw = rawHeaders.stream().map(line -> line.length() > 60 ? line.substring(0, 60) + "…" : line)
                    .toList().toString();
            return method + " " + path + " " + headers + (rawHeaders.isEmpty() ? "" : " " + raw) + " " + shown;
        }
    }

    /** The answer: status, headers (lower-case names) and the de-chunked body. */
    record Response(int status, Map<String, String> headers, String body) {

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    private RawHttp() {
    }

    static Response send(String baseUrl, Request request) {
        URI base = URI.create(baseUrl);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 2000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder()
                    .append(request.method()).append(' ').append(request.path()).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                    .append("Connection: close\r\n");
            request.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            request.rawHeaders().forEach(line -> head.append(line).append("\r\n"));
            boolean framed = request.rawHeaders().stream().map(line -> line.toLowerCase(Locale.ROOT))
                    .anyMatch(line -> line.startsWith("content-length:") || line.startsWith("transfer-encoding:"));
            if (!framed && (request.body().length > 0 || request.method().equals("POST") || request.method().equals("PUT"))) {
                head.append("Content-Length: ").append(request.body().length).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            try {
                out.write(request.body());
                out.flush();
            }
            catch (IOException ex) {
                // A server that refuses a large body may close before reading it; its answer is still there.
            }
            return read(socket.getInputStream());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("no answer to " + request.describe(), ex);
        }
    }

    private static Response read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("incomplete response: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, at);
            if (lineEnd < 0) {
                break;
            }
            String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeLine, 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
