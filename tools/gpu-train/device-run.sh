#!/usr/bin/env bash
# Training runs on a GPU machine, as one call, in parallel (the GPU is far from busy with one small
# run: a step is bound by the host's dispatches, and the machine has 16 cores). On the GPU machine,
# from the repo root, with tools/gpu-train/out/carry named in `carry`:
#   bash tools/gpu-train/out/carry/device-run.sh tools/gpu-train/plans/<plan>.txt
# A plan has one job a line: `<start second> <name> <program> <arguments...>`, where program is
# `ganforge` (the CLI; a train job gets `--backend webgpu --out <its run folder>`) or
# `projection-table` (stylegan's scripts/projection-table.mjs; `--run @<job>` names a train job's run,
# copied from its latest checkpoint when the projection starts). Every job runs until it ends or BUDGET
# seconds (default 480) have passed since the first started; a run keeps what its last checkpoint
# holds. A name `group.variant` puts runs side by side: each run's checkpoint is also copied every
# SNAP_EVERY steps (default 500), and the group keeps the copies of the last step that all its runs
# reached, for comparisons at the same step. Back in $OUT: runs.tar.gz.part-* (run folders: samples,
# metrics.jsonl, checkpoints as KEEP_LATEST says, below; logs), jobs.jsonl (one line per job: exit
# code, seconds; projection rows), log.txt.
# TINY=1 checks a plan on SwiftShader on a machine without a GPU: every job 2 steps at batch 2 without
# periodic evaluation (its 10,000 held-out images take minutes on SwiftShader), and 3
# projection steps of 4 images (ganforge keeps the last of a repeated option), BUDGET 600.
set -u
PLAN=$(realpath "$1")
CARRY=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$CARRY/../../../.." && pwd)
OUT=${OUT:-/tmp/gpu-train-out}
W=${WORK:-/tmp/gpu-train}
TINY=${TINY:-0}
SNAP_EVERY=${SNAP_EVERY:-500}
mkdir -p "$OUT" "$W/runs" "$W/snaps" "$W/logs"
LOG=$OUT/log.txt
JOBS=$OUT/jobs.jsonl
: >>"$JOBS"
SETUP_START=$(date +%s)
log() { echo "[$(( $(date +%s) - SETUP_START ))s] $*" | tee -a "$LOG" >&2; }
unxz_to() { # FILE.xz DEST
  if command -v xz >/dev/null; then xz -dc "$1" >"$2"; else python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; fi
}

export XDG_RUNTIME_DIR=/tmp
if [ "$TINY" = 1 ]; then
  export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json GANFORGE_WEBGPU_ADAPTER=swiftshader
  BUDGET=${BUDGET:-600}; SNAP_EVERY=1
