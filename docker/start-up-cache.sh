#!/bin/sh
# Trains a service's start-up cache at image build time, then writes the JVM option that uses it to cache.options,
# beside the jar, which the image's ENTRYPOINT reads as an argument file (@/app/cache.options):
#
#   start-up-cache.sh /app/app.jar <the JVM options the service runs with>
#
# The training start refreshes the Spring context and exits before the web server starts
# (spring.context.exit=onRefresh), so it opens no port and calls no other service. On a JDK with an AOT cache
# (JEP 483, JDK 25) it writes app.aot beside the jar: the classes loaded and linked, and the profiles of the methods run. On an older
# JDK it writes a CDS archive of the loaded classes, app.jsa. Either roughly halves the time to ready (docs/benchmarks.md).
set -eu
jar=$1
shift
dir=$(cd "$(dirname "$jar")" && pwd)
work=$(mktemp -d)
if java -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q '[[:space:]]AOTCacheOutput[[:space:]]'; then
  train=-XX:AOTCacheOutput=$dir/app.aot
  use=-XX:AOTCache=$dir/app.aot
else
  train=-XX:ArchiveClassesAtExit=$dir/app.jsa
  use=-XX:SharedArchiveFile=$dir/app.jsa
fi
# A substation would keep its training database: give it a directory that is removed afterwards.
if ! GRID_SUBSTATION_DATADIR="$work" java "$@" "$train" -Dspring.context.exit=onRefresh -jar "$jar" > "$work/training.log" 2>&1; then
  cat "$work/training.log" >&2
  echo "start-up-cache: the training start of $jar failed" >&2
  exit 1
fi
echo "$use" > "$dir/cache.options"
chmod a+r "$dir/cache.options" "$dir"/app.*
rm -rf "$work"
echo "start-up-cache: $(cat "$dir/cache.options")"
