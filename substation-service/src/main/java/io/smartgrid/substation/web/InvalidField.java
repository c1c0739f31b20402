package io.smartgrid.substation.web;

/** One entry of the {@code errors} of an invalid-request problem. */
record InvalidField(String field, String message) {
}
