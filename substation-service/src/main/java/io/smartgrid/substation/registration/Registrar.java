package io.smartgrid.substation.registration;

import io.smartgrid.http.edge.OperatorToken;

import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import feign.FeignException;
import io.smartgrid.substation.charging.ChargingStation;
import io.smartgrid.substation.charging.HostIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * Keeps this substation registered with every balancer replica: each configured URL
 * ({@code grid.substation.registration.balancer-url}, one or several), and each address its host name resolves to,
 * looked up again every heartbeat interval, so that a name with several addresses (a Kubernetes headless Service)
 * reaches every replica, and replicas that come and go are followed. With each replica on its own schedule, it
 * registers once the web server is up (retrying with doubling backoff until that replica answers), sends a heartbeat
 * every interval, registers again when the replica has forgotten it ({@code 404}), and deregisters on a graceful
 * shutdown, before the web server stops taking requests. A replica that is down or hung delays no other.
 */
final class Registrar implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Registrar.class);

    /** Calls to replicas at once; more replicas than this share the threads. */
    private static final int THREADS = 4;

    private final BalancerApi balancer;
    private final BalancerTarget.Resolver resolver;
    private final ChargingStation station;
    private final RegistrationProperties properties;
    private final OperatorToken token;
    private final Environment environment;
    /** By the address a call goes to. */
    private final Map<URI, Link> links = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;
    private volatile boolean running;
    private volatile URI advertisedUrl;

    Registrar(BalancerApi balancer, BalancerTarget.Resolver resolver, ChargingStation station,
            RegistrationProperties properties, OperatorToken token, Environment environment) {
        this.balancer = balancer;
        this.resolver = resolver;
        this.station = station;
        this.properties = properties;
        this.token = token;
        this.environment = environment;
    }

    /** The replicas this substation is registered with now, by address. */
    List<URI> registeredWith() {
        return links.values().stream().filter(link -> link.registered).map(link -> link.target.address()).toList();
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
        AtomicInteger threads = new AtomicInteger();
        scheduler = Executors.newScheduledThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "registrar-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        running = true;
        scheduler.scheduleWithFixedDelay(this::discover, 0, properties.heartbeatInterval().toMillis(),
                TimeUnit.MILLISECONDS);
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
        for (Link link : links.values()) {
            link.deregister();
        }
        links.clear();
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

    /** Resolves every configured URL again: new addresses get a link of their own, vanished ones lose theirs. */
    private void discover() {
        try {
            Map<URI, BalancerTarget> now = new LinkedHashMap<>();
            for (URI configured : properties.balancerUrl()) {
                List<BalancerTarget> targets;
                try {
                    targets = BalancerTarget.resolve(configured, resolver);
                }
                catch (UnknownHostException ex) {
                    // Not resolvable now (a replica not yet started, a DNS hiccup): keep what it resolved to before.
                    targets = new ArrayList<>();
                    for (Link link : links.values()) {
                        if (link.target.configured().equals(configured)) {
                            targets.add(link.target);
                        }
                    }
                    if (targets.isEmpty()) {
                        log.debug("Balancer {} does not resolve yet", configured);
                    }
                }
                targets.forEach(target -> now.putIfAbsent(target.address(), target));
            }
            for (BalancerTarget target : now.values()) {
                links.computeIfAbsent(target.address(), address -> {
                    Link link = new Link(target);
                    schedule(link, Duration.ZERO);
                    return link;
                });
            }
            links.entrySet().removeIf(entry -> {
                if (!now.containsKey(entry.getKey())) {
                    // That replica is gone (its address left the name): nothing to tell it.
                    entry.getValue().retired = true;
                    log.info("Balancer {} is no longer listed; not registering with it any more", entry.getValue().target);
                    return true;
                }
                return false;
            });
        }
        catch (RuntimeException ex) {
            // A scheduled task that throws is never run again; discovery must go on whatever happened.
            log.warn("Looking up the balancers failed unexpectedly", ex);
        }
    }

    private void schedule(Link link, Duration delay) {
        if (!running || link.retired) {
            return;
        }
        try {
            scheduler.schedule(link::tick, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (RuntimeException ex) {
            // Rejected while shutting down.
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

    /** This substation's registration with one balancer replica, on its own schedule. */
    private final class Link {

        private final BalancerTarget target;
        private volatile boolean registered;
        private volatile boolean retired;
        private int failures;

        Link(BalancerTarget target) {
            this.target = target;
        }

        void tick() {
            if (!running || retired) {
                return;
            }
            Duration next;
            try {
                next = registered ? heartbeat() : register();
            }
            catch (RuntimeException ex) {
                // A task that throws is never run again; registration must go on whatever happened.
                log.warn("Registration step with {} failed unexpectedly", target, ex);
                next = properties.heartbeatInterval();
            }
            schedule(this, next);
        }

        private Duration register() {
            try {
                balancer.register(target.address(), target.host(),
                        new Registration(station.substationId(), advertisedUrl.toString(), station.capacityKw()));
                registered = true;
                failures = 0;
                log.info("Registered {} at {} with the balancer {}", station.substationId(), advertisedUrl, target);
                return properties.heartbeatInterval();
            }
            catch (FeignException ex) {
                failures++;
                Duration wait = backoff(failures);
                if (failures == 1 || wait.equals(properties.retryBackoffMax())) {
                    log.warn("Could not register {} with the balancer {} ({}); retrying in {}", station.substationId(),
                            target, ex.status() > 0 ? "HTTP " + ex.status() : ex.getClass().getSimpleName(), wait);
                }
                return wait;
            }
        }

        private Duration heartbeat() {
            try {
                balancer.heartbeat(target.address(), target.host(), station.substationId());
                return properties.heartbeatInterval();
            }
            catch (FeignException.NotFound ex) {
                // That replica restarted or timed this substation out: announce it again straight away.
                log.info("The balancer {} no longer knows {}; registering again", target, station.substationId());
                registered = false;
                return Duration.ZERO;
            }
            catch (FeignException ex) {
                log.warn("Heartbeat of {} to {} failed: {}", station.substationId(), target, ex.toString());
                return properties.heartbeatInterval();
            }
        }

        void deregister() {
            if (!registered) {
                return;
            }
            registered = false;
            try {
                balancer.deregister(target.address(), target.host(), station.substationId());
                log.info("Deregistered {} from the balancer {}", station.substationId(), target);
            }
            catch (FeignException ex) {
                // The balancer drops it anyway once its heartbeats stop.
                log.warn("Could not deregister {} from the balancer {}: {}", station.substationId(), target, ex.toString());
            }
        }
    }
}
