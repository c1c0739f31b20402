package io.smartgrid.http.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 written and read by hand on a socket the test keeps, for what a client library would hide. */
final class RawHttp {

    private RawHttp() {
    }

    /**
     * Writes {@code request} on {@code socket} and reads one answer: its headers, and the body its Content-Length
     * announces; empty when the server closed the connection instead of answering.
     */
    static String exchange(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = headers.lines().filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15))
                .mapToInt(line -> Integer.parseInt(line.substring(15).trim())).findFirst().orElse(0);
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
