package io.smartgrid.systemtests.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard as Chromium rendered it, read through the ids and {@code data-*} attributes that the
 * page keeps stable for exactly this purpose, so that a change of design does not break the tests.
 */
final class RenderedDashboard {

    private static final Pattern CARD = Pattern.compile("<article\\b([^>]*\\bdata-substation=\"([^\"]*)\"[^>]*)>");
    /** {@code id="} as an attribute of its own, not the tail of {@code data-testid="}. */
    private static final String ID_PREFIX = "(?<![-\\w])id=\"";
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)=\"([^\"]*)\"");

    private final String html;
    private final Map<String, Card> cards = new LinkedHashMap<>();

    RenderedDashboard(String html) {
        this.html = html;
        Matcher matcher = CARD.matcher(html);
        List<int[]> starts = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        while (matcher.find()) {
            starts.add(new int[] {matcher.start(), matcher.end()});
            ids.add(decode(matcher.group(2)));
            tags.add(matcher.group(1));
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = html.indexOf("</article>", starts.get(i)[1]);
            String body = html.substring(starts.get(i)[1], end < 0 ? html.length() : end);
            cards.put(ids.get(i), new Card(ids.get(i), attributes(tags.get(i)), body));
        }
    }

    /** The substations shown, in the page's order. */
    List<String> substationIds() {
        return List.copyOf(cards.keySet());
    }

    Card card(String id) {
        Card card = cards.get(id);
        if (card == null) {
            throw new AssertionError("the dashboard shows no substation " + id + ", only " + cards.keySet());
        }
        return card;
    }

    /** The text of the element with this {@code id}, which must hold nothing but text. */
    String textOfId(String id) {
        return textAfter(html, ID_PREFIX + Pattern.quote(id) + "\"").orElseThrow(() -> new AssertionError("no element #" + id + " in the page"));
    }

    /** An attribute of the element with this {@code id}. */
    String attributeOfId(String id, String attribute) {
        Matcher tag = Pattern.compile("<[a-zA-Z]+\\b([^>]*" + ID_PREFIX + Pattern.quote(id) + "\"[^>]*)>").matcher(html);
        if (!tag.find()) {
            throw new AssertionError("no element #" + id + " in the page");
        }
        return attributes(tag.group(1)).get(attribute);
    }

    /** The {@code d} of every line in the utilisation chart, by substation. */
    Map<String, String> chartSeries() {
        Matcher chart = Pattern.compile(ID_PREFIX + "utilization-chart\"").matcher(html);
        if (!chart.find()) {
            throw new AssertionError("the page has no utilisation chart");
        }
        int start = chart.start();
        int end = html.indexOf("</svg>", start);
        return series(html.substring(start, end < 0 ? html.length() : end));
    }

    private static Map<String, String> series(String svg) {
        Map<String, String> series = new LinkedHashMap<>();
        Matcher path = Pattern.compile("<path\\b([^>]*)>").matcher(svg);
        while (path.find()) {
            Map<String, String> attributes = attributes(path.group(1));
            if (attributes.containsKey("data-series")) {
                series.put(attributes.get("data-series"), attributes.getOrDefault("d", ""));
            }
        }
        return series;
    }

    private static Map<String, String> attributes(String tag) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher matcher = ATTRIBUTE.matcher(tag);
        while (matcher.find()) {
            attributes.put(matcher.group(1), decode(matcher.group(2)));
        }
        return attributes;
    }

    private static Optional<String> textAfter(String html, String markerPattern) {
        Matcher marker = Pattern.compile(markerPattern).matcher(html);
        if (!marker.find()) {
            return Optional.empty();
        }
        int open = html.indexOf('>', marker.end());
        int close = html.indexOf('<', open);
        return Optional.of(decode(html.substring(open + 1, close)).trim());
    }

    private static String decode(String text) {
        return text.replace("&nbsp;", " ").replace('\u00a0', ' ').replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&amp;", "&");
    }

    /** One substation's card. */
    record Card(String id, Map<String, String> attributes, String body) {

        boolean healthy() {
            return "true".equals(attributes.get("data-healthy"));
        }

        /** The text of the card's element with this {@code data-testid}. */
        String text(String testId) {
            return textAfter(body, "data-testid=\"" + Pattern.quote(testId) + "\"")
                    .orElseThrow(() -> new AssertionError("card " + id + " has no " + testId));
        }

        /** The utilisation the card shows, in percent, e.g. 33.3 for "33.3 %". */
        double utilizationPercent() {
            return percent("utilization");
        }

        /** The figure in percent of the card's element with this {@code data-testid}, e.g. 33.3 for "33.3 %". */
        double percent(String testId) {
            String text = text(testId);
            Matcher number = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*%").matcher(text);
            if (!number.find()) {
                throw new AssertionError("card " + id + " shows no " + testId + " in percent but '" + text + "'");
            }
            return Double.parseDouble(number.group(1));
        }

        /** The load the card shows, in kW, e.g. 1250.0 for "1,250 kW". */
        double loadKw() {
            return kw("load");
        }

        /** The figure in kW of the card's element with this {@code data-testid}, e.g. 1250.0 for "1,250 kW". */
        double kw(String testId) {
            String text = text(testId);
            Matcher number = Pattern.compile("(-?[\\d,]+(?:\\.\\d+)?)\\s*kW").matcher(text);
            if (!number.find()) {
                throw new AssertionError("card " + id + " shows no " + testId + " in kW but '" + text + "'");
            }
            return Double.parseDouble(number.group(1).replace(",", ""));
        }

        /** The attributes of the card's element with this {@code data-testid}. */
        Map<String, String> attributesOf(String testId) {
            Matcher tag = Pattern.compile("<[a-zA-Z]+\\b([^>]*data-testid=\"" + Pattern.quote(testId) + "\"[^>]*)>").matcher(body);
            if (!tag.find()) {
                throw new AssertionError("card " + id + " has no " + testId);
            }
            return RenderedDashboard.attributes(tag.group(1));
        }

        /** The card's own load chart. */
        Map<String, String> chartSeries() {
            int start = body.indexOf("data-testid=\"load-chart\"");
            if (start < 0) {
                throw new AssertionError("card " + id + " has no load chart");
            }
            int end = body.indexOf("</svg>", start);
            return series(body.substring(start, end < 0 ? body.length() : end));
        }
    }
}
