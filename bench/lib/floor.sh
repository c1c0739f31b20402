# The floor's variants, shared by bench/run.sh and bench/matrix.sh; sourced, never run.

# Every variant: server (tomcat|jetty) - request threads (vt: virtual; pt: platform, a pool of 200) - Feign client
# (hc5: Apache HttpClient 5 classic; jdk: the JDK's HttpClient through feign-java11; okhttp) [- h2c: cleartext
# HTTP/2 between the hops, else HTTP/1.1 keep-alive].
FLOOR_VARIANTS="tomcat-vt-hc5 tomcat-vt-jdk tomcat-vt-okhttp tomcat-pt-hc5 jetty-vt-hc5 jetty-pt-hc5 tomcat-vt-jdk-h2c tomcat-vt-okhttp-h2c jetty-vt-okhttp-h2c"

# The grid's own stack (Jetty, virtual threads, OkHttp on h2c): bench/run.sh's floor unless told otherwise.
FLOOR_GRID_VARIANT=jetty-vt-okhttp-h2c

# floor_known VARIANT: succeeds if VARIANT is one of FLOOR_VARIANTS.
floor_known() { [[ " $FLOOR_VARIANTS " == *" $1 "* ]]; }

# floor_build VARIANT...: builds the floor's jars those variants need (run from the project's root).
floor_build() {
  local variants=" $* "
  if [[ "$variants" == *" tomcat-"* ]]; then ./mvnw -q -B -f bench/floor/pom.xml -DskipTests package; fi
  if [[ "$variants" == *" jetty-"* ]]; then ./mvnw -q -B -f bench/floor/pom.xml -Pjetty -DskipTests package; fi
}

# floor_variant_args VARIANT TOMCAT_H2_STREAMS: the start-up arguments of a variant, on one line: its jar, then its
# Spring properties. TOMCAT_H2_STREAMS: Tomcat's concurrent HTTP/2 streams per connection, and how many run at once,
# for the tomcat h2c variants (0: Tomcat's own, 100 and 20).
floor_variant_args() {
  local variant="$1" streams="$2" jar=bench/floor/target/bench-floor.jar server=tomcat
  local -a props=()
  case "$variant" in jetty-*) jar=bench/floor/target/bench-floor-jetty.jar; server=jetty ;; esac
  case "$variant" in
    *-vt-*) props+=(--spring.threads.virtual.enabled=true) ;;
    *-pt-*) props+=(--spring.threads.virtual.enabled=false "--server.$server.threads.max=200") ;;
  esac
  case "$variant" in
    *-hc5*) props+=(--floor.client=hc5) ;;
    *-jdk*) props+=(--floor.client=jdk) ;;
    *-okhttp*) props+=(--floor.client=okhttp) ;;
  esac
  case "$variant" in
    *-h2c) props+=(--floor.h2c=true --server.http2.enabled=true "--floor.tomcat-h2-streams=$streams") ;;
    *) props+=(--floor.h2c=false --server.http2.enabled=false) ;;
  esac
  echo "$jar ${props[*]}"
}
