package io.smartgrid.http.edge;

/** One offending field of a bad request, as listed in the {@code errors} of an invalid-request problem. */
public record InvalidField(String field, String message) {
}
