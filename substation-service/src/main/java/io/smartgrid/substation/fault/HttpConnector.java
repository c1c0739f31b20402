package io.smartgrid.substation.fault;

import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Closes and reopens the embedded Tomcat's HTTP port, for a simulated outage. Spring Boot binds the port when the
 * connector starts (not when it is created), so stopping the connector really unbinds it: callers get "connection
 * refused", exactly as from a dead process.
 */
@Component
class HttpConnector {

    private static final Logger log = LoggerFactory.getLogger(HttpConnector.class);

    private final ApplicationContext context;

    HttpConnector(ApplicationContext context) {
        this.context = context;
    }

    void close() {
        Connector connector = connector();
        if (connector != null && connector.getState() == LifecycleState.STARTED) {
            try {
                // Reopen on the same port even when it was picked at random (server.port=0).
                connector.setPort(connector.getLocalPort());
                connector.stop();
            }
            catch (LifecycleException ex) {
                log.warn("Could not close the HTTP port for a simulated outage", ex);
            }
        }
    }

    void open() {
        Connector connector = connector();
        if (connector != null && connector.getState() != LifecycleState.STARTED) {
            try {
                connector.start();
            }
            catch (LifecycleException ex) {
                log.warn("Could not reopen the HTTP port after a simulated outage", ex);
            }
        }
    }

    private Connector connector() {
        if (context instanceof WebServerApplicationContext web) {
            WebServer server = web.getWebServer();
            if (server instanceof TomcatWebServer tomcat) {
                return tomcat.getTomcat().getConnector();
            }
        }
        return null;
    }
}
