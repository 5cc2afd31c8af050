#!/usr/bin/env bash
# Submits a whole dataset as a SLURM job array plus the dependent merge job, all into one output folder.
#
#   pipelines/slurm/submit.sh INPUT OUTPUT TASKS [trackpipeline settings...]
#
# The resource requests follow from the run's own settings, so that SLURM's limit and the pipeline's memory budget agree:
#   TP_MEMORY_BUDGET_MB  points in flight per task (Run:MemoryBudgetMb; default 2560, a 2-core 4 GB slot)
#   TP_OVERHEAD_MB       runtime, writer batches, pictures on top of the budget (default 1536; docs/benchmarks/memory.md)
#   TP_CPUS              cores per task = --max-parallelism (default 2)
#   (the two above are the only way to set the budget and the cores: --Run:MemoryBudgetMb or --max-parallelism among the
#   settings is refused, as they would leave SLURM's request behind)
#   TP_TIME              time limit per task (default 12:00:00)
#   TP_APP               the command that runs trackpipeline (default: dotnet <repo>/src/TrackPipeline/bin/Release/net10.0/trackpipeline.dll)
#   TP_SBATCH_ARGS       extra sbatch options for both jobs (partition, account, ...)
# Prints the two job ids. The merge job runs after every array task has ended, whatever their exit codes.
set -euo pipefail
if [ $# -lt 3 ]; then sed -n '2,15p' "$0"; exit 1; fi
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
input="$(realpath "$1")"; output="$(realpath -m "$2")"; tasks="$3"; shift 3
# The memory budget and the cores size the SLURM request below, so they are set here, not among the settings: the app
# refuses a setting given twice on one command line, and a value passed past this script would not change --mem.
for arg in "$@"; do
  case "${arg,,}" in
    --run:memorybudgetmb|--run:memorybudgetmb=*)
      echo "submit.sh: set the memory budget with TP_MEMORY_BUDGET_MB=$( [[ "$arg" == *=* ]] && echo "${arg#*=}" || echo N ), not $arg: it sizes SLURM's --mem too" >&2; exit 1 ;;
    --max-parallelism|--max-parallelism=*|--run:maxparallelism|--run:maxparallelism=*)
      echo "submit.sh: set the cores per task with TP_CPUS=N, not $arg: it sizes SLURM's --cpus-per-task too" >&2; exit 1 ;;
  esac
done
budget="${TP_MEMORY_BUDGET_MB:-2560}"
overhead="${TP_OVERHEAD_MB:-1536}"
cpus="${TP_CPUS:-2}"
app="${TP_APP:-dotnet $repo/src/TrackPipeline/bin/Release/net10.0/trackpipeline.dll}"
mkdir -p "$output/slurm-logs"
export TP_APP="$app" TP_INPUT="$input" TP_OUTPUT="$output"
# The .NET heap limit at 85 % of the request: the collector then works to stay inside the slot instead of letting freed
# track arrays pile up until SLURM kills the task (docs/benchmarks/memory.md). A cgroup-enforced limit gives .NET 75 %
# by itself; this makes clusters without cgroup enforcement behave the same.
export DOTNET_GCHeapHardLimit="${DOTNET_GCHeapHardLimit:-$(printf '0x%X' $(( (budget + overhead) * 1048576 * 85 / 100 )))}"
export TP_ARGS="--Run:MemoryBudgetMb $budget --max-parallelism $cpus $*"
common=(--parsable --chdir "$output/slurm-logs" --mem "$((budget + overhead))M" --cpus-per-task "$cpus" --time "${TP_TIME:-12:00:00}" --export ALL)
# shellcheck disable=SC2206
common+=(${TP_SBATCH_ARGS:-})
array_id=$(sbatch "${common[@]}" --array "0-$((tasks - 1))" "$here/shard.sbatch")
array_id="${array_id%%;*}"
merge_id=$(sbatch "${common[@]}" --dependency "afterany:$array_id" "$here/merge.sbatch")
merge_id="${merge_id%%;*}"
echo "array $array_id ($tasks tasks, ${cpus} CPUs and $((budget + overhead)) MB each), merge $merge_id"
