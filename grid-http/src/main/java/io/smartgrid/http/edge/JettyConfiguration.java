package io.smartgrid.http.edge;

import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.SessionContainer;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The grid's Jetty: {@link ProblemErrorHandler} in place of Jetty's own error page for what it refuses before the
 * servlet, and cleartext HTTP/2 beside HTTP/1.1 on the same port, for the clients that start it by prior knowledge
 * (the grid's own, {@code io.smartgrid.http.GridHttpClient}). A request asking to upgrade ({@code Upgrade: h2c}) stays
 * on HTTP/1.1: public clients (curl, browsers, load generators) keep the protocol they know, and a body being sent
 * while the connection changes protocol never meets an early answer. A graceful shutdown tells h2c clients to go
 * elsewhere ({@link GoAwayOnShutdown}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Server.class, HTTP2CServerConnectionFactory.class })
class JettyConfiguration {

    @Bean
    GoAwayOnShutdown goAwayOnShutdown() {
        return new GoAwayOnShutdown();
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> gridJetty(GoAwayOnShutdown goAway) {
        return factory -> factory.addServerCustomizers(goAway::watch, server -> {
            server.setErrorHandler(new ProblemErrorHandler());
            for (Connector connector : server.getConnectors()) {
                HttpConnectionFactory h1 = connector.getConnectionFactory(HttpConnectionFactory.class);
                if (connector instanceof ServerConnector http && h1 != null) {
                    // Replaces the one server.http2.enabled would add, which also accepts upgrades.
                    http.removeConnectionFactory("h2c");
                    http.addConnectionFactory(new PriorKnowledgeH2c(h1));
                }
            }
        });
    }

    /** h2c by prior knowledge only: Jetty hands the preface ({@code PRI * HTTP/2.0}) here as an upgrade too. */
    static final class PriorKnowledgeH2c extends HTTP2CServerConnectionFactory {

        PriorKnowledgeH2c(HttpConnectionFactory http1) {
            super(http1.getHttpConfiguration());
        }

        @Override
        public Connection upgradeConnection(Connector connector, EndPoint endPoint, MetaData.Request request,
                HttpFields.Mutable response) {
            return HttpMethod.PRI.is(request.getMethod())
                    ? super.upgradeConnection(connector, endPoint, request, response) : null;
        }
    }

    /**
     * On a graceful shutdown, before Spring Boot waits for the requests in flight: closes the port and sends every h2c
     * connection a {@code GOAWAY}, so that its client opens no new stream on it (OkHttp's next call finds the port
     * closed, and the caller tries another replica). Without it, a peer's one multiplexed connection would keep
     * bringing new calls, and the wait for "no request in flight" would last as long as its traffic does.
     */
    static final class GoAwayOnShutdown implements SmartLifecycle {

        private final AtomicReference<Server> server = new AtomicReference<>();
        private volatile boolean running;

        void watch(Server jetty) {
            server.set(jetty);
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            Server jetty = server.get();
            if (jetty == null) {
                return;
            }
            for (Connector connector : jetty.getConnectors()) {
                connector.shutdown();
                for (PriorKnowledgeH2c h2c : connector.getBeans(PriorKnowledgeH2c.class)) {
                    h2c.getBean(SessionContainer.class).shutdown();
                }
            }
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        /** Just before Spring Boot's graceful shutdown, which then finds the port closed already. */
        @Override
        public int getPhase() {
            return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
        }
    }
}
