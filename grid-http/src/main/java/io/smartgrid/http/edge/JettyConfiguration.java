package io.smartgrid.http.edge;

import java.util.concurrent.CompletableFuture;

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
import org.eclipse.jetty.server.handler.GracefulHandler;

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
 * while the connection changes protocol never meets an early answer. A graceful shutdown refuses whatever arrives
 * after it began, on any connection, and tells h2c clients to go elsewhere ({@link ShutdownGate}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Server.class, HTTP2CServerConnectionFactory.class })
class JettyConfiguration {

    @Bean
    ShutdownGate shutdownGate() {
        return new ShutdownGate();
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> gridJetty(ShutdownGate gate) {
        return factory -> factory.addServerCustomizers(gate::install, server -> {
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
     * On a graceful shutdown, before Spring Boot waits for the requests in flight, closes the gate: every request that
     * reaches the server from then on is refused with a {@code 503 grid-unavailable} ({@link ProblemErrorHandler}) and
     * {@code Connection: close} before any handler sees it, the port is closed, and every h2c connection gets a
     * {@code GOAWAY}, so that its client opens no new stream on it (OkHttp's next call finds the port closed, and the
     * caller tries another replica). Then it waits, within the shutdown phase's time-out, until every request let in
     * before the gate closed has been answered in full.
     * <p>
     * Jetty keeps taking requests on connections kept alive from before the shutdown, and Spring Boot's wait polls a
     * request count every 100 ms: a request taken between a poll that saw none and the connector's stop would be
     * handled (a car admitted) and then cut off with its connection. Refusing at the gate, and counting what passed
     * it with the same handler that refuses ({@link GracefulHandler}), leaves no such gap.
     * <p>
     * The gate stays closed: a service stops by closing its context, and a new one starts with a new gate (a context
     * stopped and started again in place would refuse everything, as no service of the grid does).
     */
    static final class ShutdownGate implements SmartLifecycle {

        private final GracefulHandler gate = new GracefulHandler();
        private volatile boolean running;

        /** Puts the gate in front of the server's handlers; the gate then knows its server. */
        void install(Server jetty) {
            gate.setHandler(jetty.getHandler());
            jetty.setHandler(gate);
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            close();
        }

        @Override
        public void stop(Runnable callback) {
            close().whenComplete((done, failure) -> callback.run());
        }

        private CompletableFuture<Void> close() {
            running = false;
            Server jetty = gate.getServer();
            if (jetty == null) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> letIn = gate.shutdown();
            for (Connector connector : jetty.getConnectors()) {
                connector.shutdown();
                for (PriorKnowledgeH2c h2c : connector.getBeans(PriorKnowledgeH2c.class)) {
                    h2c.getBean(SessionContainer.class).shutdown();
                }
            }
            return letIn;
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
