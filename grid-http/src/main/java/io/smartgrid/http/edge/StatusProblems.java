package io.smartgrid.http.edge;

import org.springframework.http.HttpStatus;

/**
 * The problem document for a bare status, for errors found outside the controllers (by Tomcat, or by a filter):
 * fixed texts only, so nothing a caller sent and nothing internal is ever echoed.
 */
final class StatusProblems {

    private StatusProblems() {
    }

    static String json(int status) {
        return switch (status) {
            case 400 -> """
                    {"type":"urn:smart-grid:problem:invalid-request","title":"Invalid request","status":400,\
                    "detail":"The request could not be read.","errors":[{"field":"request","message":"is malformed"}]}""";
            case 401 -> """
                    {"type":"urn:smart-grid:problem:unauthorized","title":"Unauthorized","status":401,\
                    "detail":"This call needs the operator token: Authorization: Bearer <token>."}""";
            case 404 -> """
                    {"type":"about:blank","title":"Not Found","status":404,"detail":"Nothing is here."}""";
            case 413 -> """
                    {"type":"urn:smart-grid:problem:payload-too-large","title":"Payload too large","status":413,\
                    "detail":"The request body is too large.","errors":[{"field":"body","message":"is too large"}]}""";
            default -> status >= 500 ? """
                    {"type":"urn:smart-grid:problem:internal","title":"Internal error","status":500,\
                    "detail":"The request could not be processed."}""" : generic(status);
        };
    }

    static int sanitised(int status) {
        return status >= 500 ? 500 : status;
    }

    private static String generic(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "Client error";
        return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + "}";
    }
}
