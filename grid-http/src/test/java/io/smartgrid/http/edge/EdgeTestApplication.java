package io.smartgrid.http.edge;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A service of the grid in miniature: a validated API, an advice on {@link GridProblemAdvice}, an operator call. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(OperatorToken.class)
@Import({ EdgeTestApplication.Things.class, EdgeTestApplication.Advice.class })
class EdgeTestApplication {

    @Bean
    FilterRegistrationBean<?> operatorGuard(OperatorToken token) {
        return token.guard("/operator", "/operator/*");
    }

    record Thing(@NotBlank(message = "is required") String name,
            @DecimalMin(value = "1", message = "must be between 1 and 350")
            @DecimalMax(value = "350", message = "must be between 1 and 350") Double kw) {
    }

    /** A failure of the kind a service describes itself. */
    static final class GridFull extends ProblemException {

        GridFull() {
            super("grid full");
        }

        @Override
        public ProblemDetail problem() {
            return ProblemType.GRID_FULL.problem("No room.");
        }

        @Override
        public HttpHeaders headers() {
            return retryAfter(Duration.ofMillis(1500));
        }
    }

    @RestController
    static class Things {

        /** How many things were created: a refused call must not have created one. */
        static final AtomicInteger created = new AtomicInteger();

        /** Opened by a held request once it is being handled. */
        static volatile CountDownLatch holding = new CountDownLatch(1);

        /** Lets a held request finish. */
        static volatile CountDownLatch release = new CountDownLatch(1);

        @PostMapping("/things")
        ResponseEntity<Thing> create(@Valid @RequestBody Thing thing) {
            created.incrementAndGet();
            return ResponseEntity.status(201).body(thing);
        }

        @GetMapping("/things/{id}")
        Thing get(@PathVariable String id, @RequestHeader(name = "X-Required", required = false) String required) {
            return switch (id) {
                case "full" -> throw new GridFull();
                case "boom" -> throw new IllegalStateException("secret internal detail at org.example.Secret");
                default -> new Thing(id, 11.0);
            };
        }

        @GetMapping("/needs-header")
        String needsHeader(@RequestHeader("X-Required") String required) {
            return required;
        }

        /** Holds the request until {@link #release} opens: a request in flight for as long as a test needs one. */
        @PostMapping("/things/held")
        String held() throws InterruptedException {
            holding.countDown();
            return release.await(10, TimeUnit.SECONDS) ? "released" : "timed out";
        }

        @PostMapping("/operator/drain")
        String drain() {
            return "drained";
        }
    }

    @RestControllerAdvice
    static class Advice extends GridProblemAdvice {
    }
}
