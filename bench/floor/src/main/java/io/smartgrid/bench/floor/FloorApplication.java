package io.smartgrid.bench.floor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import feign.Client;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import feign.http2client.Http2Client;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Protocol;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's second yardstick: the grid's topology (a request in, two Feign calls down a chain of three Spring
 * MVC hops, JSON bodies both ways) on the grid's stack and settings, with no work at any hop. What this reaches on a
 * machine is about the most the grid's design can reach on it: the distance between the two is the grid's own cost.
 *
 * <p>{@code bench/matrix.sh} runs it in variants, side by side: the Feign client underneath ({@code floor.client}:
 * {@code hc5}, the grid's pooled Apache HttpClient 5 classic, the default; {@code jdk}, the JDK's {@code HttpClient}
 * through feign-java11; {@code okhttp}), the protocol between the hops ({@code floor.h2c}: cleartext HTTP/2, which
 * the JDK client reaches by upgrade and OkHttp by prior knowledge; HttpClient 5 classic speaks HTTP/1.1 only),
 * virtual or platform request threads ({@code spring.threads.virtual.enabled}, {@code server.tomcat.threads.max}),
 * and the server (the {@code jetty} build profile swaps Tomcat for Jetty).
 */
@SpringBootApplication
@EnableFeignClients
public class FloorApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(FloorApplication.class).properties("spring.config.name=floor").run(args);
    }

    /** The JDK's HTTP client: HTTP/1.1 keep-alive, or h2c by upgrade (one connection, multiplexed). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "floor.client", havingValue = "jdk")
    static class JdkClient {

        @Bean
        Client feignClient(@org.springframework.beans.factory.annotation.Value("${floor.h2c:false}") boolean h2c) {
            return new Http2Client(java.net.http.HttpClient.newBuilder()
                    .version(h2c ? java.net.http.HttpClient.Version.HTTP_2 : java.net.http.HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(1))
                    .build());
        }
    }

    /** OkHttp: HTTP/1.1 with a pool as large as the grid's, or h2c by prior knowledge. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "floor.client", havingValue = "okhttp")
    static class OkHttp {

        @Bean
        Client feignClient(@org.springframework.beans.factory.annotation.Value("${floor.h2c:false}") boolean h2c) {
            Dispatcher dispatcher = new Dispatcher();
            dispatcher.setMaxRequests(400);
            dispatcher.setMaxRequestsPerHost(400);
            return new feign.okhttp.OkHttpClient(new okhttp3.OkHttpClient.Builder()
                    .protocols(h2c ? List.of(Protocol.H2_PRIOR_KNOWLEDGE) : List.of(Protocol.HTTP_1_1))
                    .connectionPool(new ConnectionPool(400, 5, TimeUnit.MINUTES))
                    .dispatcher(dispatcher)
                    .connectTimeout(Duration.ofSeconds(1))
                    .readTimeout(Duration.ofSeconds(10))
                    .build());
        }
    }

    /** The body of {@code POST /charge}. */
    public record Request(String vehicleId, double powerKw, double energyKwh) {
    }

    /** A session, as the substation answers it. */
    public record Session(String sessionId, String vehicleId, String substationId, double powerKw, double energyKwh,
            String status, Instant startedAt) {
    }

    @FeignClient(name = "middle", url = "${floor.url}")
    public interface Middle {

        @PostMapping(path = "/middle", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
        Session start(@RequestBody Request request);
    }

    @FeignClient(name = "last", url = "${floor.url}")
    public interface Last {

        @PostMapping(path = "/last", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
        Session start(@RequestBody Request request);
    }

    @RestController
    static class Hops {

        private final Middle middle;
        private final Last last;
        private final MeterRegistry meters;

        Hops(Middle middle, Last last, MeterRegistry meters) {
            this.middle = middle;
            this.last = last;
            this.meters = meters;
        }

        /** Counts the protocol each inner hop really arrived on, so that a variant's label is checked, not assumed. */
        private void arrived(HttpServletRequest request) {
            meters.counter("floor.hops", "protocol", request.getProtocol()).increment();
        }

        @PostMapping(path = "/charge", consumes = MediaType.APPLICATION_JSON_VALUE)
        Session first(@RequestBody Request request) {
            return middle.start(request);
        }

        @PostMapping(path = "/middle", consumes = MediaType.APPLICATION_JSON_VALUE)
        Session middle(@RequestBody Request request, HttpServletRequest http) {
            arrived(http);
            return last.start(request);
        }

        @PostMapping(path = "/last", consumes = MediaType.APPLICATION_JSON_VALUE)
        Session last(@RequestBody Request request, HttpServletRequest http) {
            arrived(http);
            return new Session("substation-1." + UUID.randomUUID(), request.vehicleId(), "substation-1", request.powerKw(),
                    request.energyKwh(), "CHARGING", Instant.now());
        }
    }
}
