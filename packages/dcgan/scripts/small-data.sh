#!/bin/sh
# Re-makes the small-data table of packages/dcgan/README.md: DCGAN on a seeded 1,000-image subset of
# Fashion-MNIST (100 per class) without augmentation, with DiffAugment and with ADA, same steps and
# seed, one run after another; held-out D accuracy beside training-set D accuracy every 250 steps;
# then `ganforge evaluate` (Fréchet distance and KID on 2,000 samples against the 10,000 test images).
# Usage: packages/dcgan/scripts/small-data.sh [out folder] [steps]   (from the repository root, after `pnpm build`)
set -e
OUT=${1:-runs/small-data}
STEPS=${2:-2000}
GANFORGE="node apps/cli/dist/bin.js"
mkdir -p "$OUT"
for MODE in none diffaugment ada; do
  echo "$(date -Is) train $MODE"
  start=$(date +%s)
  $GANFORGE train dcgan --preset fashion-mnist --limit 1000 --set ngf=32 --set ndf=32 --augment $MODE \
    --set adaSpeedImages=50000 --steps "$STEPS" --seed 0 --out "$OUT/$MODE" \
    --sample-every 500 --checkpoint-every 500 --evaluate-every 250 --evaluate-samples 1000 > "$OUT/$MODE.log" 2>&1
  echo "$(date -Is) $MODE trained in $(( $(date +%s) - start )) s"
  $GANFORGE evaluate "$OUT/$MODE" --samples 2000 --metrics fd,kid,d-acc --json "$OUT/$MODE-eval.json" > "$OUT/$MODE-eval.log" 2>&1
  echo "$(date -Is) $MODE evaluated"
done
