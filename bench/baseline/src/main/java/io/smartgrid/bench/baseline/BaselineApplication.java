package io.smartgrid.bench.baseline;

import java.nio.charset.StandardCharsets;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's yardstick: one Spring MVC hop that does no work. The end-to-end figure means
 * something on a shared, noisy machine only next to what a single hop reaches in the same run.
 */
@SpringBootApplication
public class BaselineApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(BaselineApplication.class).properties("spring.config.name=baseline").run(args);
    }

    @RestController
    static class FixedController {

        /** About the size of a charge session answer, so that both hops write a comparable body. */
        private static final byte[] BODY = ("{\"sessionId\":\"substation-1.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11\","
                + "\"vehicleId\":\"EV-42\",\"substationId\":\"substation-1\",\"powerKw\":11.0,\"energyKwh\":20.0,"
                + "\"status\":\"CHARGING\",\"startedAt\":\"2026-11-21T08:00:00Z\"}").getBytes(StandardCharsets.UTF_8);

        @GetMapping(path = "/fixed", produces = MediaType.APPLICATION_JSON_VALUE)
        ResponseEntity<byte[]> fixed() {
            return ResponseEntity.ok(BODY);
        }
    }
}
