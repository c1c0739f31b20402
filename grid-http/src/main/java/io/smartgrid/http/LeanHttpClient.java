package io.smartgrid.http;

import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;

/**
 * The pooled HttpClient 5 settings of every call between the grid's services.
 *
 * <p>HttpClient 5 on its own retries a 503 once after sleeping for its {@code Retry-After}, even a POST: a refused
 * start would reach the next hop twice and take seconds. Retrying is always the caller's decision here (the
 * balancer tries another substation, a client retries with its {@code Idempotency-Key}), so the client never retries
 * by itself. The rest takes out of every call what a call inside the grid never needs: redirects, compressed bodies,
 * auth and connection-state tracking, and a look at the JVM's proxy settings (internal traffic goes direct).
 */
public final class LeanHttpClient {

    private LeanHttpClient() {
    }

    /** Applies the settings; shaped to be a Spring Cloud OpenFeign {@code HttpClientBuilderCustomizer}. */
    public static void customize(HttpClientBuilder builder) {
        builder.disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .disableAuthCaching()
                .disableConnectionState()
                .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE));
    }
}
