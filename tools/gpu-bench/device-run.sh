#!/usr/bin/env bash
# The GPU call of issue 24, as one script: on the GPU machine, from the repo root, with the carry
# folder that build.mjs writes (tools/gpu-bench/out/carry) named in `carry`:
#   bash tools/gpu-bench/out/carry/device-run.sh
# It sets up the Vulkan loader (the device README's .gl debs, here gl/), unpacks Node and the bundle,
# and appends JSON lines to $OUT/results.jsonl as it goes (stderr and non-JSON output to $OUT/log.txt):
#   1. for each of the 11 standard configs: the webgpu bench with core's kernels ON (2 warm-up + 5
#      timed steps), then its PyTorch reference on CUDA (cuda_ref.py, N_STEPS=20 WARMUP=3);
#   2. the per-kernel probe of dcgan-celeba64 (tf.profile kernel times), kernels ON;
#   3. for each config: the webgpu bench with core's kernels OFF (GANFORGE_WEBGPU_KERNELS=0);
#   4. the probe with kernels OFF;
#   5. while time is left, five configs with core's kernels ON and the pruned layer gradients forced
#      on (GANFORGE_PRUNED_GRADIENTS=1; core leaves them off on webgpu by default);
#   6. while time is left, two configs with core's kernels but tfjs' Conv2DBackpropFilter.
# Every run has a timeout, capped by what is left of BUDGET seconds (default 450), so the script ends
# within it even if something hangs; a run that fails or times out leaves a {"failed": ...} line.
# TINY=1 runs the same steps on SwiftShader on a machine without a GPU: one small config at batch 2,
# one step each, the reference on the CPU (DEV=cpu), and no packages unpacked into /.
set -u
CARRY=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-/tmp/gpu-bench-out}
W=${WORK:-/tmp/gpu-bench}
BUDGET=${BUDGET:-450}
TINY=${TINY:-0}
START=$(date +%s)
mkdir -p "$OUT" "$W"
RES=$OUT/results.jsonl
LOG=$OUT/log.txt
: >>"$RES"
log() { echo "[$(( $(date +%s) - START ))s] $*" | tee -a "$LOG" >&2; }
left() { echo $(( BUDGET - ($(date +%s) - START) )); }

# run TAG TIMEOUT CMD...: JSON lines of CMD's stdout go to results.jsonl with "run":TAG added.
run() {
  local tag=$1 limit=$2; shift 2
  local remaining; remaining=$(left)
  if [ "$remaining" -le 10 ]; then echo "{\"run\":\"$tag\",\"skipped\":\"out of time\"}" >>"$RES"; log "skip $tag"; return; fi
  [ "$limit" -gt "$remaining" ] && limit=$remaining
  log "run $tag (timeout ${limit}s)"
  timeout -k 5 "$limit" "$@" >"$W/stdout" 2>>"$LOG"
  local rc=$?
  grep '^{' "$W/stdout" | sed "s/^{/{\"run\":\"$tag\",/" >>"$RES"
  grep -v '^{' "$W/stdout" >>"$LOG"
  if [ $rc -ne 0 ]; then echo "{\"run\":\"$tag\",\"failed\":true,\"rc\":$rc,\"timeout_s\":$limit}" >>"$RES"; log "$tag failed rc=$rc"; fi
}

unxz_to() { # FILE.xz DEST
  if command -v xz >/dev/null; then xz -dc "$1" >"$2"; else python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; fi
}

# Set-up: Vulkan loader, Node, the bundle.
export XDG_RUNTIME_DIR=/tmp
if [ "$TINY" = 1 ]; then
  export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json GANFORGE_WEBGPU_ADAPTER=swiftshader TINY=1
  STEPS=1; WARMUP=1; REF_STEPS=1; REF_WARMUP=0; export DEV=cpu
