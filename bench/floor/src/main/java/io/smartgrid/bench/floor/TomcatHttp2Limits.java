package io.smartgrid.bench.floor;

import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.http2.Http2Protocol;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's HTTP/2 limits for the h2c variants ({@code floor.tomcat-h2-streams}, 0 keeps Tomcat's defaults). By default
 * Tomcat allows 100 concurrent streams per connection and runs 20 of them at once; the floor's hops share one
 * multiplexed connection and each holds its stream while it calls the next hop, so under 64 connections the held
 * streams can starve the ones they wait for. Not compiled into the Jetty build (see the {@code jetty} profile).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.apache.coyote.http2.Http2Protocol")
class TomcatHttp2Limits {

    @Bean
    TomcatConnectorCustomizer http2StreamLimits(@Value("${floor.tomcat-h2-streams:0}") int streams) {
        return connector -> {
            if (streams <= 0) {
                return;
            }
            for (UpgradeProtocol protocol : connector.findUpgradeProtocols()) {
                if (protocol instanceof Http2Protocol http2) {
                    http2.setMaxConcurrentStreams(streams);
                    http2.setMaxConcurrentStreamExecution(streams);
                }
            }
        };
    }
}
