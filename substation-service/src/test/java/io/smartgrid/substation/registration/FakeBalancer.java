package io.smartgrid.substation.registration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Just enough of the balancer's registration API to watch a substation use it: it records every call and answers
 * 401 to a wrong token, and 404 to heartbeats while told to have forgotten the substation.
 */
final class FakeBalancer implements AutoCloseable {

    /** One call as it arrived. */
    record Call(String method, String path, String authorization, String body, String host) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final String token;
    private volatile boolean forgetful;

    private FakeBalancer(InetAddress address, int port, String token) throws IOException {
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress(address, port), 0);
        server.setExecutor(executor);
        server.createContext("/registrations", this::handle);
        server.start();
    }

    static FakeBalancer start(int port, String token) throws IOException {
        return new FakeBalancer(InetAddress.getLoopbackAddress(), port, token);
    }

    /** On one of the many loopback addresses (127.0.0.2, …), so that several can share a port. */
    static FakeBalancer start(InetAddress address, int port, String token) throws IOException {
        return new FakeBalancer(address, port, token);
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(String method) {
        return calls.stream().filter(call -> call.method().equals(method)).toList();
    }

    /** While true, heartbeats get 404, as from a balancer that restarted and lost its registrations. */
    void forgetful(boolean value) {
        forgetful = value;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String method = exchange.getRequestMethod();
        calls.add(new Call(method, exchange.getRequestURI().getPath(), authorization, body,
                exchange.getRequestHeaders().getFirst("Host")));
        int status;
        if (!("Bearer " + token).equals(authorization)) {
            status = 401;
        }
        else if (method.equals("POST")) {
            status = 201;
        }
        else if (method.equals("PUT")) {
            status = forgetful ? 404 : 200;
        }
        else {
            status = 204;
        }
        byte[] answer = status == 201 ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, status == 204 ? -1 : answer.length == 0 ? -1 : answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }
}
