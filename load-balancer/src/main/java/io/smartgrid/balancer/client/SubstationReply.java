package io.smartgrid.balancer.client;

/** How a call to a substation ended; every substation reply that carries a load report exposes it. */
public sealed interface SubstationReply {

    /** The substation's load as of this reply, or {@code null} when it sent none. */
    Load load();

    /** The substation answered with the session. */
    record Answered(Session session, Load load) implements SubstationReply {
    }

    /** {@code 409}: admitting the session would pass the substation's capacity. */
    record Full(Load load) implements SubstationReply {
    }

    /** {@code 404}: the substation does not know the session. */
    record NotFound(Load load) implements SubstationReply {
    }

    /** No usable answer: connection refused, timeout, or an unexpected status. */
    record Failed(String reason) implements SubstationReply {

        @Override
        public Load load() {
            return null;
        }
    }
}
