package io.smartgrid.loadtester.grid;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Talks to the grid's public API only: {@code /charge} on the charge-request service and
 * {@code GET /substations} on the balancer. One shared {@link HttpClient}, so connections are reused across
 * the whole run; every request carries its own timeout so a hung server shows up as a transport error
 * instead of stalling the run.
 */
public final class GridClient implements AutoCloseable {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	/** What every problem type of the grid's begins with; the rest is its name. */
	private static final String PROBLEM_TYPE_PREFIX = "urn:smart-grid:problem:";

	private final URI chargeUrl;

	private final URI substationsUrl;

	private final Duration requestTimeout;

	private final ExecutorService executor;

	private final HttpClient http;

	public GridClient(URI baseUrl, URI balancerUrl, Duration connectTimeout, Duration requestTimeout) {
		this.chargeUrl = resolve(baseUrl, "charge");
		this.substationsUrl = resolve(balancerUrl, "substations");
		this.requestTimeout = requestTimeout;
		// Daemon threads, so an interrupted run never keeps the JVM alive waiting on a stuck response.
		AtomicInteger threads = new AtomicInteger();
		this.executor = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "grid-http-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		// HTTP/1.1 explicitly: the grid serves plain http, and an h2c upgrade attempt would only add noise.
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(connectTimeout)
			.executor(this.executor)
			.build();
	}

	private static URI resolve(URI base, String path) {
		String text = base.toString();
		return URI.create(text.endsWith("/") ? text + path : text + "/" + path);
	}

	/** Asks for a session; never completes exceptionally, failures become {@link Outcome}s. */
	public CompletableFuture<ChargeResult> charge(ChargeRequest request) {
		return charge(request, false);
	}

	/**
	 * Asks for a session, and with {@code mayWait} to wait on a waitlist ({@code Prefer: respond-async}, answered
	 * {@code 202}) when no substation can take the car's minimum now; never completes exceptionally.
	 */
	public CompletableFuture<ChargeResult> charge(ChargeRequest request, boolean mayWait) {
		ObjectNode body = JSON.createObjectNode()
			.put("vehicleId", request.vehicleId())
			.put("powerKw", request.powerKw())
			.put("energyKwh", request.energyKwh());
		if (request.minPowerKw() != null) {
			body.put("minPowerKw", request.minPowerKw());
		}
		if (request.departureAt() != null) {
			body.put("departureAt", request.departureAt().toString());
		}
		HttpRequest.Builder http = HttpRequest.newBuilder(this.chargeUrl)
			.timeout(this.requestTimeout)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, application/problem+json")
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()));
		if (mayWait) {
			http.header("Prefer", "respond-async");
		}
		return this.http.sendAsync(http.build(), BodyHandlers.ofString())
			.thenApply(GridClient::toChargeResult)
			.exceptionally((ex) -> ChargeResult.transportError());
	}

	private static ChargeResult toChargeResult(HttpResponse<String> response) {
		JsonNode body = parse(response.body());
		Outcome outcome = Outcome.ofStatus(response.statusCode(), problem(body));
		if (!outcome.hasSession()) {
			return new ChargeResult(outcome, response.statusCode(), null, null);
		}
		return new ChargeResult(outcome, response.statusCode(), text(body, "sessionId"), text(body, "substationId"));
	}

	/**
	 * Opens a connection to both services and loads the HTTP stack before the clock starts, so the first real
	 * requests do not pay for class loading and connection setup (which would show up as latency of the grid).
	 * Asks for a session that cannot exist, so the grid's state is untouched; any failure is ignored here and
	 * will show up in the run itself.
	 */
	public void warmUp() {
		HttpRequest probe = HttpRequest.newBuilder(URI.create(this.chargeUrl + "/load-tester.warm-up"))
			.timeout(this.requestTimeout)
			.GET()
			.build();
		try {
			this.http.send(probe, BodyHandlers.discarding());
		}
		catch (IOException ex) {
			// Unreachable: the run will count every request as a transport error and say so.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		try {
			substations();
		}
		catch (IOException ex) {
			// The sampler counts failed samples.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Stops a session; never completes exceptionally. */
	public CompletableFuture<StopOutcome> stop(String sessionId) {
		return end(sessionId).thenApply(EndedSession::outcome);
	}

	/**
	 * Stops a session, or cancels it while it waits, and reads what it got; never completes exceptionally.
	 */
	public CompletableFuture<EndedSession> end(String sessionId) {
		HttpRequest http = HttpRequest.newBuilder(URI.create(this.chargeUrl + "/" + sessionId))
			.timeout(this.requestTimeout)
			.header("Accept", "application/json, application/problem+json")
			.DELETE()
			.build();
		return this.http.sendAsync(http, BodyHandlers.ofString())
			.thenApply((response) -> {
				JsonNode body = parse(response.body());
				return EndedSession.of(response.statusCode(), problem(body), body);
			})
			.exceptionally((ex) -> EndedSession.unanswered());
	}

	/**
	 * What the balancer believes about every substation right now.
	 * @throws IOException when the balancer does not answer 200 with a JSON array
	 */
	public List<SubstationState> substations() throws IOException, InterruptedException {
		HttpRequest http = HttpRequest.newBuilder(this.substationsUrl)
			.timeout(this.requestTimeout)
			.header("Accept", "application/json")
			.GET()
			.build();
		HttpResponse<String> response = this.http.send(http, BodyHandlers.ofString());
		JsonNode body = parse(response.body());
		if (response.statusCode() != 200 || body == null || !body.isArray()) {
			throw new IOException("GET " + this.substationsUrl + " answered " + response.statusCode());
		}
		List<SubstationState> states = new ArrayList<>();
		for (JsonNode node : body) {
			double capacity = node.path("capacityKw").asDouble(0);
			double load = node.path("loadKw").asDouble(0);
			double utilization = node.hasNonNull("utilization") ? node.get("utilization").asDouble()
					: (capacity > 0) ? load / capacity : 0;
			states.add(new SubstationState(node.path("id").asString("?"), capacity, load,
					node.path("activeSessions").asInt(0), utilization, node.path("healthy").asBoolean(true)));
		}
		return states;
	}

	private static JsonNode parse(String body) {
		if (body == null || body.isBlank()) {
			return null;
		}
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** The name of the grid's problem type in {@code body}, e.g. {@code grid-full}; null when it is none of them. */
	private static String problem(JsonNode body) {
		String type = text(body, "type");
		return (type != null && type.startsWith(PROBLEM_TYPE_PREFIX)) ? type.substring(PROBLEM_TYPE_PREFIX.length())
				: null;
	}

	private static String text(JsonNode body, String field) {
		return (body != null && body.hasNonNull(field)) ? body.get(field).asString() : null;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
