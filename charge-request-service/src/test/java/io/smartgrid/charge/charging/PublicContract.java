package io.smartgrid.charge.charging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The charge-request service's public contract as the product design states it: the "Public contract" table of
 * {@code shared/DESIGN.md}, read as text, so that a change to either the design or the API shows as a difference.
 */
record PublicContract(Map<String, Set<Integer>> statuses, Set<Integer> errorStatuses, Set<String> requestFields,
        Map<String, Field> fields, Set<String> sessionFields, Set<String> sessionStatuses, String idempotencyHeader,
        String locationTemplate, Set<String> sharingFields) {

    /** What the design says of one request field. */
    record Field(boolean required, Double minimum, Double maximum, Double defaultValue, Integer minLength,
            Integer maxLength, String characters) {
    }

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(GET|POST|PUT|PATCH|DELETE) ([^`]+)`\\s*\\|(.*)\\|\\s*$");
    private static final Pattern STATUS = Pattern.compile("(?:\\*\\*)?\\b([1-5]\\d\\d)\\b(?:\\*\\*)?\\s+(?:with|if|\\+)");
    private static final Pattern FIELD = Pattern.compile("`(\\w+)` (required|optional) \\(([^)]*)\\)");
    private static final Pattern RANGE = Pattern.compile("range ([\\d.]+)–([\\d.]+)");
    private static final Pattern DEFAULT = Pattern.compile("default ([\\d.]+)");
    private static final Pattern LENGTH = Pattern.compile("(\\d+)–(\\d+) of `([^`]+)`");

    /** {@code shared/DESIGN.md}, which lies beside the project's checkout. */
    static Path designFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path design = dir.resolve("shared").resolve("DESIGN.md");
            if (Files.isRegularFile(design)) {
                return design;
            }
        }
        throw new IllegalStateException("shared/DESIGN.md not found above " + Path.of("").toAbsolutePath());
    }

    static PublicContract read(Path design) {
        List<String> lines;
        try {
            lines = Files.readAllLines(design);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        int start = indexOf(lines, "charge-request-service, port 8080", 0);
        int end = indexOf(lines, "load-balancer, port 8081", start);
        Map<String, Set<Integer>> statuses = new LinkedHashMap<>();
        Set<Integer> errorStatuses = new LinkedHashSet<>();
        Set<String> requestFields = new LinkedHashSet<>();
        Map<String, Field> fields = new LinkedHashMap<>();
        Set<String> sessionFields = new LinkedHashSet<>();
        Set<String> sessionStatuses = new LinkedHashSet<>();
        String idempotencyHeader = null;
        String location = null;
        Set<String> sharingFields = new LinkedHashSet<>();
        for (String line : lines.subList(start, end)) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                String text = row.group(3);
                Set<Integer> codes = new LinkedHashSet<>();
                Matcher status = STATUS.matcher(text);
                while (status.find()) {
                    codes.add(Integer.parseInt(status.group(1)));
                }
                statuses.put(row.group(1) + " " + row.group(2), codes);
                if (row.group(1).equals("POST")) {
                    readRequest(text, requestFields, fields);
                    readSession(text.substring(text.indexOf("**201**")), sessionFields);
                    Matcher header = Pattern.compile("header `([\\w-]+)`").matcher(text);
                    idempotencyHeader = header.find() ? header.group(1) : null;
                    Matcher locationHeader = Pattern.compile("`Location: ([^`]+)`").matcher(text);
                    location = locationHeader.find() ? locationHeader.group(1) : null;
                }
                Matcher states = Pattern.compile("`status`: ([A-Z]+), ([A-Z]+) or ([A-Z]+), plus `(\\w+)`").matcher(text);
                if (states.find()) {
                    sessionStatuses.addAll(List.of(states.group(1), states.group(2), states.group(3)));
                    sessionFields.add(states.group(4));
                }
            }
            else if (line.startsWith("| power sharing")) {
                // "optional `minPowerKw` (≤ `powerKw`) and `departureAt`; ...": the new request fields.
                Matcher name = Pattern.compile("`(\\w+)`").matcher(line.substring(0, line.indexOf(';')));
                while (name.find()) {
                    sharingFields.add(name.group(1));
                }
                // "... A client that asks to wait gets **202** + `Location`, status `WAITING`, ...": the start's
                // answer, and the session's state, when it waits.
                Matcher waits = Pattern.compile("\\*\\*(\\d{3})\\*\\*[^|]*?status `([A-Z]+)`").matcher(line);
                if (waits.find()) {
                    statuses.get("POST /charge").add(Integer.parseInt(waits.group(1)));
                    sessionStatuses.add(waits.group(2));
                }
            }
            else if (line.startsWith("| errors |")) {
                Matcher code = Pattern.compile("\\b([45]\\d\\d)\\b").matcher(line);
                while (code.find()) {
                    errorStatuses.add(Integer.parseInt(code.group(1)));
                }
            }
        }
        sharingFields.removeAll(requestFields);
        return new PublicContract(statuses, errorStatuses, requestFields, fields, sessionFields, sessionStatuses,
                idempotencyHeader, location, sharingFields);
    }

    private static void readRequest(String text, Set<String> names, Map<String, Field> fields) {
        Matcher example = Pattern.compile("`(\\{[^`]*})`").matcher(text);
        if (example.find()) {
            Matcher name = Pattern.compile("\"(\\w+)\"\\s*:").matcher(example.group(1));
            while (name.find()) {
                names.add(name.group(1));
            }
        }
        Matcher field = FIELD.matcher(text);
        while (field.find()) {
            String rules = field.group(3);
            Matcher range = RANGE.matcher(rules);
            Matcher defaultValue = DEFAULT.matcher(rules);
            Matcher length = LENGTH.matcher(rules + ")");
            boolean ranged = range.find();
            boolean defaulted = defaultValue.find();
            boolean sized = length.find();
            fields.put(field.group(1), new Field(field.group(2).equals("required"),
                    ranged ? Double.valueOf(range.group(1)) : null, ranged ? Double.valueOf(range.group(2)) : null,
                    defaulted ? Double.valueOf(defaultValue.group(1)) : null,
                    sized ? Integer.valueOf(length.group(1)) : null, sized ? Integer.valueOf(length.group(2)) : null,
                    sized ? length.group(3) : null));
        }
    }

    private static void readSession(String text, Set<String> names) {
        Matcher body = Pattern.compile("`(\\{[^`]*})`").matcher(text);
        if (body.find()) {
            Matcher name = Pattern.compile("(?<!:)\"(\\w+)\"").matcher(body.group(1));
            while (name.find()) {
                if (!name.group(1).equals(name.group(1).toUpperCase())) {
                    names.add(name.group(1));
                }
            }
        }
    }

    private static int indexOf(List<String> lines, String prefix, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new IllegalStateException("DESIGN.md has no line starting '" + prefix + "'");
    }

    List<String> endpoints() {
        return new ArrayList<>(statuses.keySet());
    }
}
