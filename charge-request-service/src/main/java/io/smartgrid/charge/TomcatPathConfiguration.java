package io.smartgrid.charge;

import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the embedded Tomcat treats odd request paths. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Tomcat.class)
class TomcatPathConfiguration {

    /**
     * Tomcat answers an encoded slash or backslash ({@code /charge/..%2F..%2Fetc}) with its own HTML 400
     * before the application sees it. Passed through undecoded, it stays inside the one path segment, fails
     * the session-id check and gets the contract's 404 problem instead. Nothing here maps paths to files,
     * so an encoded slash carries no meaning to exploit.
     */
    @Bean
    TomcatConnectorCustomizer encodedSlashesStayInTheirSegment() {
        return connector -> {
            connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
            connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
        };
    }
}
