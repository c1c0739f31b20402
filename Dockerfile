# One image per service, built from source inside the builder stage:
#
#   docker build --build-arg MODULE=substation-service --build-arg SERVER_PORT=8082 -t smart-grid/substation-service .
#
# MODULE is the Maven module (substation-service, load-balancer, charge-request-service) and SERVER_PORT the
# port that service listens on; docker-compose.yml passes both. Works with the classic builder (no BuildKit
# cache mounts): the Maven repository is cached in a layer that only changes when a pom changes.

ARG JDK_IMAGE=eclipse-temurin:21-jdk
ARG JRE_IMAGE=eclipse-temurin:25-jre

FROM ${JDK_IMAGE} AS builder
WORKDIR /workspace

# The wrapper and every pom first: the reactor needs all module poms, and the dependency layer below is then
# rebuilt only when a pom changes, not on every source edit. Up to that layer the instructions do not depend on
# MODULE and are the same in docker/load-tester.Dockerfile, so all four images share one dependency layer: a
# cold build downloads the dependencies once, not once per image.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY grid-http/pom.xml grid-http/
COPY substation-allocation/pom.xml substation-allocation/
COPY substation-service/pom.xml substation-service/
COPY load-balancer/pom.xml load-balancer/
COPY charge-request-service/pom.xml charge-request-service/
COPY load-tester/pom.xml load-tester/
COPY local-grid/pom.xml local-grid/
COPY system-tests/pom.xml system-tests/
RUN ./mvnw -B -q -pl substation-service,load-balancer,charge-request-service,load-tester -am dependency:go-offline

ARG MODULE
RUN test -n "${MODULE}" || { echo "build argument MODULE is required, e.g. --build-arg MODULE=load-balancer" >&2; exit 1; }
COPY grid-http/src/ grid-http/src/
COPY substation-allocation/src/ substation-allocation/src/
COPY ${MODULE}/src/ ${MODULE}/src/
RUN ./mvnw -B -q -pl "${MODULE}" -am package -DskipTests \
 && java -Djarmode=tools -jar "${MODULE}/target/${MODULE}-exec.jar" extract --layers --application-filename app.jar --destination /workspace/extracted

FROM ${JRE_IMAGE}
ARG MODULE
ARG SERVER_PORT
LABEL org.opencontainers.image.title="${MODULE}" \
      org.opencontainers.image.description="Smart Grid Load Balancer: ${MODULE}"
RUN test -n "${SERVER_PORT}" || { echo "build argument SERVER_PORT is required, e.g. --build-arg SERVER_PORT=8081" >&2; exit 1; }
# The health check below needs curl; the temurin images ship it, a leaner base may not.
RUN command -v curl >/dev/null \
 || { apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*; }
RUN groupadd --system --gid 10001 grid \
 && useradd --system --uid 10001 --gid grid --home-dir /app --no-create-home --shell /usr/sbin/nologin grid \
 && mkdir -p /data && chown grid:grid /data
# /data: where a substation keeps its database (GRID_SUBSTATION_DATADIR); a named volume mounted there starts out
# owned by the service's user, because it is created from this directory.
WORKDIR /app

# Layers from the least to the most often changed, so a code change only replaces the last one.
COPY --from=builder /workspace/extracted/dependencies/ ./
COPY --from=builder /workspace/extracted/spring-boot-loader/ ./
COPY --from=builder /workspace/extracted/snapshot-dependencies/ ./
COPY --from=builder /workspace/extracted/application/ ./
# A plain app.jar with its libraries in lib/ (no launcher, no nested jars) is what a start-up cache can hold.
COPY docker/start-up-cache.sh /usr/local/bin/start-up-cache.sh
RUN sh /usr/local/bin/start-up-cache.sh /app/app.jar -XX:MaxRAMPercentage=75 -XX:+UseParallelGC

USER 10001:10001
# Spring Boot reads SERVER_PORT as server.port, so the health check and the application agree on the port.
ENV SERVER_PORT=${SERVER_PORT}
EXPOSE ${SERVER_PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=180s --retries=3 \
  CMD curl -fsS "http://localhost:${SERVER_PORT}/actuator/health/readiness" || exit 1

# The heap follows the container's memory limit; on OutOfMemoryError the JVM exits and the restart
# policy brings up a clean process instead of a half-broken one. Exec form: java is PID 1 and receives
# SIGTERM, so server.shutdown=graceful lets in-flight requests finish. The parallel collector: on a couple
# of cores it costs far less CPU per request than G1 at these heap sizes (docs/benchmarks.md). @/app/cache.options is
# the start-up cache trained above (an AOT cache on JDK 25, a CDS archive before it).
ENTRYPOINT ["java", "@/app/cache.options", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseParallelGC", "-jar", "/app/app.jar"]
