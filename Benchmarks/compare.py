#!/usr/bin/env python3
"""Backline against MMA on the reference song (blues, A minor, 110 bpm, 32 bars, 4 parts).

Runs, interleaved so that machine noise falls on both alike:
  1. whole processes: `backline generate` vs `mma` writing the song, wall time and peak memory;
  2. per-song cost: `backline bench` (in process) vs MMA's own per-song cost, measured as
     (MMA on a file holding the song 20 times - MMA on one copy) / 19.
Prints medians and the ratios. Needs a release build (built here unless --no-build) and `mma`.

  python3 Benchmarks/compare.py [--rounds 15] [--songs 5000] [--no-build]
"""
import argparse
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
BACKLINE = ROOT / ".build" / "release" / "backline"
SONG = ["--presets", str(ROOT / "Benchmarks" / "reference"), "--genre", "reference_blues", "--key", "A",
        "--mode", "minor", "--tempo", "110", "--sections", "4", "--with-keys"]


def timed(command, cwd):
    """Wall seconds and peak resident memory (MiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, command))}")
    return wall, usage.ru_maxrss / 1024


def repeated_song(copies, folder):
    """The reference MMA song with its 32 bars repeated `copies` times."""
    text = (ROOT / "Benchmarks" / "reference_song.mma").read_text().splitlines()
    header = [line for line in text if line and not re.match(r"^\d+\s", line) and not line.startswith("//")]
    bars = [re.sub(r"^\d+\s+", "", line) for line in text if re.match(r"^\d+\s", line)]
    path = pathlib.Path(folder) / f"reference_x{copies}.mma"
    path.write_text("\n".join(header + bars * copies) + "\n")
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds of each measurement")
    parser.add_argument("--songs", type=int, default=5000, help="songs timed by backline bench")
    parser.add_argument("--no-build", action="store_true", help="use the existing release build")
    args = parser.parse_args()

    if not shutil.which("mma"):
        sys.exit("mma is not installed: apt-get install mma")
    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "backline"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)

    with tempfile.TemporaryDirectory() as scratch:
        one, twenty = repeated_song(1, scratch), repeated_song(20, scratch)
        generate = [str(BACKLINE), "generate", *SONG, "--seed", "1", "--out", scratch]
        # -m raises MMA's 500-bar limit for the 20-copy song (640 bars); every run gets it alike.
        mma = ["mma", "-m", "1000", "-f", f"{scratch}/mma.mid", str(ROOT / "Benchmarks" / "reference_song.mma")]
        mma_one = ["mma", "-m", "1000", "-f", f"{scratch}/one.mid", str(one)]
        mma_twenty = ["mma", "-m", "1000", "-f", f"{scratch}/twenty.mid", str(twenty)]
        bench = [str(BACKLINE), "bench", *SONG, "--songs", str(args.songs)]

        results = {name: [] for name in ["generate", "mma", "mma_one", "mma_twenty"]}
        bench_lines = []
        timed(generate, ROOT), timed(mma, ROOT)  # warm the file cache
        for _ in range(args.rounds):
            results["generate"].append(timed(generate, ROOT))
            results["mma"].append(timed(mma, ROOT))
            results["mma_one"].append(timed(mma_one, ROOT))
            results["mma_twenty"].append(timed(mma_twenty, ROOT))
        for _ in range(3):
            bench_lines.append(subprocess.run(bench, cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip())

    def median(name, index=0):
        return statistics.median(sample[index] for sample in results[name])

    backline_us = statistics.median(float(line.split()[0]) for line in bench_lines)
    backline_p99 = statistics.median(float(re.search(r"p99 ([\d.]+)", line).group(1)) for line in bench_lines)
    mma_per_song_us = (median("mma_twenty") - median("mma_one")) / 19 * 1e6

    print(f"machine: {os.cpu_count()} cores, {platform()}")
    print(f"reference song: blues, A minor, 110 bpm, 32 bars, drums + bass + guitar + keys; {args.rounds} interleaved rounds")
    print()
    print("whole process (median wall, median peak RSS)")
    print(f"  backline generate  {median('generate') * 1000:8.1f} ms  {median('generate', 1):6.1f} MiB")
    print(f"  mma                {median('mma') * 1000:8.1f} ms  {median('mma', 1):6.1f} MiB")
    print(f"  ratio              {median('mma') / median('generate'):8.1f}x faster")
    print()
    print("per song")
    print(f"  backline bench     {backline_us:10.1f} us/song (p99 {backline_p99:.1f} us)   [{bench_lines[0]}]")
    print(f"  mma                {mma_per_song_us:10.1f} us/song   (20 copies {median('mma_twenty') * 1000:.0f} ms - 1 copy {median('mma_one') * 1000:.0f} ms) / 19")
    print(f"  ratio              {mma_per_song_us / backline_us:10.1f}x faster")


def platform():
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        model = "unknown CPU"
    return model


if __name__ == "__main__":
    main()
