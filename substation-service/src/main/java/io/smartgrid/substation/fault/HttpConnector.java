package io.smartgrid.substation.fault;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Closes and reopens the embedded Jetty's HTTP port, for a simulated outage. Stopping the connector unbinds the port
 * and closes its open connections (HTTP/1.1 and h2c alike): callers get "connection refused", exactly as from a dead
 * process. Starting it again binds the same port.
 */
@Component
class HttpConnector {

    private static final Logger log = LoggerFactory.getLogger(HttpConnector.class);

    private final ApplicationContext context;

    HttpConnector(ApplicationContext context) {
        this.context = context;
    }

    void close() {
        ServerConnector connector = connector();
        if (connector != null && connector.isStarted()) {
            try {
                // Reopen on the same port even when it was picked at random (server.port=0).
                connector.setPort(connector.getLocalPort());
                connector.stop();
            }
            catch (Exception ex) {
                log.warn("Could not close the HTTP port for a simulated outage", ex);
            }
        }
    }

    void open() {
        ServerConnector connector = connector();
        if (connector != null && !connector.isStarted()) {
            try {
                connector.start();
            }
            catch (Exception ex) {
                log.warn("Could not reopen the HTTP port after a simulated outage", ex);
            }
        }
    }

    private ServerConnector connector() {
        if (context instanceof WebServerApplicationContext web) {
            WebServer server = web.getWebServer();
            if (server instanceof JettyWebServer jetty) {
                for (Connector connector : jetty.getServer().getConnectors()) {
                    if (connector instanceof ServerConnector http) {
                        return http;
                    }
                }
            }
        }
        return null;
    }
}
