package io.smartgrid.loadtester;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * A minimal grid on 127.0.0.1 ephemeral ports: {@code POST /charge} admits onto the least utilised substation
 * with headroom (503 grid-full otherwise), {@code DELETE /charge/{id}} releases, and a separate "balancer"
 * serves {@code GET /substations}. Faults can be switched on to see the tester notice them.
 */
final class FakeGrid implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<String, Double> capacities = new LinkedHashMap<>();

	private final Map<String, Double> loads = new HashMap<>();

	private final Map<String, Double> sessions = new HashMap<>();

	private final AtomicInteger charges = new AtomicInteger();

	private final AtomicInteger stops = new AtomicInteger();

	/** The minPowerKw of every charge request that carried one. */
	private final java.util.Queue<Double> minimums = new java.util.concurrent.ConcurrentLinkedQueue<>();

	private final ExecutorService executor = Executors.newFixedThreadPool(8);

	private final HttpServer chargeServer;

	private final HttpServer balancerServer;

	private volatile int failEvery;

	private volatile double reportedExtraKw;

	private long nextId;

	FakeGrid(Map<String, Double> substations) throws IOException {
		this.capacities.putAll(substations);
		substations.keySet().forEach((id) -> this.loads.put(id, 0.0));
		this.chargeServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.chargeServer.createContext("/charge", this::charge);
		this.chargeServer.setExecutor(this.executor);
		this.chargeServer.start();
		this.balancerServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.balancerServer.createContext("/substations", this::substations);
		this.balancerServer.setExecutor(this.executor);
		this.balancerServer.start();
	}

	String chargeUrl() {
		return "http://127.0.0.1:" + this.chargeServer.getAddress().getPort();
	}

	String balancerUrl() {
		return "http://127.0.0.1:" + this.balancerServer.getAddress().getPort();
	}

	/** Every n-th charge request answers 500, as a broken service would. */
	FakeGrid failingEvery(int n) {
		this.failEvery = n;
		return this;
	}

	/** The balancer reports every substation {@code kw} above its real load: an overshoot to catch. */
	FakeGrid reportingExtraLoad(double kw) {
		this.reportedExtraKw = kw;
		return this;
	}

	synchronized int activeSessions() {
		return this.sessions.size();
	}

	int stopsReceived() {
		return this.stops.get();
	}

	private void charge(HttpExchange exchange) throws IOException {
		try (exchange) {
			String method = exchange.getRequestMethod();
			String path = exchange.getRequestURI().getPath();
			if ("POST".equals(method) && "/charge".equals(path)) {
				JsonNode body = JSON.readTree(read(exchange.getRequestBody()));
				if (body.has("minPowerKw")) {
					this.minimums.add(body.get("minPowerKw").asDouble());
				}
				int n = this.charges.incrementAndGet();
				if (this.failEvery > 0 && n % this.failEvery == 0) {
					send(exchange, 500, "{\"type\":\"urn:smart-grid:problem:internal\",\"status\":500}");
					return;
				}
				admit(exchange, body.path("vehicleId").asString(), body.path("powerKw").asDouble(11));
			}
			else if ("DELETE".equals(method) && path.startsWith("/charge/")) {
				this.stops.incrementAndGet();
				Double power;
				synchronized (this) {
					String id = path.substring("/charge/".length());
					power = this.sessions.remove(id);
					if (power != null) {
						this.loads.merge(id.substring(0, id.indexOf('.')), -power, Double::sum);
					}
				}
				send(exchange, (power != null) ? 200 : 404, "{}");
			}
			else {
				send(exchange, 404, "{}");
			}
		}
	}

	private void admit(HttpExchange exchange, String vehicleId, double powerKw) throws IOException {
		String chosen;
		String sessionId;
		synchronized (this) {
			chosen = this.capacities.keySet()
				.stream()
				.filter((id) -> this.loads.get(id) + powerKw <= this.capacities.get(id))
				.min(Comparator.comparingDouble((String id) -> this.loads.get(id) / this.capacities.get(id)))
				.orElse(null);
			if (chosen == null) {
				sessionId = null;
			}
			else {
				sessionId = chosen + "." + (++this.nextId);
				this.loads.merge(chosen, powerKw, Double::sum);
				this.sessions.put(sessionId, powerKw);
			}
		}
		if (chosen == null) {
			exchange.getResponseHeaders().add("Retry-After", "5");
			send(exchange, 503, "{\"type\":\"urn:smart-grid:problem:grid-full\",\"status\":503}");
			return;
		}
		send(exchange, 201, JSON.createObjectNode()
			.put("sessionId", sessionId)
			.put("vehicleId", vehicleId)
			.put("substationId", chosen)
			.put("powerKw", powerKw)
			.put("status", "CHARGING")
			.toString());
	}

	private void substations(HttpExchange exchange) throws IOException {
		try (exchange) {
			ArrayNode array = JSON.createArrayNode();
			synchronized (this) {
				for (String id : this.capacities.keySet()) {
					double capacity = this.capacities.get(id);
					double load = this.loads.get(id) + this.reportedExtraKw;
					long active = this.sessions.keySet().stream().filter((s) -> s.startsWith(id + ".")).count();
					array.addObject()
						.put("id", id)
						.put("url", "http://127.0.0.1:1")
						.put("capacityKw", capacity)
						.put("loadKw", load)
						.put("activeSessions", active)
						.put("utilization", load / capacity)
						.put("healthy", true)
						.put("lastUpdated", "2026-11-21T08:00:00Z");
				}
			}
			send(exchange, 200, array.toString());
		}
	}

	private static String read(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.UTF_8);
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type",
				(status >= 400) ? "application/problem+json" : "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	static Map<String, Double> substations(Object... idsAndCapacities) {
		Map<String, Double> map = new LinkedHashMap<>();
		for (int i = 0; i < idsAndCapacities.length; i += 2) {
			map.put((String) idsAndCapacities[i], ((Number) idsAndCapacities[i + 1]).doubleValue());
		}
		return map;
	}

	java.util.List<Double> minimumsReceived() {
		return java.util.List.copyOf(this.minimums);
	}

	@Override
	public void close() {
		this.chargeServer.stop(0);
		this.balancerServer.stop(0);
		this.executor.shutdownNow();
	}

	List<String> substationIds() {
		return List.copyOf(this.capacities.keySet());
	}

}
