package io.smartgrid.balancer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Just enough of the substation contract to put the balancer through its paces: admission against capacity and
 * against the ceiling a start may carry, versioned load reports, problems with a {@code load}, and switches to
 * misbehave (always full, refusing every ceiling, failing, stopping, hanging, admitting then hanging).
 */
final class FakeSubstation implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String id;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-substation");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Map<String, Object>> sessions = new LinkedHashMap<>();
    private final AtomicInteger startCalls = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private double capacityKw;
    private double loadKw;
    private long version = System.currentTimeMillis() * 1000;
    private volatile boolean alwaysFull;
    private volatile boolean alwaysAboveCeiling;
    /** The {@code ceiling} of every start received, in order; {@code null} where none was sent. */
    private final List<Double> ceilings = new CopyOnWriteArrayList<>();
    private volatile boolean failing;
    private volatile boolean stopping;
    private volatile boolean hanging;
    private volatile boolean draining;
    private volatile boolean admitsThenHangs;
    private volatile boolean lookupsHang;
    private final List<String> deletes = new CopyOnWriteArrayList<>();

    private FakeSubstation(String id, double capacityKw) throws IOException {
        this.id = id;
        this.capacityKw = capacityKw;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/load", exchange -> respond(exchange, 200, "application/json", loadJson()));
        server.createContext("/sessions", this::sessions);
        server.start();
    }

    /** Makes {@code fakes}, in this order, the balancer's configured substations. */
    static void configure(DynamicPropertyRegistry registry, List<FakeSubstation> fakes) {
        for (int i = 0; i < fakes.size(); i++) {
            FakeSubstation fake = fakes.get(i);
            registry.add("grid.balancer.substations[" + i + "].id", fake::id);
            registry.add("grid.balancer.substations[" + i + "].url", () -> fake.url().toString());
        }
    }

    static FakeSubstation start(String id, double capacityKw) {
        try {
            return new FakeSubstation(id, capacityKw);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    String id() {
        return id;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Back to an empty, well-behaved substation of the given capacity. */
    synchronized void reset(double capacityKw) {
        this.capacityKw = capacityKw;
        sessions.clear();
        loadKw = 0;
        version++;
        alwaysFull = false;
        alwaysAboveCeiling = false;
        ceilings.clear();
        failing = false;
        stopping = false;
        hanging = false;
        draining = false;
        admitsThenHangs = false;
        lookupsHang = false;
        deletes.clear();
        startCalls.set(0);
    }

    /** Load that was already there, as if other balancers had placed it. */
    synchronized void preload(double kw) {
        loadKw += kw;
        version++;
    }

    void alwaysFull(boolean value) {
        alwaysFull = value;
    }

    /** Refuses every start that carries a ceiling as above it, whatever its load; admits the others. */
    void alwaysAboveCeiling(boolean value) {
        alwaysAboveCeiling = value;
    }

    /** The ceiling of every start received, in order, {@code null} where none was sent. */
    List<Double> ceilings() {
        return new ArrayList<>(ceilings);
    }

    void failing(boolean value) {
        failing = value;
    }

    /** Refuses every start as a stopping substation's gate does, before any handler: {@code 503 grid-unavailable}. */
    void stopping(boolean value) {
        stopping = value;
    }

    void hanging(boolean value) {
        hanging = value;
    }

    /** Reports {@code "draining": true} in its load, as a substation that takes no new sessions does. */
    synchronized void draining(boolean value) {
        draining = value;
        version++;
    }

    /** Admits every session that fits, then never answers: the admission happens, the reply is lost. */
    void admitsThenHangs(boolean value) {
        admitsThenHangs = value;
    }

    /** Never answers a {@code GET} or {@code DELETE} of a session, as a hung (stopped) process would not. */
    void lookupsHang(boolean value) {
        lookupsHang = value;
    }

    /** The session ids of every {@code DELETE /sessions/{id}} received, in order. */
    List<String> deletes() {
        return List.copyOf(deletes);
    }

    /** The ids of the sessions charging now. */
    synchronized List<String> sessionIds() {
        return List.copyOf(sessions.keySet());
    }

    int startCalls() {
        return startCalls.get();
    }

    synchronized double loadKw() {
        return loadKw;
    }

    @Override
    public void close() {
        if (closed.getCount() > 0) {
            closed.countDown();
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void sessions(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/sessions") && method.equals("POST")) {
            start(exchange);
            return;
        }
        String sessionId = path.substring("/sessions/".length());
        if (method.equals("DELETE")) {
            deletes.add(sessionId);
        }
        if (lookupsHang) {
            awaitClose();
            return;
        }
        synchronized (this) {
            Map<String, Object> session = sessions.get(sessionId);
            if (session == null) {
                respond(exchange, 404, "application/problem+json", problem("session-not-found", 404));
                return;
            }
            if (method.equals("DELETE")) {
                sessions.remove(sessionId);
                loadKw -= (double) session.get("powerKw");
                version++;
                session.put("status", "STOPPED");
                session.put("endedAt", Instant.now().toString());
            }
            respond(exchange, 200, "application/json", reply(session));
        }
    }

    private void start(HttpExchange exchange) throws IOException {
        startCalls.incrementAndGet();
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        JsonNode sent = body.get("ceiling");
        Double ceiling = sent == null || sent.isNull() ? null : sent.asDouble();
        ceilings.add(ceiling);
        if (hanging) {
            awaitClose();
            return;
        }
        if (failing) {
            respond(exchange, 500, "application/json", "{}");
            return;
        }
        if (stopping) {
            respond(exchange, 503, "application/problem+json",
                    "{\"type\":\"urn:smart-grid:problem:grid-unavailable\",\"title\":\"Grid unavailable\",\"status\":503}");
            return;
        }
        double powerKw = body.get("powerKw").asDouble();
        synchronized (this) {
            if (alwaysFull || loadKw + powerKw > capacityKw) {
                respond(exchange, 409, "application/problem+json", problem("substation-full", 409));
                return;
            }
            if (ceiling != null
                    && (alwaysAboveCeiling || (loadKw + powerKw) / capacityKw > ceiling + 1e-9)) {
                respond(exchange, 409, "application/problem+json", problem("above-ceiling", 409));
                return;
            }
            Map<String, Object> session = new LinkedHashMap<>();
            JsonNode requested = body.get("sessionId");
            session.put("sessionId", requested != null && !requested.isNull() ? requested.asString()
                    : id + "." + UUID.randomUUID());
            session.put("vehicleId", body.get("vehicleId").asString());
            session.put("substationId", id);
            session.put("powerKw", powerKw);
            session.put("energyKwh", body.get("energyKwh").asDouble());
            session.put("deliveredKwh", 0.0);
            session.put("status", "CHARGING");
            session.put("startedAt", Instant.now().toString());
            session.put("endedAt", null);
            sessions.put((String) session.get("sessionId"), session);
            loadKw += powerKw;
            version++;
            if (!admitsThenHangs) {
                respond(exchange, 201, "application/json", reply(session));
                return;
            }
        }
        awaitClose();
    }

    private void awaitClose() {
        try {
            // Never answers while the test runs; only closing the fake lets the handler go.
            closed.await(60, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Map<String, Object> load() {
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("substationId", id);
        load.put("capacityKw", capacityKw);
        load.put("loadKw", loadKw);
        load.put("activeSessions", sessions.size());
        load.put("version", version);
        load.put("timestamp", Instant.now().toString());
        if (draining) {
            load.put("draining", true);
        }
        return load;
    }

    private String loadJson() {
        return JSON.writeValueAsString(load());
    }

    private String reply(Map<String, Object> session) {
        return JSON.writeValueAsString(Map.of("session", session, "load", load()));
    }

    private String problem(String type, int status) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:smart-grid:problem:" + type);
        problem.put("status", status);
        problem.put("load", load());
        return JSON.writeValueAsString(problem);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
