#!/bin/bash
# Run a prevalence simulation study on SLURM as a job array of N shards, wait for it, and merge.
#
#   examples/cluster/run-study-slurm.sh SPEC N OUTPUT [prevalence study options…]
#   examples/cluster/run-study-slurm.sh examples/studies/csv2021-3.4.json 8 study.json
#
# The merged OUTPUT is byte for byte what `prevalence study SPEC -o OUTPUT` gives in one process.
set -euo pipefail
spec="$1"
shards="$2"
output="$3"
shift 3
here="$(cd "$(dirname "$0")" && pwd)"
parts="$(mktemp -d "${TMPDIR:-/tmp}/prevalence-parts.XXXXXX")"
# --wait returns when every task is done, with the highest exit code among them
sbatch --wait --array="1-${shards}" --output="${parts}/task_%a.out" \
  "$here/study-array.sbatch" "$spec" "$parts" "$@"
files=()
for i in $(seq 1 "$shards"); do files+=("$parts/part-$i.json"); done
${PREVALENCE_CLI:-prevalence} study merge "${files[@]}" -o "$output"
echo "merged ${shards} shards into ${output}"
