package io.smartgrid.systemtests.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.systemtests.GridHttp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/**
 * A known mix of traffic through {@code POST /charge}, so that every metric has something to count
 * and its value can be predicted: sessions that complete on their own, one that the client stops,
 * sessions that fill the grid exactly, and requests that find it full.
 */
final class Traffic {

    /** 0.5 kWh at 60 kW is 30 simulated seconds: half a real second at the grid's 60× clock. */
    static final double FAST_POWER_KW = 60;
    static final double FAST_ENERGY_KWH = 0.5;
    /** Every default capacity (150, 300, 450 kW) is a multiple of this, so the grid fills exactly. */
    static final double FILL_POWER_KW = 150;
    /** 200 kWh at 150 kW lasts 80 simulated minutes, 80 real seconds: longer than any check here. */
    static final double LONG_ENERGY_KWH = 200;
    static final double STOPPED_POWER_KW = 11;

    /**
     * What the traffic did, by substation id.
     *
     * @param created sessions that got 201, wherever they landed
     * @param completed sessions that delivered their energy and ended
     * @param charging sessions still drawing power at the end (the ones that fill the grid)
     * @param chargingSessions the ids of those sessions
     * @param stopped sessions stopped by {@code DELETE /charge/{id}}
     * @param gridFull requests answered 503 because no substation had headroom
     */
    record Result(Map<String, Integer> created, Map<String, Integer> completed, Map<String, Integer> charging,
            List<String> chargingSessions, int stopped, int gridFull) {

        int createdTotal() {
            return created.values().stream().mapToInt(Integer::intValue).sum();
        }

        int completedTotal() {
            return completed.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final Grid grid;
    private final GridHttp http;

    Traffic(Grid grid, GridHttp http) {
        this.grid = grid;
        this.http = http;
    }

    /**
     * Runs the mix on an idle grid: {@code fast} sessions that complete, one that is stopped, then
     * sessions until the grid is exactly full, then {@code overflow} requests that must get 503.
     */
    Result drive(int fast, int overflow) {
        Map<String, Integer> created = new TreeMap<>();
        Map<String, Integer> completed = new TreeMap<>();
        Map<String, Integer> charging = new TreeMap<>();
        List<String> chargingSessions = new ArrayList<>();

        List<JsonNode> fastSessions = new ArrayList<>();
        for (int i = 0; i < fast; i++) {
            fastSessions.add(start("EV-fast-" + i, FAST_POWER_KW, FAST_ENERGY_KWH, created));
        }
        for (JsonNode session : fastSessions) {
            String id = session.get("sessionId").asString();
            await("session " + id + " completes").atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                    http.get(grid.chargeUrl() + "/charge/" + id).body().get("status").asString()).isEqualTo("COMPLETED"));
            completed.merge(session.get("substationId").asString(), 1, Integer::sum);
        }

        String stopped = start("EV-stopped", STOPPED_POWER_KW, LONG_ENERGY_KWH, created).get("sessionId").asString();
        GridHttp.Reply stop = http.delete(grid.chargeUrl() + "/charge/" + stopped);
        assertThat(stop.status()).as("DELETE /charge/%s: %s", stopped, stop.body()).isEqualTo(200);
        assertThat(stop.body().get("status").asString()).isEqualTo("STOPPED");

        // The fill below only comes out exact if the balancer knows that the grid is idle again.
        await("the balancer sees an idle grid").atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                http.get(grid.balancerUrl() + "/substations").body())
                .allSatisfy(s -> assertThat(s.get("loadKw").asDouble()).isZero()));

        int fits = grid.spec().capacitiesKw().stream().mapToInt(c -> (int) Math.floor(c / FILL_POWER_KW)).sum();
        for (int i = 0; i < fits; i++) {
            JsonNode session = start("EV-fill-" + i, FILL_POWER_KW, LONG_ENERGY_KWH, created);
            charging.merge(session.get("substationId").asString(), 1, Integer::sum);
            chargingSessions.add(session.get("sessionId").asString());
        }
        for (int i = 0; i < overflow; i++) {
            // At full power or not at all: a car that would take a share of a full grid is not an overflow.
            GridHttp.Reply full = http.chargeAtFullPower(grid.chargeUrl(), "EV-overflow-" + i, FILL_POWER_KW,
                    LONG_ENERGY_KWH);
            assertThat(full.status()).as("POST /charge on a full grid: %s", full.body()).isEqualTo(503);
        }
        return new Result(Map.copyOf(created), Map.copyOf(completed), Map.copyOf(charging),
                List.copyOf(chargingSessions), 1, overflow);
    }

    private JsonNode start(String vehicleId, double powerKw, double energyKwh, Map<String, Integer> created) {
        // Every car at its full power or not at all, so that the counts below are exact: nothing is shared.
        GridHttp.Reply reply = http.chargeAtFullPower(grid.chargeUrl(), vehicleId, powerKw, energyKwh);
        assertThat(reply.status()).as("POST /charge for %s: %s", vehicleId, reply.body()).isEqualTo(201);
        JsonNode session = reply.body();
        created.merge(session.get("substationId").asString(), 1, Integer::sum);
        return session;
    }
}
