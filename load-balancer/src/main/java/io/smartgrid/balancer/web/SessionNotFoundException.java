package io.smartgrid.balancer.web;

/** The session id is malformed, names no configured substation, or its substation does not know it. */
class SessionNotFoundException extends RuntimeException {

    SessionNotFoundException() {
        super("session not found", null, false, false);
    }
}
