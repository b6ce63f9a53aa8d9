#!/usr/bin/env bash
# The Spark scaling benchmark (docs/benchmarks.md, "On Spark"): loc-studio apply vs the job in local[1] and local[2]
# on the same photos with the bundled model, each in its own JVM. Usage: spark/bench-scaling.sh [WORK] [PHOTOS]
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-target/spark-bench}"
photos="${2:-1000}"
./mvnw -B -q -o -pl spark -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/spark/target/bench.classpath"
cp="spark/target/test-classes:spark/target/classes:$(cat spark/target/bench.classpath)"
opens=$(sed -n '/<spark.jvm.args>/,/<\/spark.jvm.args>/p' spark/pom.xml | sed 's/<[^>]*>//g' | tr '\n' ' ')
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
run() { "$java" -Xss4m --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Dai.djl.offline=true \
    $opens -cp "$cp" studio.loc.spark.ScalingBenchmark "$@"; }
rm -rf "$work" && mkdir -p "$work"
run prepare "$work" samples/default-model "$photos"
for mode in cli 'local[1]' 'local[2]'; do run "$mode" "$work" samples/default-model; done
