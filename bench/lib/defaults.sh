# Defaults shared by bench/run.sh and bench/matrix.sh; sourced, never run.

# A heap cap as a container would give: without one, a JVM on a large machine sizes its heap by the host's memory
# and RSS means little. The parallel collector: on 2 cores it costs far less CPU per request than G1
# (docs/benchmarks.md). The figures in docs/benchmarks.md were measured with these.
BENCH_DEFAULT_JVM_OPTS="-Xms64m -Xmx192m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError"

# The java binary: $JAVA_HOME's, else Temurin 25 if installed (AOT cache, virtual threads without pinning), else
# the one on the PATH.
bench_default_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
    echo "${JAVA_HOME}/bin/java"
  elif [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    echo /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  else
    command -v java
  fi
}
