package io.smartgrid.loadtester.comparison;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads every substation's own {@code GET /load} over and over while a replay runs, in a thread of its own, and keeps
 * the highest loads it saw: each substation's against its capacity (an overshoot is a sample above it), and the
 * grid's, the sum of the loads read in one round.
 */
public final class LoadSampler implements AutoCloseable {

	/** A load above its capacity by more than this, in kW, is an overshoot; below it is rounding on the wire. */
	static final double TOLERANCE_KW = 1e-6;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<URI> loadUrls;

	private final Duration interval;

	private final HttpClient http;

	private final Thread thread;

	private volatile boolean running = true;

	private double peakGridKw;

	private double peakUtilization;

	private long rounds;

	private long overshoots;

	private long failures;

	/**
	 * Starts sampling at once.
	 * @param substationUrls each substation's base URL, e.g. {@code http://127.0.0.1:8082}
	 */
	public LoadSampler(List<String> substationUrls, Duration interval) {
		this.loadUrls = substationUrls.stream().map((url) -> URI.create(url.replaceAll("/$", "") + "/load")).toList();
		this.interval = interval;
		this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1))
			.build();
		this.thread = new Thread(this::sample, "load-sampler");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** What the samples showed. */
	public record Peaks(double gridKw, double utilization, long rounds, long overshoots, long failures) {
	}

	private void sample() {
		while (this.running) {
			List<double[]> loads = new ArrayList<>(this.loadUrls.size());
			boolean complete = true;
			for (URI url : this.loadUrls) {
				double[] load = read(url);
				if (load == null) {
					complete = false;
				}
				else {
					loads.add(load);
				}
			}
			record(loads, complete);
			try {
				Thread.sleep(this.interval.toMillis());
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private synchronized void record(List<double[]> loads, boolean complete) {
		this.rounds++;
		if (!complete) {
			this.failures++;
		}
		double grid = 0;
		boolean over = false;
		for (double[] load : loads) {
			grid += load[0];
			if (load[1] > 0) {
				this.peakUtilization = Math.max(this.peakUtilization, load[0] / load[1]);
			}
			over |= load[0] > load[1] + TOLERANCE_KW;
		}
		if (over) {
			this.overshoots++;
		}
		if (complete) {
			this.peakGridKw = Math.max(this.peakGridKw, grid);
		}
	}

	/** {@code [loadKw, capacityKw]}, or null when the substation did not answer. */
	private double[] read(URI url) {
		try {
			var response = this.http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build(),
					BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				return null;
			}
			JsonNode body = JSON.readTree(response.body());
			return new double[] { body.path("loadKw").asDouble(), body.path("capacityKw").asDouble() };
		}
		catch (IOException | JacksonException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/** The highest loads so far. */
	public synchronized Peaks peaks() {
		return new Peaks(this.peakGridKw, this.peakUtilization, this.rounds, this.overshoots, this.failures);
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.thread.interrupt();
		this.thread.join(5_000);
	}

}
