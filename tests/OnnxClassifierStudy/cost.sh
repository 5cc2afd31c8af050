#!/usr/bin/env bash
# The classifier's cost each way, in fresh processes, alternated (docs/benchmarks/whole-run.md, "Round 9: the classifier's
# cost"). Run from the repository root after a ReadyToRun publish of the study:
#   dotnet publish tests/OnnxClassifierStudy -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
#     -o tests/OnnxClassifierStudy/bin/r2r     (inside the repository: the program finds the shipped settings above it)
#   tests/OnnxClassifierStudy/cost.sh DIR [rounds] [AOT_DIR]
# AOT_DIR (optional): a Native AOT publish of the study (-p:PublishAot=true -p:SelfContained=true -p:PublishReadyToRun=false
# -p:TreatWarningsAsErrors=false: ML.NET's trim and AOT warnings), whose ONNX Runtime way runs as a fourth process each round.
# Writes the feature rows and the ONNX model into DIR, checks that both ways agree, then runs the rounds.
set -euo pipefail
dir=${1:?publish folder}; rounds=${2:-5}; aot=${3:-}
study="$dir/OnnxClassifierStudy"
"$study" features "$dir/features.bin"
"$study" export config/models/classifier.zip "$dir/classifier.onnx"
"$study" compare config/models/classifier.zip "$dir/classifier.onnx" "$dir/features.bin"
for i in $(seq 1 "$rounds"); do
  # ML.NET with one engine, with two (the run's stage prepares one per worker: 2 on this machine), then ONNX Runtime.
  runs=("mlnet 1" "mlnet 2" "onnx 1"); [ -n "$aot" ] && runs+=("onnx 1 aot")
  for run in "${runs[@]}"; do
    set -- $run; way=$1; engines=$2; build=${3:-r2r}; program=$study; [ "$build" = aot ] && program="$aot/OnnxClassifierStudy"
    model=config/models/classifier.zip; [ "$way" = onnx ] && model="$dir/classifier.onnx"
    # Whole process (runtime start-up included) from /usr/bin/time; the parts from the program's own line.
    /usr/bin/time -f "  $build $way x$engines round $i: process user=%U sys=%S wall=%e max_rss_kb=%M" "$program" cost "$way" "$model" "$dir/features.bin" "$engines"
  done
done
