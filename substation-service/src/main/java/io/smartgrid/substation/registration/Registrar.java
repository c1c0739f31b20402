package io.smartgrid.substation.registration;

import io.smartgrid.http.edge.OperatorToken;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import feign.FeignException;
import io.smartgrid.substation.charging.ChargingStation;
import io.smartgrid.substation.charging.HostIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * Keeps this substation registered with the balancer: registers once the web server is up (retrying with doubling
 * backoff until the balancer answers), then sends a heartbeat every interval, registers again when the balancer has
 * forgotten it ({@code 404}), and deregisters on a graceful shutdown, before the web server stops taking requests.
 */
final class Registrar implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Registrar.class);

    private final BalancerApi balancer;
    private final ChargingStation station;
    private final RegistrationProperties properties;
    private final OperatorToken token;
    private final Environment environment;
    private ScheduledExecutorService scheduler;
    private volatile boolean running;
    private volatile boolean registered;
    private volatile URI advertisedUrl;
    private int failures;

    Registrar(BalancerApi balancer, ChargingStation station, RegistrationProperties properties, OperatorToken token,
            Environment environment) {
        this.balancer = balancer;
        this.station = station;
        this.properties = properties;
        this.token = token;
        this.environment = environment;
    }

    /** Whether the balancer has accepted this substation and not forgotten it since. */
    boolean registered() {
        return registered;
    }

    /** The URL this substation gives the balancer; known once started. */
    URI advertisedUrl() {
        return advertisedUrl;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        if (!token.configured()) {
            // The balancer would refuse every call; say so once instead of retrying for ever.
            log.warn("grid.substation.registration.balancer-url is set but grid.registration.token is not; not registering");
            return;
        }
        advertisedUrl = properties.advertisedUrl() != null ? properties.advertisedUrl() : defaultUrl();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "registrar");
            thread.setDaemon(true);
            return thread;
        });
        running = true;
        scheduler.execute(this::tick);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(properties.readTimeout().toMillis() + properties.connectTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        if (registered) {
            registered = false;
            try {
                balancer.deregister(station.substationId());
                log.info("Deregistered {} from the balancer", station.substationId());
            }
            catch (FeignException ex) {
                // The balancer drops it anyway once its heartbeats stop.
                log.warn("Could not deregister {} from the balancer: {}", station.substationId(), ex.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Runs after the web server has started (a lower phase), and stops before its graceful shutdown begins. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    private void tick() {
        if (!running) {
            return;
        }
        Duration next;
        try {
            next = registered ? heartbeat() : register();
        }
        catch (RuntimeException ex) {
            // A task that throws is never run again; registration must go on whatever happened.
            log.warn("Registration step failed unexpectedly", ex);
            next = properties.heartbeatInterval();
        }
        if (running) {
            try {
                scheduler.schedule(this::tick, next.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (RuntimeException ex) {
                // Rejected while shutting down.
            }
        }
    }

    private Duration register() {
        try {
            balancer.register(new Registration(station.substationId(), advertisedUrl.toString(), station.capacityKw()));
            registered = true;
            failures = 0;
            log.info("Registered {} at {} with the balancer {}", station.substationId(), advertisedUrl,
                    properties.balancerUrl());
            return properties.heartbeatInterval();
        }
        catch (FeignException ex) {
            failures++;
            Duration wait = backoff(failures);
            if (failures == 1 || wait.equals(properties.retryBackoffMax())) {
                log.warn("Could not register {} with the balancer {} ({}); retrying in {}", station.substationId(),
                        properties.balancerUrl(), ex.status() > 0 ? "HTTP " + ex.status() : ex.getClass().getSimpleName(),
                        wait);
            }
            return wait;
        }
    }

    private Duration heartbeat() {
        try {
            balancer.heartbeat(station.substationId());
            return properties.heartbeatInterval();
        }
        catch (FeignException.NotFound ex) {
            // The balancer restarted or timed this substation out: announce it again straight away.
            log.info("The balancer no longer knows {}; registering again", station.substationId());
            registered = false;
            return Duration.ZERO;
        }
        catch (FeignException ex) {
            log.warn("Heartbeat of {} failed: {}", station.substationId(), ex.toString());
            return properties.heartbeatInterval();
        }
    }

    private Duration backoff(int failures) {
        Duration wait = properties.retryBackoff();
        for (int i = 1; i < failures && wait.compareTo(properties.retryBackoffMax()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(properties.retryBackoffMax()) > 0 ? properties.retryBackoffMax() : wait;
    }

    private URI defaultUrl() {
        // local.server.port is the port really bound, also when server.port is 0.
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8082"));
        return URI.create("http://" + HostIdentity.localHostname() + ":" + port);
    }
}
