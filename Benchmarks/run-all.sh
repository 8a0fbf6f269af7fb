#!/usr/bin/env bash
# Every figure in Docs/PERFORMANCE.md and Docs/DEPLOY.md, from one run: the in-process benchmark,
# the comparison with MMA (whole process and per song), and the server load tests: SQLite, then
# PostgreSQL with one replica and with two behind nginx. Installs mma, postgresql and nginx if missing.
#   Benchmarks/run-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."

for package in mma postgresql nginx; do
    dpkg -s "$package" >/dev/null 2>&1 || { echo "installing $package" >&2; apt-get install -y -qq "$package" >/dev/null; }
done
python3 -c "import mido" 2>/dev/null || python3 -m pip install --quiet mido
swift build -c release --static-swift-stdlib --product backline >/dev/null

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== backline bench (in process, release build)"
.build/release/backline bench --presets Benchmarks/reference --genre reference_blues --key A --mode minor \
    --tempo 110 --sections 4 --with-keys --songs 10000
echo "== Backline vs MMA (Benchmarks/compare.py)"
python3 Benchmarks/compare.py --no-build
echo "== server load test, SQLite (Benchmarks/loadtest.py)"
python3 Benchmarks/loadtest.py --no-build
echo "== server load test, PostgreSQL, one replica (Benchmarks/loadtest.py --postgres)"
python3 Benchmarks/loadtest.py --no-build --postgres
echo "== server load test, PostgreSQL, two replicas behind nginx (Benchmarks/loadtest.py --postgres --replicas 2)"
python3 Benchmarks/loadtest.py --no-build --postgres --replicas 2
