package io.smartgrid.balancer.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What a substation answers to every session call: the session and its load right after. */
@JsonIgnoreProperties(ignoreUnknown = true)
record SessionReply(Session session, Load load) {
}
