package io.smartgrid.charge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load balancer's internal session API as the architecture document describes it, served on
 * 127.0.0.1 from an ephemeral port. Vehicle ids steer it: {@code FULL-*} gets a grid-full 503 with
 * {@code Retry-After: 9}, {@code SLOW-*} never gets an answer (until the fake is closed).
 */
final class FakeBalancer implements AutoCloseable {

    record Received(String method, String path, String contentType, String body) {
    }

    private final JsonMapper json = JsonMapper.shared();
    private final Map<String, Map<String, Object>> sessions = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch hang = new CountDownLatch(1);
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpServer server;

    private FakeBalancer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/sessions", this::handle);
        server.start();
    }

    static FakeBalancer start() {
        try {
            return new FakeBalancer();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Received> received() {
        return received;
    }

    /** The ids of every session started here, in no particular order. */
    Set<String> sessionIds() {
        return Set.copyOf(sessions.keySet());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            received.add(new Received(method, path, exchange.getRequestHeaders().getFirst("Content-Type"), body));
            if (method.equals("POST") && path.equals("/sessions")) {
                start(exchange, json.readTree(body));
                return;
            }
            String id = path.substring("/sessions/".length());
            Map<String, Object> session = sessions.get(id);
            if (session == null) {
                problem(exchange, 404, "session-not-found");
            }
            else if (method.equals("GET")) {
                send(exchange, 200, "application/json", session);
            }
            else if (method.equals("DELETE")) {
                session.put("status", "STOPPED");
                session.put("endedAt", Instant.now().toString());
                send(exchange, 200, "application/json", session);
            }
            else {
                problem(exchange, 405, "invalid-request");
            }
        }
    }

    private void start(HttpExchange exchange, JsonNode request) throws IOException {
        String vehicleId = request.path("vehicleId").asString();
        if (vehicleId.startsWith("FULL-")) {
            exchange.getResponseHeaders().set("Retry-After", "9");
            problem(exchange, 503, "grid-full");
            return;
        }
        if (vehicleId.startsWith("SLOW-")) {
            try {
                hang.await(60, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        // As the balancer does: the session is <substationId>.<requestId>, the caller's id when it sent one.
        String requestId = request.path("requestId").asString("");
        String id = "substation-1." + (requestId.isEmpty() ? UUID.randomUUID() : requestId);
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("sessionId", id);
        session.put("vehicleId", vehicleId);
        session.put("substationId", "substation-1");
        session.put("powerKw", request.path("powerKw").asDouble());
        session.put("energyKwh", request.path("energyKwh").asDouble());
        session.put("deliveredKwh", 0.0);
        session.put("status", "CHARGING");
        session.put("startedAt", Instant.now().toString());
        session.put("endedAt", null);
        sessions.put(id, session);
        send(exchange, 201, "application/json", session);
    }

    private void problem(HttpExchange exchange, int status, String type) throws IOException {
        send(exchange, status, "application/problem+json",
                Map.of("type", "urn:smart-grid:problem:" + type, "status", status, "title", type));
    }

    private void send(HttpExchange exchange, int status, String contentType, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        hang.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
