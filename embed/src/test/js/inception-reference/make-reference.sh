#!/usr/bin/env bash
# Remakes embed/src/test/resources/inception_v3-reference.json: the Java pipeline writes the input tensors of the
# reference images, TF.js (npm @tensorflow/tfjs, pinned in package.json) embeds them with nsfwjs 4.3.0's InceptionV3.
# Needs npm and the model cache's nsfwjs-4.3.0.tgz (any run of the embed tests fetches it). Run from anywhere.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../../../.." && pwd)
CACHE=${LATENT_ARCHIVE_MODEL_CACHE:-$HOME/.cache/latent-archive/models}
WORK=$ROOT/embed/target/inception-reference
rm -rf "$WORK" && mkdir -p "$WORK/package-dir"
tar xzf "$CACHE/nsfwjs-4.3.0.tgz" -C "$WORK/package-dir"
"$ROOT/latent-archive" mvn -q -pl embed -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
JAVA="$("$ROOT/latent-archive" mvn -B -v | awk -F'runtime: ' '/runtime:/ {print $2}')/bin/java"  # the JDK 21+ it selects
"$JAVA" -Dshared.dir="$ROOT/../shared" -cp "$ROOT/embed/target/test-classes:$ROOT/embed/target/classes:$(cat "$ROOT/embed/target/test-classpath.txt")" \
  org.latentarchive.embed.InceptionReferenceInputs "$WORK/inputs"
(cd "$HERE" && npm ci --no-audit --no-fund --silent)
node "$HERE/reference.mjs" "$WORK/package-dir/package" "$WORK/inputs" "$ROOT/../shared/collections/aic-paintings/images" \
  > "$ROOT/embed/src/test/resources/inception_v3-reference.json"
echo "wrote embed/src/test/resources/inception_v3-reference.json"
