package io.smartgrid.localgrid;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sends java.util.logging, which OkHttp (the client between the services) logs through, to Logback. Spring Boot's
 * logging system does this in each standalone service; in the one-JVM grid that system is switched off (see
 * {@link Grid#start}), so without this OkHttp would print in java.util.logging's own two-line format beside Logback's
 * lines. (Jetty logs through SLF4J itself.)
 */
final class JulToLogback {

    private JulToLogback() {
    }

    static synchronized void install() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
