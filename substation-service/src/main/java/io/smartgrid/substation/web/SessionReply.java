package io.smartgrid.substation.web;

import io.smartgrid.substation.charging.LoadReport;
import io.smartgrid.substation.charging.Session;

/** Every successful session answer: the session and the load right after the operation. */
record SessionReply(SessionResponse session, LoadResponse load) {

    static SessionReply of(Session session, LoadReport load) {
        return new SessionReply(SessionResponse.from(session), LoadResponse.from(load));
    }
}
