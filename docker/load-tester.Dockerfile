# The load-tester CLI (a plain shaded jar), for bursts against a running grid:
#
#   docker build -f docker/load-tester.Dockerfile -t smart-grid/load-tester .
#   docker run --rm --network <grid network> smart-grid/load-tester --url http://charge-request-service:8080 ...
#
# docker-compose.yml runs it under the "tools" profile with the grid's URLs already set.

ARG JDK_IMAGE=eclipse-temurin:21-jdk
ARG JRE_IMAGE=eclipse-temurin:25-jre

FROM ${JDK_IMAGE} AS builder
WORKDIR /workspace

# Wrapper and poms first, so the dependency layer survives source edits. These instructions are the same as the
# root Dockerfile's up to the dependency layer, which the service images and this one therefore share.
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

COPY substation-allocation/src/ substation-allocation/src/
COPY load-tester/src/ load-tester/src/
RUN ./mvnw -B -q -pl load-tester -am package -DskipTests

FROM ${JRE_IMAGE}
LABEL org.opencontainers.image.title="load-tester" \
      org.opencontainers.image.description="Smart Grid Load Balancer: load-tester CLI"
RUN groupadd --system --gid 10001 grid \
 && useradd --system --uid 10001 --gid grid --home-dir /reports --no-create-home --shell /usr/sbin/nologin grid \
 && mkdir /reports && chown grid:grid /reports
COPY --from=builder /workspace/load-tester/target/load-tester.jar /app/load-tester.jar
USER 10001:10001
# Reports the CLI writes land here; mount a volume on it to keep them.
WORKDIR /reports
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/load-tester.jar"]
CMD ["--help"]
