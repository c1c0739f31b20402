package io.smartgrid.substation.registration;

import java.net.InetAddress;
import java.net.Inet6Address;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * One balancer replica to register with: a configured URL with its host name resolved to one address. Calls go to
 * {@link #address()}; their {@code Host} header stays the configured {@link #host()}.
 */
record BalancerTarget(URI configured, URI address, String host) {

    /** Resolves a host name to all its addresses; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    interface Resolver {

        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** One target per address of the configured URL's host; an IP literal is one address already. */
    static List<BalancerTarget> resolve(URI configured, Resolver resolver) throws UnknownHostException {
        List<BalancerTarget> targets = new ArrayList<>();
        for (InetAddress address : resolver.resolve(configured.getHost())) {
            String literal = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]"
                    : address.getHostAddress();
            URI url = URI.create(configured.getScheme() + "://" + literal
                    + (configured.getPort() > 0 ? ":" + configured.getPort() : "") + path(configured));
            targets.add(new BalancerTarget(configured, url, configured.getRawAuthority()));
        }
        return targets;
    }

    private static String path(URI configured) {
        String path = configured.getRawPath();
        return path == null || path.equals("/") ? "" : path;
    }

    @Override
    public String toString() {
        return address.equals(configured) ? configured.toString() : configured + " (" + address.getAuthority() + ")";
    }
}
