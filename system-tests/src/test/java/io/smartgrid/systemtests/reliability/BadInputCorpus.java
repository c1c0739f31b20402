package io.smartgrid.systemtests.reliability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests that no endpoint of the grid may accept: wrong types, missing fields, out-of-range numbers, broken JSON,
 * huge bodies, wrong content types, odd Unicode and path traversal in session ids. Every body is invalid in a way
 * that no lenient parsing can repair (Jackson turns {@code 42} into the string {@code "42"}, which would be a valid
 * vehicle id, so scalar ids are never used as "wrong types").
 */
final class BadInputCorpus {

    /** Which service a case is for. */
    enum Target { CHARGE, BALANCER, SUBSTATION }

    /**
     * One request, and whether an answer below 400 is acceptable: never for the bad input of {@link #all}; for the
     * odd content types and headers of {@link #edge} only where the call is a harmless read or needs no body.
     */
    record Case(Target target, RawHttp.Request request, boolean mayPass) {

        Case(Target target, RawHttp.Request request) {
            this(target, request, false);
        }

        /** The endpoint this request went to, ids and paths folded: {@code SUBSTATION DELETE /sessions/{id}}. */
        String endpoint() {
            String path = request.path();
            String template = path.startsWith("/charge/") ? "/charge/{id}"
                    : path.startsWith("/sessions/") ? "/sessions/{id}"
                    : path.startsWith("/registrations/") && path.endsWith("/heartbeat") ? "/registrations/{id}/heartbeat"
                    : path.startsWith("/registrations/") ? "/registrations/{id}"
                    : path;
            return target + " " + request.method() + " " + template;
        }
    }

    /** An endpoint of a service, and what an ordinary call to it carries. */
    private record Endpoint(Target target, String method, String path, byte[] body, boolean operator,
            boolean harmless) {
    }

    private static final String JSON = "application/json";

    private BadInputCorpus() {
    }

