#!/usr/bin/env bash
# The indexer on a GPU machine, in one go (not run by any test; written where no GPU was at hand).
#   indexer/src/test/gpu/gpu-check.sh [SECONDS]     from the project's root; SECONDS of model-only per measurement (60)
# Needs: an NVIDIA GPU with its driver (nvidia-smi), the CUDA 12 runtime and cuDNN 9 libraries that ONNX Runtime
# 1.29's CUDA build links against (libcudart.so.12, libcublas*.so.12, libcudnn*.so.9) on the loader's path, a JDK 21+,
# Maven, npm (first run only: the model package) and Maven Central reachable (the 642 MB onnxruntime_gpu jar).
# Prints: the machine; GPU-vs-CPU parity on the 11 reference images; model-only and end-to-end images/s by batch size,
# GPU beside CPU, for each built-in model, over the 267 sample paintings (model-only repeated to fill SECONDS).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
SECONDS_PER_RUN=${1:-60}
MODELS=${GPU_CHECK_MODELS:-mobilenet_v2}
BATCHES=${GPU_CHECK_BATCHES:-1,8,32,64}

echo "== machine"
nvidia-smi || { echo "gpu-check: nvidia-smi failed: no GPU or no driver" >&2; exit 1; }
echo "-- CUDA and cuDNN libraries the loader finds"
ldconfig -p | grep -E 'libcudart\.so|libcublas(Lt)?\.so|libcudnn\.so|libcufft\.so' || echo "(none in the ldconfig cache; LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-})"
echo "-- JDK and Maven"
./latent-archive mvn -v | grep -Ei 'maven|java version|runtime' || exit 1
nproc; free -g | head -2

echo "== build with ONNX Runtime's CUDA build (-Pgpu)"
# copy-dependencies keeps jars of earlier builds: a CPU onnxruntime jar left there would shadow the CUDA one
rm -rf indexer/target/lib
./latent-archive mvn -q -B -Pgpu -pl indexer -am package -DskipTests || exit 1
ls indexer/target/lib | grep -i onnxruntime

echo "== parity: GPU against CPU (cosine >= 0.999 on the 11 reference images) and against the TF.js reference"
./latent-archive mvn -B -Pgpu -pl embed -am verify -DskipITs -Dlatent.archive.gpu=true \
  -Dtest='GpuParityTest,ReferenceParityTest' -Dsurefire.failIfNoSpecifiedTests=false \
  | grep -E 'cosine|Tests run|FAIL|ERROR' || true

echo "== throughput: models $MODELS, batches $BATCHES, GPU then CPU, model-only over ${SECONDS_PER_RUN} s"
LATENT_ARCHIVE_GPU=1 ./latent-archive bench-indexer --model "$MODELS" --device gpu,cpu --batch "$BATCHES" \
  --seconds "$SECONDS_PER_RUN" --rounds 1
