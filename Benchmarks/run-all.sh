#!/usr/bin/env bash
# Every figure in Docs/PERFORMANCE.md, from one run: the in-process benchmark, the comparison with
# MMA (whole process and per song), and the server load test. Installs mma, hyperfine-free.
#   Benchmarks/run-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."

command -v mma >/dev/null || { echo "installing mma" >&2; apt-get install -y -qq mma >/dev/null; }
python3 -c "import mido" 2>/dev/null || python3 -m pip install --quiet mido
swift build -c release --static-swift-stdlib --product backline >/dev/null

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== backline bench (in process, release build)"
.build/release/backline bench --presets Benchmarks/reference --genre reference_blues --key A --mode minor \
    --tempo 110 --sections 4 --with-keys --songs 10000
echo "== Backline vs MMA (Benchmarks/compare.py)"
python3 Benchmarks/compare.py --no-build
echo "== server load test (Benchmarks/loadtest.py)"
python3 Benchmarks/loadtest.py --no-build
