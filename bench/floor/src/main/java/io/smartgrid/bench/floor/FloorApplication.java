package io.smartgrid.bench.floor;

import java.time.Instant;
import java.util.UUID;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's second yardstick: the grid's topology (a request in, two Feign calls down a chain of three Spring
 * MVC hops, JSON bodies both ways) on the grid's stack and settings, with no work at any hop. What this reaches on a
 * machine is about the most the grid's design can reach on it: the distance between the two is the grid's own cost.
 */
@SpringBootApplication
@EnableFeignClients
public class FloorApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(FloorApplication.class).properties("spring.config.name=floor").run(args);
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

        Hops(Middle middle, Last last) {
            this.middle = middle;
            this.last = last;
        }

        @PostMapping(path = "/charge", consumes = MediaType.APPLICATION_JSON_VALUE)
        Session first(@RequestBody Request request) {
            return middle.start(request);
        }

        @PostMapping(path = "/middle", consumes = MediaType.APPLICATION_JSON_VALUE)
        Session middle(@RequestBody Request request) {
            return last.start(request);
        }

        @PostMapping(path = "/last", consumes = MediaType.APPLICATION_JSON_VALUE)
        Session last(@RequestBody Request request) {
            return new Session("substation-1." + UUID.randomUUID(), request.vehicleId(), "substation-1", request.powerKw(),
                    request.energyKwh(), "CHARGING", Instant.now());
        }
    }
}
