package io.smartgrid.systemtests.reliability;


import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.smartgrid.systemtests.GridHttp;

import tools.jackson.databind.JsonNode;

/**
 * Steady charging traffic through the public API, from a few client threads, while a test breaks something. Every
 * answer is recorded with its time; each thread keeps a handful of sessions charging and stops its oldest as it goes,
 * so that the grid never fills and every admitted session is accounted for: charging (and known to the run),
 * stopped by the run with a 200, or gone (404) with a substation process that was killed.
 */
final class TrafficRun implements AutoCloseable {

    /** Energy for 18 simulated hours at 11 kW: nothing completes on its own during a run. */
    static final double POWER_KW = 11;
    static final double ENERGY_KWH = 200;
    private static final int SESSIONS_PER_THREAD = 8;

    /** One answer to a start request; {@code status} -1 when no answer came at all. */
    record Start(long atNanos, int status, long latencyNanos, String sessionId, String problem) {
    }

    private final String chargeUrl;
    private final GridHttp client = new GridHttp();
    private final ExecutorService threads;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch finished;
    private final ConcurrentLinkedQueue<Start> starts = new ConcurrentLinkedQueue<>();
    private final List<String> charging = Collections.synchronizedList(new ArrayList<>());
    private final List<String> stopped = Collections.synchronizedList(new ArrayList<>());
    /** Admitted, then unknown to the grid (404): only a substation that lost its memory can cause this. */
    private final List<String> gone = Collections.synchronizedList(new ArrayList<>());
    final long began = System.nanoTime();

    /** Answers to stop requests by status ({@code -1}: no answer at all). */
    private final Map<Integer, Integer> stopStatuses = new TreeMap<>();

    /** @param chargeUrl the charge-request service, e.g. {@code http://127.0.0.1:8080} */
    TrafficRun(String chargeUrl, int threadCount) {
        this.chargeUrl = chargeUrl;
        this.threads = Executors.newFixedThreadPool(threadCount);
        this.finished = new CountDownLatch(threadCount);
        for (int t = 0; t < threadCount; t++) {
            int thread = t;
            threads.execute(() -> {
                try {
                    drive(thread);
                }
                finally {
                    finished.countDown();
                }
            });
        }
    }

    private void drive(int thread) {
        Deque<String> mine = new ArrayDeque<>();
        int n = 0;
        while (running.get()) {
            long started = System.nanoTime();
            int status = -1;
            String sessionId = null;
            String problem = null;
            try {
                GridHttp.Reply reply = client.charge(chargeUrl, "EV-" + thread + "-" + n++, POWER_KW, ENERGY_KWH);
                status = reply.status();
                if (status == 201) {
                    sessionId = reply.body().get("sessionId").asString();
                    mine.addLast(sessionId);
                    charging.add(sessionId);
                }
                else {
                    problem = reply.body().path("type").asString("").replace("urn:smart-grid:problem:", "");
                }
            }
            catch (RuntimeException noAnswer) {
                // recorded as status -1
            }
            starts.add(new Start(started, status, System.nanoTime() - started, sessionId, problem));
            // A few tries a round, so that sessions on a substation that cannot answer now do not pile up.
            for (int tries = 0; tries < 3 && mine.size() > SESSIONS_PER_THREAD; tries++) {
                String oldest = mine.peekFirst();
                try {
                    int stop = client.delete(chargeUrl + "/charge/" + oldest).status();
                    countStop(stop);
                    if (stop == 200 || stop == 404) {
                        mine.removeFirst();
                        charging.remove(oldest);
                        (stop == 200 ? stopped : gone).add(oldest);
                    }
                    else {
                        // Its substation cannot answer now: try another one, this one later.
                        mine.addLast(mine.removeFirst());
                    }
                }
                catch (RuntimeException noAnswer) {
                    countStop(-1);
                    mine.addLast(mine.removeFirst());
                }
            }
        }
    }

    /** Nanoseconds since the run began. */
    long now() {
        return System.nanoTime() - began;
    }

    @Override
    public void close() {
        running.set(false);
        try {
            finished.await(60, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        threads.shutdownNow();
    }

    private void countStop(int status) {
        synchronized (stopStatuses) {
            stopStatuses.merge(status, 1, Integer::sum);
        }
    }

    /** Answers to the run's stop requests, by status. */
    Map<Integer, Integer> stopStatuses() {
        synchronized (stopStatuses) {
            return new TreeMap<>(stopStatuses);
        }
    }

    List<Start> starts() {
        return List.copyOf(starts);
    }

    /** Sessions the run got a 201 for and has not stopped. */
    List<String> charging() {
        synchronized (charging) {
            return List.copyOf(charging);
        }
    }

    List<String> stopped() {
        synchronized (stopped) {
            return List.copyOf(stopped);
        }
    }

    List<String> gone() {
        synchronized (gone) {
            return List.copyOf(gone);
        }
    }

    /** Every session id the run was given, in order; a repeat would be a session counted twice. */
    List<String> admitted() {
        return starts.stream().filter(s -> s.sessionId() != null).map(Start::sessionId).toList();
    }

    /** Answers to start requests in a window of the run, by status. */
    Map<String, Integer> statuses(long fromNanos, long toNanos) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Start start : starts) {
            long at = start.atNanos() - began;
            if (at >= fromNanos && at < toNanos) {
                counts.merge(start.status() == 201 || start.problem() == null ? String.valueOf(start.status())
                        : start.status() + " " + start.problem(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Latency percentile (ms) of the successful starts in a window. */
    double latencyMillis(long fromNanos, long toNanos, double percentile) {
        List<Long> latencies = new ArrayList<>();
        for (Start start : starts) {
            long at = start.atNanos() - began;
            if (start.status() == 201 && at >= fromNanos && at < toNanos) {
                latencies.add(start.latencyNanos());
            }
        }
        if (latencies.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(latencies);
        int index = (int) Math.min(latencies.size() - 1, Math.ceil(percentile / 100 * latencies.size()) - 1);
        return latencies.get(Math.max(0, index)) / 1e6;
    }

    /** When (ns into the run) the last start after {@code fromNanos} that was not a 201 was sent; -1 if none. */
    long lastFailureAfter(long fromNanos) {
        long last = -1;
        for (Start start : starts) {
            long at = start.atNanos() - began;
            if (at >= fromNanos && start.status() != 201) {
                last = Math.max(last, at + start.latencyNanos());
            }
        }
        return last;
    }

    /** Stops every session the run still has charging, until each answers 200 (or 404: gone with its substation). */
    void stopAll() {
        for (String sessionId : charging()) {
            GridHttp.Reply reply = client.delete(chargeUrl + "/charge/" + sessionId);
            if (reply.status() == 200 || reply.status() == 404) {
                charging.remove(sessionId);
                (reply.status() == 200 ? stopped : gone).add(sessionId);
            }
        }
    }

    static String substationOf(String sessionId) {
        return sessionId.substring(0, sessionId.indexOf('.'));
    }

    static int activeSessions(List<JsonNode> loads) {
        return loads.stream().mapToInt(load -> load.get("activeSessions").asInt()).sum();
    }
}
