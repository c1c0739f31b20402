package io.smartgrid.systemtests.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smartgrid.systemtests.GridHttp;

import tools.jackson.databind.JsonNode;

/**
 * The Prometheus queries of a Grafana dashboard, as Grafana would send them: every panel's targets
 * (rows and their collapsed panels included), with Grafana's variables replaced by what a person
 * looking at "All" substations over the last minutes would get.
 */
record GrafanaDashboard(String title, List<Query> queries) {

    /** The built-in interval variables, as Grafana fills them in for a short time range on a 1 s scrape. */
    private static final Map<String, String> BUILT_INS = Map.of(
            "__rate_interval", "1m",
            "__interval", "15s",
            "__interval_ms", "15000",
            "__range", "5m",
            "__range_s", "300",
            "__range_ms", "300000");

    /** {@code $name}, {@code ${name}}, {@code ${name:format}} and the old {@code [[name]]}. */
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\{(\\w+)(?::[^}]*)?}|\\[\\[(\\w+)(?::[^\\]]*)?]]|\\$(\\w+)");

    /** A label matcher whose value is one variable, e.g. {@code substation="$substation"}. */
    private static final Pattern MATCHER_ON_VARIABLE = Pattern.compile(
            "(\\w+)\\s*(=~|!~|!=|=)\\s*\"(\\$\\{\\w+(?::[^}]*)?}|\\[\\[\\w+]]|\\$\\w+)\"");

    /** One target of one panel. */
    record Query(String panelTitle, String refId, String expr, String promql) {

        @Override
        public String toString() {
            return "panel \"" + panelTitle + "\" target " + refId + ": " + expr;
        }
    }

    GrafanaDashboard {
        queries = List.copyOf(queries);
    }

    static GrafanaDashboard read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GrafanaDashboard parse(String json) {
        JsonNode root = GridHttp.JSON.readTree(json);
        // Provisioned files are the dashboard itself; exported ones wrap it in {"dashboard": …}.
        JsonNode dashboard = root.has("dashboard") && root.get("dashboard").isObject() ? root.get("dashboard") : root;
        Map<String, String> variables = variables(dashboard.path("templating").path("list"));
        List<Query> queries = new ArrayList<>();
        collect(dashboard.path("panels"), variables, queries);
        return new GrafanaDashboard(dashboard.path("title").asString(""), queries);
    }

    /** Every panel, rows' nested panels included, in the order a person scrolling would meet them. */
    private static void collect(JsonNode panels, Map<String, String> variables, List<Query> into) {
        for (JsonNode panel : panels) {
            String title = panel.path("title").asString("");
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString("");
                if (!expr.isBlank()) {
                    into.add(new Query(title.isBlank() ? "(untitled " + panel.path("type").asString("panel") + ")" : title,
                            target.path("refId").asString("?"), expr, promql(expr, variables)));
                }
            }
            collect(panel.path("panels"), variables, into);
        }
    }

    /**
     * The dashboard's own variables: a multi-value or "All" variable matches every value; any other
     * takes its current value, as Grafana shows it when the dashboard opens.
     */
    private static Map<String, String> variables(JsonNode list) {
        Map<String, String> values = new HashMap<>();
        for (JsonNode variable : list) {
            String name = variable.path("name").asString("");
            String type = variable.path("type").asString("");
            JsonNode current = variable.path("current").path("value");
            String value = current.isArray() ? (current.size() == 1 ? current.get(0).asString("") : "$__all") : current.asString("");
            boolean everything = type.equals("query") || variable.path("multi").asBoolean(false)
                    || variable.path("includeAll").asBoolean(false) || value.isBlank() || value.equals("$__all");
            if (!name.isBlank() && !everything && !type.equals("datasource")) {
                values.put(name, value);
            }
        }
        return values;
    }

    /** {@code expr} with every variable replaced; an unknown or "All" variable becomes {@code .*}. */
    static String promql(String expr, Map<String, String> variables) {
        // A matcher on an "All" variable must become a regex match, or it would only match ".*" literally.
        Matcher matchers = MATCHER_ON_VARIABLE.matcher(expr);
        StringBuilder rewritten = new StringBuilder();
        while (matchers.find()) {
            String name = nameOf(matchers.group(3));
            String replacement;
            if (variables.containsKey(name) || BUILT_INS.containsKey(name)) {
                replacement = matchers.group(0);
            } else {
                String operator = matchers.group(2).startsWith("!") ? "!~" : "=~";
                replacement = matchers.group(1) + operator + "\".*\"";
            }
            matchers.appendReplacement(rewritten, Matcher.quoteReplacement(replacement));
        }
        matchers.appendTail(rewritten);

        Matcher names = VARIABLE.matcher(rewritten.toString());
        StringBuilder result = new StringBuilder();
        while (names.find()) {
            String name = names.group(1) != null ? names.group(1) : names.group(2) != null ? names.group(2) : names.group(3);
            String value = BUILT_INS.containsKey(name) ? BUILT_INS.get(name) : variables.getOrDefault(name, ".*");
            names.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        names.appendTail(result);
        return result.toString();
    }

    private static String nameOf(String reference) {
        Matcher matcher = VARIABLE.matcher(reference);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a variable: " + reference);
        }
        return matcher.group(1) != null ? matcher.group(1) : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
    }
}