else
  for f in "$CARRY"/gl/*.deb; do dpkg -x "$f" /; done; ldconfig
  icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  if [ -f "$icd" ] && [ -z "${VK_ICD_FILENAMES:-}" ]; then
    export VK_DRIVER_FILES=$icd __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
  fi
  STEPS=5; WARMUP=2; REF_STEPS=20; REF_WARMUP=3
fi
[ -x "$W/node" ] || { unxz_to "$CARRY/node.xz" "$W/node.part" && chmod +x "$W/node.part" && mv "$W/node.part" "$W/node"; }
mkdir -p "$W/b" && unxz_to "$CARRY/bundle.tar.xz" "$W/bundle.tar" && tar -C "$W/b" -xf "$W/bundle.tar"
NODE=$W/node; B=$W/b
log "set-up done: node $($NODE --version), $(ldconfig -p | grep -c libvulkan.so.1) vulkan loader(s), $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || echo 'no nvidia-smi')"
echo "{\"run\":\"env\",\"date\":\"$(date -u +%FT%TZ)\",\"gpu\":\"$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -1)\",\"tiny\":$TINY}" >>"$RES"

# The configs and their references (from each family's `benchmarks`).
mapfile -t CONFIGS < <(cd "$B" && LIST=1 "$NODE" bench.mjs)
if [ "$TINY" = 1 ]; then CONFIGS=("$(printf '%s\n' "${CONFIGS[@]}" | grep '^dcgan-mnist32 ')"); PROBE=dcgan-mnist32; else PROBE=dcgan-celeba64; fi
limit_for() { case $1 in srgan-x4|cyclegan-256|cyclegan-128) echo 90;; *) echo 50;; esac; }

if [ "${PLAN:-}" = pruned ]; then
  # Which of core's pruned layer gradients pay on webgpu: per config the default, Conv2D's pruned,
  # and the PyTorch reference; then both kinds pruned on the configs that time allows.
  for entry in "${CONFIGS[@]}"; do
    read -r id script args <<<"$entry"
    (cd "$B" && run "webgpu-core" "$(limit_for "$id")" env STEPS=$STEPS WARMUP=$WARMUP "$NODE" bench.mjs webgpu "$id")
    (cd "$B" && run "webgpu-core-pruned-conv" "$(limit_for "$id")" env GANFORGE_PRUNED_GRADIENTS=conv STEPS=$STEPS WARMUP=$WARMUP "$NODE" bench.mjs webgpu "$id")
    # shellcheck disable=SC2086
    (cd "$B/torch" && run "torch-$id" 45 env N_STEPS=$REF_STEPS WARMUP=$REF_WARMUP PYTHONUNBUFFERED=1 python3 cuda_ref.py "$script" $args)
  done
  for id in srgan-x4 dcgan-celeba64 cgan-mnist28 pix2pix-256 stylegan-32; do
    (cd "$B" && run "webgpu-core-pruned" "$(limit_for "$id")" env GANFORGE_PRUNED_GRADIENTS=1 STEPS=$STEPS WARMUP=$WARMUP "$NODE" bench.mjs webgpu "$id")
    (cd "$B" && run "webgpu-core-pruned-dense" "$(limit_for "$id")" env GANFORGE_PRUNED_GRADIENTS=dense STEPS=$STEPS WARMUP=$WARMUP "$NODE" bench.mjs webgpu "$id")
  done
  log "done: $(wc -l <"$RES") lines in $RES"
  exit 0
fi
for entry in "${CONFIGS[@]}"; do
  read -r id script args <<<"$entry"
  (cd "$B" && run "webgpu-core" "$(limit_for "$id")" env STEPS=$STEPS WARMUP=$WARMUP "$NODE" bench.mjs webgpu "$id")
  # shellcheck disable=SC2086
  (cd "$B/torch" && run "torch-$id" 45 env N_STEPS=$REF_STEPS WARMUP=$REF_WARMUP PYTHONUNBUFFERED=1 python3 cuda_ref.py "$script" $args)
done
(cd "$B" && run "probe-core" 60 env WARMUP=$WARMUP "$NODE" probe.mjs "$PROBE")
for entry in "${CONFIGS[@]}"; do
  read -r id _ <<<"$entry"
  (cd "$B" && run "webgpu-tfjs" "$(limit_for "$id")" env GANFORGE_WEBGPU_KERNELS=0 STEPS=$STEPS WARMUP=$WARMUP "$NODE" bench.mjs webgpu "$id")
done
(cd "$B" && run "probe-tfjs" 60 env GANFORGE_WEBGPU_KERNELS=0 WARMUP=$WARMUP "$NODE" probe.mjs "$PROBE")
if [ "$TINY" = 1 ]; then PRUNED=(dcgan-mnist32); else PRUNED=(dcgan-celeba64 dcgan-mnist32 cgan-mnist28 pix2pix-256 srgan-x4); fi
for id in "${PRUNED[@]}"; do
  (cd "$B" && run "webgpu-core-pruned" "$(limit_for "$id")" env GANFORGE_PRUNED_GRADIENTS=1 STEPS=$STEPS WARMUP=$WARMUP "$NODE" bench.mjs webgpu "$id")
done
# 6. Core's kernels with tfjs' Conv2DBackpropFilter, on the two configs it matters most for.
for id in "${PRUNED[@]:0:2}"; do
  (cd "$B" && run "webgpu-core-tfjs-filter" "$(limit_for "$id")" env GANFORGE_WEBGPU_KERNELS_SKIP=Conv2DBackpropFilter STEPS=$STEPS WARMUP=$WARMUP "$NODE" bench.mjs webgpu "$id")
done
log "done: $(wc -l <"$RES") lines in $RES"
"$NODE" "$CARRY/summarize.mjs" "$RES" | tee "$OUT/summary.md"
