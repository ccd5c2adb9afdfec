#!/usr/bin/env bash
# Runs the benchmark (the Release build, started directly so its PID is the benchmark's) and, once a progress line
# containing TRIGGER appears, samples it for SECONDS seconds.
#   profile.sh OUT_DIR TRIGGER SECONDS -- BENCHMARK ARGS...
#   e.g. profile.sh /tmp/prof/e2e '[e2e max]     3 s' 20 -- --only e2e --seconds 30
# PROFILER=perf (default): Linux perf on cpu-clock at 499 Hz with call graphs (frame pointers), JIT frames named through
#   the runtime's perf map (DOTNET_PerfMapEnabled=1): CPU time of every thread, the runtime's native code (GC, JIT,
#   stubs) and the kernel's (sockets) included. Writes OUT_DIR/perf.data and OUT_DIR/perf.txt (perf script).
# PROFILER=trace: dotnet-trace's dotnet-sampled-thread-time (managed stacks of every thread at ~100 Hz, running or
#   waiting: wall time, not CPU). Writes OUT_DIR/trace.nettrace and OUT_DIR/trace.speedscope.json.
# Both: OUT_DIR/bench.log is the benchmark's output. Then: python3 profile_table.py OUT_DIR/perf.txt (or the .json).
set -euo pipefail
out=$1; trigger=$2; seconds=$3; shift 3
[[ ${1:-} == "--" ]] && shift
profiler=${PROFILER:-perf}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
dll=${BENCH_DLL:-"$repo/tests/AIoT.Benchmarks/bin/Release/net10.0/AIoT.Benchmarks.dll"}
[[ -f $dll ]] || { echo "build first: dotnet build -c Release tests/AIoT.Benchmarks" >&2; exit 2; }
mkdir -p "$out"
# W^X off under perf: with it on, JIT code runs from a memfd mapping that perf does not name through the perf map.
perfenv=(); [[ $profiler == perf ]] && perfenv=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
env "${perfenv[@]}" dotnet "$dll" "$@" > "$out/bench.log" 2>&1 &
pid=$!
echo "benchmark pid $pid, waiting for '$trigger'"
until grep -qF -- "$trigger" "$out/bench.log" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || { echo "benchmark ended before '$trigger'" >&2; exit 1; }
  sleep 0.2
done
echo "sampling $seconds s with $profiler (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee "$out/profile.log"
if [[ $profiler == perf ]]; then
  perf record -e cpu-clock -F 499 -g -p "$pid" -o "$out/perf.data" -- sleep "$seconds" >> "$out/profile.log" 2>&1
else
  trace=${DOTNET_TRACE:-$(command -v dotnet-trace || echo "$repo/tests/.tools/dotnet-trace")}
  "$trace" collect -p "$pid" --profile dotnet-sampled-thread-time --duration "00:00:00:$(printf %02d "$seconds")" \
    -o "$out/trace.nettrace" --format Speedscope >> "$out/profile.log" 2>&1
fi
echo "sampled until load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/profile.log"
wait "$pid" || true
if [[ $profiler == perf ]]; then
  # The perf map (/tmp/perf-PID.map) must still be there: perf script names JIT frames from it.
  perf script -i "$out/perf.data" -F comm,tid,time,ip,sym,dso > "$out/perf.txt" 2>> "$out/profile.log"
  rm -f "/tmp/perf-$pid.map" "/tmp/perfinfo-$pid.map"
fi
echo "done: $out"