    static List<Case> all(String operatorToken) {
        List<Case> cases = new ArrayList<>();
        List<byte[]> bodies = invalidBodies();
        List<String> jsonTypes = List.of(JSON, "application/json; charset=UTF-8", "APPLICATION/JSON");
        for (String type : jsonTypes) {
            for (byte[] body : bodies) {
                cases.add(new Case(Target.CHARGE, post("/charge", type, body)));
                cases.add(new Case(Target.BALANCER, post("/sessions", type, body)));
                cases.add(new Case(Target.SUBSTATION, post("/sessions", type, body)));
            }
        }
        byte[] valid = "{\"vehicleId\":\"EV-1\",\"powerKw\":11,\"energyKwh\":20}".getBytes(StandardCharsets.UTF_8);
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/octet-stream", "text/html", "image/png",
                "text/json", "")) {
            cases.add(new Case(Target.CHARGE, post("/charge", type, valid)));
            cases.add(new Case(Target.BALANCER, post("/sessions", type, valid)));
            cases.add(new Case(Target.SUBSTATION, post("/sessions", type, valid)));
        }
        for (String id : badSessionIds()) {
            for (String method : List.of("GET", "DELETE")) {
                cases.add(new Case(Target.CHARGE, request(method, "/charge/" + id)));
                cases.add(new Case(Target.BALANCER, request(method, "/sessions/" + id)));
                cases.add(new Case(Target.SUBSTATION, request(method, "/sessions/" + id)));
            }
        }
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            cases.add(new Case(Target.BALANCER, new RawHttp.Request(method, "/substations", Map.of("Content-Type", JSON), valid)));
            cases.add(new Case(Target.SUBSTATION, new RawHttp.Request(method, "/load", Map.of("Content-Type", JSON), valid)));
            cases.add(new Case(Target.CHARGE, new RawHttp.Request(method.equals("POST") ? "PUT" : method, "/charge",
                    Map.of("Content-Type", JSON), valid)));
        }
        // Operator calls: without the token nothing is read, with it only a valid body would be acted on.
        for (String authorization : new String[] { null, "", "Bearer", "Bearer wrong", "Basic b3A6b3A=",
                "bearer" + operatorToken, "Bearer " + operatorToken.toUpperCase(), "Bearer " + operatorToken + "x" }) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", JSON);
            if (authorization != null) {
                headers.put("Authorization", authorization);
            }
            byte[] fault = "{\"mode\":\"ERROR\"}".getBytes(StandardCharsets.UTF_8);
            for (String method : List.of("POST", "DELETE", "GET")) {
                cases.add(new Case(Target.SUBSTATION, new RawHttp.Request(method, "/admin/faults", headers, fault)));
            }
            cases.add(new Case(Target.BALANCER, new RawHttp.Request("POST", "/registrations", headers,
                    "{\"id\":\"rogue-1\",\"url\":\"http://127.0.0.1:9\",\"capacityKw\":100}".getBytes(StandardCharsets.UTF_8))));
            cases.add(new Case(Target.BALANCER, new RawHttp.Request("DELETE", "/registrations/substation-1", headers, new byte[0])));
            cases.add(new Case(Target.BALANCER, new RawHttp.Request("PUT", "/registrations/substation-1/heartbeat", headers, new byte[0])));
            cases.add(new Case(Target.SUBSTATION, new RawHttp.Request("POST", "/drain", headers, new byte[0])));
            cases.add(new Case(Target.SUBSTATION, new RawHttp.Request("DELETE", "/drain", headers, new byte[0])));
        }
        Map<String, String> operator = Map.of("Content-Type", JSON, "Authorization", "Bearer " + operatorToken);
        for (String body : List.of("{}", "{\"mode\":\"MELTDOWN\"}", "{\"mode\":null}", "{\"mode\":[\"HANG\"]}",
                "{\"mode\":\"HANG\",\"durationSeconds\":0}", "{\"mode\":\"ERROR\",\"durationSeconds\":-5}",
                "{\"mode\":\"OUTAGE\",\"durationSeconds\":86400}", "{\"mode\":\"HANG\",\"durationSeconds\":\"soon\"}",
                "[]", "\"HANG\"", "{", "")) {
            cases.add(new Case(Target.SUBSTATION, new RawHttp.Request("POST", "/admin/faults", operator,
                    body.getBytes(StandardCharsets.UTF_8))));
        }
        return cases;
    }

    /**
     * Every endpoint of every service, each sent odd content types (multipart with and without a boundary, forms,
     * text, XML, garbage media types and charsets) and odd headers (huge, malformed, many, duplicated or broken
     * {@code Content-Length}, bad {@code Accept}, bad {@code Idempotency-Key}), and valid starts whose {@code Accept}
     * excludes JSON. A body-reading endpoint gets a valid body under a wrong content type, so that only the content
     * type is wrong, and an invalid one ({@code {}}) with odd headers, so that nothing can be started; calls about a
     * session name one that does not exist; operator calls go without the token, and with it only where nothing can
     * change (unknown ids, wrong content types).
     */
    static List<Case> edge(String operatorToken) {
        byte[] start = "{\"vehicleId\":\"EV-1\",\"powerKw\":11,\"energyKwh\":20}".getBytes(StandardCharsets.UTF_8);
        byte[] none = new byte[0];
        String unknownSession = "/substation-1.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11";
        byte[] register = "{\"id\":\"rogue-1\",\"url\":\"http://127.0.0.1:9\",\"capacityKw\":100}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] fault = "{\"mode\":\"ERROR\"}".getBytes(StandardCharsets.UTF_8);
        List<Endpoint> endpoints = List.of(
                new Endpoint(Target.CHARGE, "POST", "/charge", start, false, false),
                new Endpoint(Target.CHARGE, "GET", "/charge" + unknownSession, none, false, true),
                new Endpoint(Target.CHARGE, "DELETE", "/charge" + unknownSession, none, false, true),
                new Endpoint(Target.CHARGE, "GET", "/v3/api-docs", none, false, true),
                new Endpoint(Target.BALANCER, "POST", "/sessions", start, false, false),
                new Endpoint(Target.BALANCER, "GET", "/sessions" + unknownSession, none, false, true),
                new Endpoint(Target.BALANCER, "DELETE", "/sessions" + unknownSession, none, false, true),
                new Endpoint(Target.BALANCER, "GET", "/substations", none, false, true),
                new Endpoint(Target.BALANCER, "POST", "/registrations", register, true, false),
                new Endpoint(Target.BALANCER, "PUT", "/registrations/rogue-9/heartbeat", none, true, false),
                new Endpoint(Target.BALANCER, "DELETE", "/registrations/rogue-9", none, true, false),
                new Endpoint(Target.SUBSTATION, "POST", "/sessions", start, false, false),
                new Endpoint(Target.SUBSTATION, "GET", "/sessions" + unknownSession, none, false, true),
                new Endpoint(Target.SUBSTATION, "DELETE", "/sessions" + unknownSession, none, false, true),
                new Endpoint(Target.SUBSTATION, "GET", "/load", none, false, true),
                new Endpoint(Target.SUBSTATION, "POST", "/drain", none, true, false),
                new Endpoint(Target.SUBSTATION, "DELETE", "/drain", none, true, false),
                new Endpoint(Target.SUBSTATION, "GET", "/admin/faults", none, true, false),
                new Endpoint(Target.SUBSTATION, "POST", "/admin/faults", fault, true, false),
                new Endpoint(Target.SUBSTATION, "DELETE", "/admin/faults", none, true, false));
        List<Case> cases = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            // Who may call: nobody without the token; with it, only calls that can change nothing.
            List<String> callers = new ArrayList<>();
            callers.add(null);
            boolean readsBody = endpoint.body().length > 0;
            boolean unknownTarget = endpoint.path().contains("rogue-9");
            if (endpoint.operator() && (readsBody || unknownTarget)) {
                callers.add("Bearer " + operatorToken);
            }
            for (String authorization : callers) {
                boolean authorised = authorization != null;
                for (Map.Entry<String, byte[]> type : oddContentTypes(endpoint.body()).entrySet()) {
                    Map<String, String> headers = new LinkedHashMap<>();
                    headers.put("Content-Type", type.getKey());
                    if (authorised) {
                        headers.put("Authorization", authorization);
                    }
                    // A call that reads no body may well succeed whatever its content type says.
                    boolean mayPass = !endpoint.operator() && !readsBody && endpoint.harmless();
                    cases.add(new Case(endpoint.target(), new RawHttp.Request(endpoint.method(), endpoint.path(),
                            headers, type.getValue()), mayPass));
                }
                byte[] invalid = readsBody ? "{}".getBytes(StandardCharsets.UTF_8) : none;
                for (List<String> lines : oddHeaders(invalid.length)) {
                    Map<String, String> headers = new LinkedHashMap<>();
                    if (readsBody) {
                        headers.put("Content-Type", JSON);
                    }
                    if (authorised) {
                        headers.put("Authorization", authorization);
                    }
                    boolean mayPass = !endpoint.operator() && endpoint.harmless();
                    cases.add(new Case(endpoint.target(), new RawHttp.Request(endpoint.method(), endpoint.path(),
                            headers, invalid, lines), mayPass));
                }
            }
        }
        // The only check of the Idempotency-Key header: with a valid start, so that nothing else is wrong.
        for (String key : List.of("", " ", "x".repeat(129), "ключ", "key\u0001", "key\tvalue", "\"quoted\"ü")) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", JSON);
            cases.add(new Case(Target.CHARGE, new RawHttp.Request("POST", "/charge", headers, start,
                    List.of("Idempotency-Key: " + key))));
        }
        // A valid start whose answer the caller would not accept: refused before anything starts.
        for (Target target : Target.values()) {
            for (String accept : List.of("text/html", "application/xml", "application/problem+json")) {
                cases.add(new Case(target, new RawHttp.Request("POST", target == Target.CHARGE ? "/charge" : "/sessions",
                        Map.of("Content-Type", JSON), start, List.of("Accept: " + accept))));
            }
        }
        return cases;
    }

    /** Content types no endpoint takes, with a body of their kind (or the endpoint's own JSON body). */
    private static Map<String, byte[]> oddContentTypes(byte[] json) {
        byte[] body = json.length > 0 ? json : "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> types = new LinkedHashMap<>();
        types.put("multipart/form-data", body);
        types.put("multipart/form-data; boundary=x", ("--x\r\nContent-Disposition: form-data; name=\"vehicleId\"\r\n\r\n"
                + "EV-1\r\n--x--\r\n").getBytes(StandardCharsets.UTF_8));
        types.put("multipart/mixed; boundary=", body);
        types.put("application/x-www-form-urlencoded", "vehicleId=EV-1&powerKw=11".getBytes(StandardCharsets.UTF_8));
        types.put("application/x-www-form-urlencoded; charset=no-such-charset", "vehicleId=EV-1".getBytes(StandardCharsets.UTF_8));
        types.put("text/plain", body);
        types.put("application/xml", "<charge vehicleId=\"EV-1\"/>".getBytes(StandardCharsets.UTF_8));
        types.put("garbage", body);
        types.put("/", body);
        types.put("application/", body);
        types.put("application/json; charset=no-such-charset", body);
        types.put("application/json; charset=\"", body);
        types.put("text/plain; charset=x-garbage; q=\u00ff", body);
        types.put("application/java.lang.Exception", body);
        return types;
    }

    /** Header lines no client should send: each list is sent as it is, with the body length given. */
    private static List<List<String>> oddHeaders(int bodyLength) {
        List<List<String>> headers = new ArrayList<>();
        headers.add(List.of("X-Huge: " + "a".repeat(20_000)));
        headers.add(List.of("X-Ok: 1", "This line has no colon"));
        headers.add(List.of("X Bad Name: 1"));
        headers.add(List.of(": no name"));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            many.add("X-Many-" + i + ": " + i);
        }
        headers.add(many);
        headers.add(List.of("Content-Length: " + bodyLength, "Content-Length: " + (bodyLength + 1)));
        headers.add(List.of("Content-Length: " + bodyLength, "Content-Length: " + bodyLength));
        headers.add(List.of("Content-Length: " + bodyLength + ", " + bodyLength));
        headers.add(List.of("Content-Length: abc"));
        headers.add(List.of("Content-Length: -1"));
        headers.add(List.of("Content-Length: 99999999999999999999999"));
        headers.add(List.of("Accept: text/html"));
        headers.add(List.of("Accept: application/xml"));
        headers.add(List.of("Accept: garbage"));
        headers.add(List.of("Accept: */*;q=abc"));
        headers.add(List.of("Accept: " + "text/x-a, ".repeat(300) + "text/x-b"));
        headers.add(List.of("Accept-Charset: no-such-charset", "Accept-Encoding: x-unknown"));
        headers.add(List.of("Idempotency-Key: " + "k".repeat(500)));
        headers.add(List.of("Idempotency-Key: a", "Idempotency-Key: b"));
        headers.add(List.of("Authorization: Bearer " + "t".repeat(4_000)));
        headers.add(List.of("Expect: 999-nonsense"));
        headers.add(List.of("X-Bytes: caf\u00e9 \u202e"));
        return headers;
    }

    /** Bodies that are wrong whatever the content type says. */
    static List<byte[]> invalidBodies() {
        List<String> bodies = new ArrayList<>();
        // Missing fields and wrong types.
        bodies.add("{}");
        bodies.add("{\"powerKw\":11,\"energyKwh\":20}");
        bodies.add("{\"vehicleId\":null}");
        bodies.add("{\"vehicleId\":[\"EV-1\"]}");
        bodies.add("{\"vehicleId\":{\"id\":\"EV-1\"}}");
        bodies.add("{\"vehicleId\":\"EV-1\",\"powerKw\":\"eleven\"}");
        bodies.add("{\"vehicleId\":\"EV-1\",\"powerKw\":[11]}");
        bodies.add("{\"vehicleId\":\"EV-1\",\"powerKw\":{\"kw\":11}}");
        bodies.add("{\"vehicleId\":\"EV-1\",\"energyKwh\":\"lots\"}");
        bodies.add("{\"vehicleId\":\"EV-1\",\"energyKwh\":[20]}");
        bodies.add("{\"vehicleId\":\"EV-1\",\"powerKw\":\"NaN\"}");
        bodies.add("{\"vehicleId\":\"EV-1\",\"powerKw\":\"Infinity\"}");
        bodies.add("{\"vehicleId\":\"EV-1\",\"energyKwh\":\"-Infinity\"}");
        // Out of range.
        for (String power : List.of("0", "-1", "0.99", "350.0001", "351", "1e308", "-1e308", "1e999", "-0.0",
                "99999999999999999999999")) {
            bodies.add("{\"vehicleId\":\"EV-1\",\"powerKw\":" + power + "}");
        }
        for (String energy : List.of("0", "-20", "0.0999", "200.0001", "1e12", "1e-320")) {
            bodies.add("{\"vehicleId\":\"EV-1\",\"energyKwh\":" + energy + "}");
        }
        // Vehicle ids outside 1-64 of A-Za-z0-9._- (odd Unicode included, as raw UTF-8 and as JSON escapes).
        for (String id : List.of("", " ", "EV 1", "x".repeat(65), "EV/1", "../../etc/passwd", "EV\\\\1", "EV%2F1",
                "\\u0000", "EV\\u0000", "EV-1\\u0000", "\u202Eabc", "\\u202E1-VE", "EV\u200B1", "\\u200B",
                "\uFEFFEV-1", "🚗", "EV-🔋", "\\ud83d\\ude97", "\\ud800", "ЕV-1", "ＥＶ－１", "EV-1\\n", "EV\\t1",
                "EV-1\\r\\nX-Injected: 1", "<script>alert(1)</script>", "'; DROP TABLE sessions; --", "${jndi:ldap://x}",
                "e\u0301", "\u0000", "EV-1\u0085", "\u00A0EV", "EV\\u2028", "EV-\u0661")) {
            bodies.add("{\"vehicleId\":\"" + id + "\"}");
            bodies.add("{\"vehicleId\":\"" + id + "\",\"powerKw\":11,\"energyKwh\":20}");
        }
        // Broken JSON.
        bodies.addAll(List.of("", "{", "}", "[", "[]", "[{\"vehicleId\":\"EV-1\"}]", "null", "true", "42", "\"EV-1\"",
                "{\"vehicleId\":", "{\"vehicleId\":\"EV-1\"", "{\"vehicleId\":\"EV-1\",}", "{'vehicleId':'EV-1'}",
                "{vehicleId:\"EV-1\"}", "{\"vehicleId\":\"EV-1\" /* c */}", "{\"vehicleId\":\"EV-1\"}}",
                "{\"vehicleId\":\"EV-1\"} trailing", "\uFEFF{\"vehicleId\":\"EV-1\"", "{\"vehicleId\":\"EV\u0001\"}",
                "{\"vehicleId\":\"\\x41\"}", "{\"vehicleId\":\"\\u12\"}", "{\"powerKw\":01,\"vehicleId\":\"EV-1\"}",
                "{\"vehicleId\":\"EV-1\",\"powerKw\":.5}", "{\"vehicleId\":\"EV-1\",\"powerKw\":+5}",
                "{\"vehicleId\":\"EV-1\",\"powerKw\":0x10}", "{\"vehicleId\":\"EV-1\",\"powerKw\":1_000}",
                "<charge vehicleId=\"EV-1\"/>", "vehicleId=EV-1&powerKw=11"));
        // Deep nesting and enormous numbers: parser limits, still bad input.
        bodies.add("[".repeat(5000) + "]".repeat(5000));
        bodies.add("{\"vehicleId\":\"EV-1\",\"powerKw\":" + "9".repeat(5000) + "}");
        bodies.add("{\"vehicleId\":\"" + "é".repeat(4000) + "\"}");
        List<byte[]> bytes = new ArrayList<>(bodies.stream().map(b -> b.getBytes(StandardCharsets.UTF_8)).toList());
        // Not UTF-8 at all, and bodies over the 16 KiB limit.
        bytes.add(new byte[] { '{', '"', 'v', 'e', 'h', 'i', 'c', 'l', 'e', 'I', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' });
        bytes.add(new byte[] { (byte) 0xFF, (byte) 0xFE, '{', 0, '}', 0 });
        bytes.add(("{\"vehicleId\":\"EV-1\",\"pad\":\"" + "x".repeat(17 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
        bytes.add(("{\"vehicleId\":\"EV-1\",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
        return bytes;
    }

    /** Session ids that are malformed, traverse paths or smuggle bytes, raw and percent-encoded. */
    static List<String> badSessionIds() {
        return List.of("x", "..", "%2e%2e", "..%2F..%2Fload", "..%2f..%2factuator%2fenv", "%2e%2e%2f%2e%2e%2fadmin%2ffaults",
                "..%5C..%5Cload", "%252e%252e%252fload", "..;/..;/load", "%00", "substation-1.%00", "a%00b", "%ZZ", "%",
                "%c0%ae%c0%ae", "%e2%80%ae", "%e2%80%8b", "%f0%9f%9a%97", "substation-1.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11%0d%0aX:1",
                "substation-1..", "substation-1.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11%2F..", "substation-1.", ".5b0c3b1e",
                "SUBSTATION-1.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11", "substation-99.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11",
                "substation-1.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11", "substation-1.00000000-0000-0000-0000-000000000000",
                "x".repeat(300), "%20", "%09", "substation-1.%2e%2e", "%u002e%u002e", "%C0%AF", "%2F", "%5C");
    }

    private static RawHttp.Request post(String path, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!contentType.isEmpty()) {
            headers.put("Content-Type", contentType);
        }
        return new RawHttp.Request("POST", path, headers, body);
    }

    private static RawHttp.Request request(String method, String path) {
        return new RawHttp.Request(method, path, Map.of(), new byte[0]);
    }
}
