package io.smartgrid.charge.client;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.smartgrid.charge.ChargeProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.stereotype.Component;

/**
 * The balancer replicas this service knows ({@code grid.charge.balancer-url}), and which of them a call should go to.
 * Every configured URL's host name is resolved at each call (the JVM caches lookups for a short while), so a name with
 * several addresses is several replicas. A replica that failed a call is passed over for
 * {@code grid.charge.balancer-backoff} while another one is left; a retry never goes back to a replica the same
 * request has tried already.
 *
 * <p>Spring Cloud LoadBalancer asks for the instances ({@link BalancerInstanceSupplier}) and for the choice
 * ({@link ReplicaLoadBalancer}); the blocking Feign integration does both on the calling thread, which is how a
 * {@link Try} tells the choice what the request has tried and learns which replica was chosen.
 */
@Component
public class BalancerReplicas {

    /** The Spring Cloud LoadBalancer service id of the balancer replicas, and the Feign client's name. */
    public static final String SERVICE_ID = "load-balancer";

    private final List<URI> urls;
    private final Duration backoff;
    private final Clock clock;
    private final Map<String, Instant> failedUntil = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final ThreadLocal<Try> current = new ThreadLocal<>();

    @Autowired
    BalancerReplicas(ChargeProperties properties) {
        this(properties.balancerUrl(), properties.balancerBackoff(), Clock.systemUTC());
    }

    BalancerReplicas(List<URI> urls, Duration backoff, Clock clock) {
        this.urls = List.copyOf(urls);
        this.backoff = backoff;
        this.clock = clock;
    }

    /** Every replica now: one per address of each configured URL's host, in configuration order. */
    List<ServiceInstance> instances() {
        Set<ServiceInstance> instances = new LinkedHashSet<>();
        for (URI url : urls) {
            boolean secure = "https".equalsIgnoreCase(url.getScheme());
            int port = url.getPort() > 0 ? url.getPort() : (secure ? 443 : 80);
            for (String host : addresses(url.getHost())) {
                instances.add(new DefaultServiceInstance(key(host, port), SERVICE_ID, host, port, secure));
            }
        }
        return List.copyOf(instances);
    }

    /** Starts one call: until it is closed, the choice made on this thread avoids {@code tried}. */
    Try begin(Collection<String> tried) {
        Try attempt = new Try(Set.copyOf(tried));
        current.set(attempt);
        return attempt;
    }

    /**
     * Chooses among {@code instances} for the call under way on this thread: round robin over those neither tried by
     * this request nor failed lately; failing that, over those not tried; failing that, over all.
     */
    ServiceInstance choose(List<ServiceInstance> instances) {
        if (instances.isEmpty()) {
            return null;
        }
        Try attempt = current.get();
        Set<String> tried = attempt == null ? Set.of() : attempt.tried;
        Instant now = clock.instant();
        List<ServiceInstance> fresh = new ArrayList<>();
        List<ServiceInstance> untried = new ArrayList<>();
        for (ServiceInstance instance : instances) {
            String key = key(instance.getHost(), instance.getPort());
            if (!tried.contains(key)) {
                untried.add(instance);
                Instant until = failedUntil.get(key);
                if (until == null || !until.isAfter(now)) {
                    fresh.add(instance);
                }
            }
        }
        List<ServiceInstance> pool = !fresh.isEmpty() ? fresh : !untried.isEmpty() ? untried : instances;
        ServiceInstance chosen = pool.get(Math.floorMod(next.getAndIncrement(), pool.size()));
        if (attempt != null) {
            attempt.chosen = key(chosen.getHost(), chosen.getPort());
        }
        return chosen;
    }

    /** Passes over a replica for the backoff, after it refused, timed out or answered "unavailable". */
    void failed(String replica) {
        if (replica != null) {
            failedUntil.put(replica, clock.instant().plus(backoff));
        }
    }

    /** It answered: no reason to pass it over any more. */
    void succeeded(String replica) {
        if (replica != null) {
            failedUntil.remove(replica);
        }
    }

    static String key(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    private static List<String> addresses(String host) {
        try {
            List<String> addresses = new ArrayList<>();
            for (InetAddress address : InetAddress.getAllByName(host)) {
                // An IPv6 literal goes into a URL in brackets.
                addresses.add(address instanceof Inet6Address ? "[" + address.getHostAddress() + "]"
                        : address.getHostAddress());
            }
            return addresses;
        }
        catch (UnknownHostException ex) {
            // Not resolvable now (a container not yet started): kept by name, so that a call fails and moves on.
            return List.of(host);
        }
    }

    /** One call to a replica: which replicas the request had tried before it, and which one was chosen. */
    final class Try implements AutoCloseable {

        private final Set<String> tried;
        private volatile String chosen;

        private Try(Set<String> tried) {
            this.tried = tried;
        }

        /** {@code host:port} of the replica chosen for this call; {@code null} if none was. */
        String chosen() {
            return chosen;
        }

        @Override
        public void close() {
            current.remove();
        }
    }
}
