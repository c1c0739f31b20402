package io.smartgrid.charge;

import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the embedded Jetty treats odd request paths. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Server.class, ServletContextHandler.class })
class JettyPathConfiguration {

    /**
     * Jetty refuses a path with an encoded slash or backslash, or an encoded dot segment beside one
     * ({@code /charge/..%2F..%2Fetc}, {@code /charge/%2e%2e%2fsessions}, {@code /charge/x%5C..}), with {@code 400}
     * before the application sees it. Passed through undecoded, it stays inside the one path segment, fails the session-id check and gets the
     * contract's 404 problem instead. Nothing here maps paths to files, so an encoded slash carries no meaning to
     * exploit.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> encodedSlashesStayInTheirSegment() {
        UriCompliance compliance = UriCompliance.DEFAULT.with("DEFAULT_WITH_ENCODED_SEPARATORS",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
                UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING, UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS);
        return factory -> factory.addServerCustomizers(server -> {
            for (Connector connector : server.getConnectors()) {
                HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
                if (http != null) {
                    http.getHttpConfiguration().setUriCompliance(compliance);
                }
            }
            for (ServletContextHandler context : server.getDescendants(ServletContextHandler.class)) {
                context.getServletHandler().setDecodeAmbiguousURIs(true);
            }
        });
    }
}
