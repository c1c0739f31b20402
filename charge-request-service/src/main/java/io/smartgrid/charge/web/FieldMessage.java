package io.smartgrid.charge.web;

/** One offending field of a bad request, as listed in the {@code errors} of an invalid-request problem. */
public record FieldMessage(String field, String message) {
}
