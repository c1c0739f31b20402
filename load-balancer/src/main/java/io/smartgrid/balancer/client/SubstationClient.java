package io.smartgrid.balancer.client;

import feign.FeignException;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Calls one substation, chosen per call by its base URI, and reports how the call ended instead of throwing. */
@Component
public class SubstationClient {

    private static final Logger log = LoggerFactory.getLogger(SubstationClient.class);

    private final SubstationApi api;

    SubstationClient(SubstationApi api) {
        this.api = api;
    }

    public SubstationReply start(URI substation, StartSession request) {
        try {
            SessionReply reply = api.start(substation, request);
            return new SubstationReply.Answered(reply.session(), reply.load());
        }
        catch (SubstationRejection rejection) {
            return rejected(rejection);
        }
        catch (FeignException ex) {
            return failed(substation, ex);
        }
    }

    public SubstationReply get(URI substation, String sessionId) {
        try {
            SessionReply reply = api.get(substation, sessionId);
            return new SubstationReply.Answered(reply.session(), reply.load());
        }
        catch (SubstationRejection rejection) {
            return rejected(rejection);
        }
        catch (FeignException ex) {
            return failed(substation, ex);
        }
    }

    public SubstationReply stop(URI substation, String sessionId) {
        try {
            SessionReply reply = api.stop(substation, sessionId);
            return new SubstationReply.Answered(reply.session(), reply.load());
        }
        catch (SubstationRejection rejection) {
            return rejected(rejection);
        }
        catch (FeignException ex) {
            return failed(substation, ex);
        }
    }

    /** The substation's current load, or empty when it could not be read. */
    public Optional<Load> load(URI substation) {
        try {
            return Optional.ofNullable(api.load(substation));
        }
        catch (SubstationRejection | FeignException ex) {
            failed(substation, ex);
            return Optional.empty();
        }
    }

    private static SubstationReply rejected(SubstationRejection rejection) {
        return switch (rejection.kind()) {
            case FULL -> new SubstationReply.Full(rejection.load());
            case NOT_FOUND -> new SubstationReply.NotFound(rejection.load());
        };
    }

    private static SubstationReply failed(URI substation, RuntimeException ex) {
        String reason = ex.getClass().getSimpleName();
        log.debug("Call to substation {} failed: {}", substation, ex.toString());
        return new SubstationReply.Failed(reason);
    }
}
