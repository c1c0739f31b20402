package io.smartgrid.http.edge;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts {@link ProblemErrorReportValve} in place of Tomcat's HTML error report. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Tomcat.class)
class TomcatErrorConfiguration {

    @Bean
    ProblemErrorReports problemErrorReports() {
        return new ProblemErrorReports();
    }

    /** Runs after Spring Boot's own customizer, which adds an HTML error report valve that this one replaces. */
    static final class ProblemErrorReports
            implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Host host = (Host) context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new ProblemErrorReportValve());
                if (host instanceof StandardHost standard) {
                    // Otherwise the host adds Tomcat's default one at start, inside ours.
                    standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
