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

    /**
     * {@code 409 above-ceiling}: the session would have taken the substation above the ceiling sent with it, so it
     * admitted nothing. Not a failure and not "full": the load it carries corrects the view, and the request is
     * chosen for again.
     */
    record AboveCeiling(Load load) implements SubstationReply {
    }

    /** {@code 404}: the substation does not know the session. */
    record NotFound(Load load) implements SubstationReply {
    }

    /**
     * No usable answer: connection refused, timeout, or an unexpected status.
     *
     * @param mayHaveArrived whether the request may have reached the substation, and so have taken effect there
     *     (a timeout, an unexpected status); {@code false} only when it certainly never left (open circuit, connection
     *     refused)
     */
    record Failed(String reason, boolean mayHaveArrived) implements SubstationReply {

        /** A failure that may have taken effect: the cautious default. */
        public Failed(String reason) {
            this(reason, true);
        }

        @Override
        public Load load() {
            return null;
        }
    }
}