else
  for f in "$CARRY"/gl/*.deb; do dpkg -x "$f" /; done; ldconfig
  icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  if [ -f "$icd" ] && [ -z "${VK_ICD_FILENAMES:-}" ]; then
    export VK_DRIVER_FILES=$icd __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
  fi
  BUDGET=${BUDGET:-480}
fi
[ -x "$W/node" ] || { unxz_to "$CARRY/node.xz" "$W/node.part" && chmod +x "$W/node.part" && mv "$W/node.part" "$W/node"; }
B=$W/b
rm -rf "$B" && mkdir -p "$B" && unxz_to "$CARRY/bundle.tar.xz" "$W/bundle.tar" && tar -C "$B" -xf "$W/bundle.tar"
ln -sfn "$REPO/packages/datasets" "$B/node_modules/@ganforge/datasets"
# Data files that travelled xz'd in the carry (build.mjs's CARRY_DATA), gzipped back into the tree.
(cd "$CARRY" && find data -name '*.raw.xz' 2>/dev/null) | while read -r packed; do
  target=$REPO/${packed#data/}; target=${target%.raw.xz}
  [ -f "$target" ] || { mkdir -p "$(dirname "$target")" && python3 -c 'import gzip,lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), gzip.open(sys.argv[2], "wb", compresslevel=1))' "$CARRY/$packed" "$target"; }
done
NODE=$W/node
log "set-up done: node $($NODE --version), $(ldconfig -p | grep -c libvulkan.so.1) vulkan loader(s), $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || echo 'no nvidia-smi')"

START=$(date +%s)
DEADLINE=$(( START + BUDGET ))
tiny_args() { # PROGRAM: the TINY=1 overrides
  case $1 in
    ganforge) echo "--steps 2 --batch 2 --evaluate-every 0 --checkpoint-every 1 --sample-every 1" ;;
    projection-table) echo "--count 4 --steps 3 --batch 4 --samples 40" ;;
  esac
}

# copy_checkpoint RUN TO: TO/checkpoint becomes a copy of RUN's latest checkpoint, once there is one
# (a copy is retried while the run renames a new checkpoint into place).
copy_checkpoint() {
  while [ "$(date +%s)" -lt "$DEADLINE" ]; do
    rm -rf "$2" && mkdir -p "$2"
    cp -r "$1/checkpoint" "$2/" 2>/dev/null && [ -f "$2/checkpoint/checkpoint.json" ] && return 0
    sleep 3
  done
  return 1
}

# job NAME PROGRAM ARGS...: runs until it ends or the deadline, then appends its line to jobs.jsonl.
job() {
  local name=$1 program=$2; shift 2
  local args=("$@") extra=()
  if [ "$program" = ganforge ] && [ "${args[0]}" = train ]; then extra=(--backend webgpu --out "$W/runs/$name"); fi
  if [ "$program" = projection-table ]; then
    for i in "${!args[@]}"; do
      if [[ ${args[$i]} == @* ]]; then # a train job's run, as its latest checkpoint holds it now
        local source=${args[$i]#@} copy=$W/snaps/$name-from-${args[$i]#@}
        copy_checkpoint "$W/runs/$source" "$copy"
        args[$i]=$copy
      fi
    done
    extra=(--backend webgpu)
  fi
  # shellcheck disable=SC2207
  [ "$TINY" = 1 ] && extra+=($(tiny_args "$program"))
  local limit=$(( DEADLINE - $(date +%s) )) began=$(date +%s)
  log "start $name: $program ${args[*]} ${extra[*]} (${limit}s left)"
  (cd "$B" && timeout -s INT -k 20 "$limit" "$NODE" "$program.mjs" "${args[@]}" "${extra[@]}" >"$W/logs/$name.out" 2>"$W/logs/$name.err")
  local rc=$?
  local row; row=$(grep '^{' "$W/logs/$name.out" | tail -1)
  echo "{\"job\":\"$name\",\"rc\":$rc,\"seconds\":$(( $(date +%s) - began ))${row:+,\"row\":$row}}" >>"$JOBS"
  log "end $name rc=$rc"
}

step_of() { grep -o '"step": *[0-9]*' "$1/checkpoint.json" 2>/dev/null | head -1 | grep -o '[0-9]*$'; }

# Every SNAP_EVERY steps, each grouped run's checkpoint is copied to snaps/<name>/<step>/checkpoint.
snapshots() {
  while [ "$(date +%s)" -lt "$DEADLINE" ]; do
    for run in "$W"/runs/*.*; do
      [ -f "$run/checkpoint/checkpoint.json" ] || continue
      local step; step=$(step_of "$run/checkpoint")
      [ -n "$step" ] && [ $(( step % SNAP_EVERY )) -eq 0 ] || continue
      local to=$W/snaps/$(basename "$run")/$step
      [ -d "$to" ] || { copy_checkpoint "$run" "$to.part" && [ "$(step_of "$to.part/checkpoint")" = "$step" ] && mv "$to.part" "$to"; }
    done
    sleep 2
  done
}
snapshots &

while read -r at name program rest; do
  [[ -z ${at:-} || $at == \#* ]] && continue
  # shellcheck disable=SC2086
  ( sleep "$at"; eval "job $name $program $rest" ) &
done <"$PLAN"
wait

# What comes back (at most 64 MiB in files of 16 MiB): runs matching KEEP_LATEST keep their latest
# checkpoint, with optimizer state where they match KEEP_OPTIMIZERS (to resume elsewhere); the others
# keep the networks of their group's common step only, as checkpoint-<step>/. One tar.gz of runs/ and
# logs/, in parts of 15 MiB: `cat runs.tar.gz.part-* | tar -xz`.
KEEP_LATEST=${KEEP_LATEST:-^full\.}
KEEP_OPTIMIZERS=${KEEP_OPTIMIZERS:-^full\.stylegan$}
for group in $(ls "$W/runs" | grep -o '^[a-z0-9-]*\.' | sort -u | tr -d .); do
  common=$(for run in "$W/runs/$group".*; do ls "$W/snaps/$(basename "$run")" 2>/dev/null | grep -v part | tr '\n' ' '; echo; done |
    python3 -c 'import sys; sets=[set(l.split()) for l in sys.stdin if l.strip()]; c=set.intersection(*sets) if sets else set(); print(max(map(int,c)) if c else "")')
  for run in "$W/runs/$group".*; do
    name=$(basename "$run")
    if [[ $name =~ $KEEP_LATEST ]]; then
      [[ $name =~ $KEEP_OPTIMIZERS ]] || rm -rf "$run/checkpoint/optimizers"
      continue
    fi
    rm -rf "$run/checkpoint"
    if [ -n "$common" ]; then cp -r "$W/snaps/$name/$common/checkpoint" "$run/checkpoint-$common" && rm -rf "$run/checkpoint-$common/optimizers"; fi
  done
  log "group $group: common step ${common:-none}"
done
tar -C "$W" -czf - runs logs | split -b 15M - "$OUT/runs.tar.gz.part-"
ls -la "$OUT" | tee -a "$LOG"
log "done"
