package io.smartgrid.loadtester.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the client sends for power sharing (a departure, a minimum, {@code Prefer: respond-async}) and how it reads a
 * waiting answer and an ended session, against a server that answers as the charge-request service does.
 */
class GridClientTests {

	private final List<String> bodies = new CopyOnWriteArrayList<>();

	private final List<String> prefers = new CopyOnWriteArrayList<>();

	private HttpServer server;

	private GridClient client;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/charge", this::answer);
		this.server.start();
		URI url = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
		this.client = new GridClient(url, url, Duration.ofSeconds(1), Duration.ofSeconds(5));
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.stop(0);
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			if ("POST".equals(exchange.getRequestMethod())) {
				this.bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				String prefer = exchange.getRequestHeaders().getFirst("Prefer");
				this.prefers.add((prefer != null) ? prefer : "");
				send(exchange, (prefer != null) ? 202 : 201,
						"{\"sessionId\":\"substation-1.w\",\"substationId\":\"substation-1\",\"status\":\"WAITING\"}");
			}
			else if (path.endsWith("/charging")) {
				send(exchange, 200, "{\"sessionId\":\"substation-1.c\",\"status\":\"STOPPED\",\"deliveredKwh\":4.25,"
						+ "\"startedAt\":\"2026-12-02T10:00:00Z\"}");
			}
			else if (path.endsWith("/waiting")) {
				send(exchange, 200, "{\"sessionId\":\"substation-1.w\",\"status\":\"STOPPED\",\"deliveredKwh\":0,"
						+ "\"startedAt\":null}");
			}
			else {
				send(exchange, 404, "{\"type\":\"urn:smart-grid:problem:session-not-found\",\"status\":404}");
			}
		}
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Test
	void aCarThatMayWaitSaysSoAndItsWaitingAnswerNamesItsSession() {
		Instant departure = Instant.parse("2026-12-02T17:30:00Z");

		ChargeResult waiting = this.client.charge(new ChargeRequest("EV-1", 11, 20, 1.4, departure), true).join();
		ChargeResult plain = this.client.charge(new ChargeRequest("EV-2", 11, 20)).join();

		assertThat(waiting.outcome()).isEqualTo(Outcome.WAITING);
		assertThat(waiting.outcome().hasSession()).isTrue();
		assertThat(waiting.outcome().isError()).isFalse();
		assertThat(waiting.sessionId()).isEqualTo("substation-1.w");
		assertThat(this.prefers).containsExactly("respond-async", "");
		assertThat(this.bodies.get(0)).contains("\"minPowerKw\":1.4", "\"departureAt\":\"2026-12-02T17:30:00Z\"");
		assertThat(this.bodies.get(1)).doesNotContain("minPowerKw", "departureAt");
		assertThat(plain.outcome()).isEqualTo(Outcome.CREATED);
	}

	@Test
	void anEndedSessionTellsWhatItGotAndWhenItStartedIfItDid() {
		EndedSession charged = this.client.end("charging").join();
		EndedSession cancelled = this.client.end("waiting").join();
		EndedSession unknown = this.client.end("unknown").join();

		assertThat(charged).isEqualTo(new EndedSession(StopOutcome.STOPPED, "200", "STOPPED", 4.25,
				Instant.parse("2026-12-02T10:00:00Z")));
		assertThat(cancelled).isEqualTo(new EndedSession(StopOutcome.STOPPED, "200", "STOPPED", 0, null));
		assertThat(unknown.outcome()).isEqualTo(StopOutcome.NOT_FOUND);
		assertThat(unknown.answer()).isEqualTo("404 session-not-found");
		assertThat(this.client.stop("unknown").join()).isEqualTo(StopOutcome.NOT_FOUND);
	}

}
