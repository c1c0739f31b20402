package io.smartgrid.systemtests.balancing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** The {@code GET /load} reports of several substations read together, and the figures the tests judge them by. */
record Loads(List<JsonNode> reports) {

    Loads {
        reports = List.copyOf(reports);
    }

    /** Utilisation of the fullest substation minus that of the emptiest. */
    double spread() {
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (JsonNode report : reports) {
            double utilization = utilization(report);
            max = Math.max(max, utilization);
            min = Math.min(min, utilization);
        }
        return max - min;
    }

    /** Active sessions per substation id, in substation order. */
    Map<String, Integer> sessions() {
        Map<String, Integer> sessions = new LinkedHashMap<>();
        for (JsonNode report : reports) {
            sessions.put(report.get("substationId").asString(), report.get("activeSessions").asInt());
        }
        return sessions;
    }

    /** Utilisation per substation id, rounded to four places for reading. */
    Map<String, Double> utilizations() {
        Map<String, Double> utilizations = new LinkedHashMap<>();
        for (JsonNode report : reports) {
            utilizations.put(report.get("substationId").asString(), Math.round(utilization(report) * 10_000) / 10_000.0);
        }
        return utilizations;
    }

    int totalSessions() {
        return reports.stream().mapToInt(r -> r.get("activeSessions").asInt()).sum();
    }

    double totalKw() {
        return reports.stream().mapToDouble(r -> r.get("loadKw").asDouble()).sum();
    }

    /** The reports of substations drawing more than their capacity. */
    List<JsonNode> overloaded() {
        return reports.stream().filter(r -> r.get("loadKw").asDouble() > r.get("capacityKw").asDouble() + 1e-9).toList();
    }

    @Override
    public String toString() {
        return "sessions " + sessions() + ", utilisation " + utilizations() + ", spread %.4f".formatted(spread());
    }

    private static double utilization(JsonNode report) {
        return report.get("loadKw").asDouble() / report.get("capacityKw").asDouble();
    }
}
