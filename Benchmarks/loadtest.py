#!/usr/bin/env python3
"""Load test of `backline serve` on loopback: concurrent clients doing create -> run -> export.

Starts the release server on a free port with a fresh data folder, measures how long it takes to
answer its first request with every preset loaded, then runs --clients concurrent keep-alive
clients for --seconds. Reports cycles/s, p50/p99 latency per call, every export checked (MThd
header, track count, End of Track; a sample read by mido), and the server's resident memory
sampled every second (peak, and at 10 s and at the end).

  python3 Benchmarks/loadtest.py [--clients 16] [--seconds 30] [--no-build]
"""
import argparse
import asyncio
import json
import os
import pathlib
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
BACKLINE = ROOT / ".build" / "release" / "backline"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Connection:
    """One keep-alive HTTP/1.1 connection, enough HTTP for this server."""

    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port):
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def call(self, method, path, body=b""):
        """Status and body; a server that does not answer within 10 s is a failure, not a hang."""
        return await asyncio.wait_for(self._call(method, path, body), timeout=10)

    async def _call(self, method, path, body):
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
        if body:
            head += "Content-Type: application/json\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)
        status_line = await self.reader.readuntil(b"\r\n")
        length = 0
        while True:
            line = await self.reader.readuntil(b"\r\n")
            if line == b"\r\n":
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        payload = await self.reader.readexactly(length)
        return int(status_line.split()[1]), payload


def check_midi(data):
    """Structure of a Standard MIDI File: header, tracks, every track closed by End of Track."""
    if data[:4] != b"MThd" or int.from_bytes(data[10:12], "big") != 4:
        return False
    offset, tracks = 14, 0
    while offset < len(data):
        if data[offset:offset + 4] != b"MTrk":
            return False
        length = int.from_bytes(data[offset + 4:offset + 8], "big")
        if data[offset + 8 + length - 3:offset + 8 + length] != b"\xff\x2f\x00":
            return False
        offset += 8 + length
        tracks += 1
    return tracks == 4


async def client(port, deadline, latencies, exports, failures):
    try:
        await cycles(await Connection.open(port), deadline, latencies, exports, failures)
    except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError) as error:
        failures.append(("connection", repr(error)))


async def cycles(connection, deadline, latencies, exports, failures):
    body = json.dumps({"genre": "blues", "key": "A", "mode": "minor", "tempo": 110}).encode()
    while time.perf_counter() < deadline:
        t0 = time.perf_counter()
        status, created = await connection.call("POST", "/sessions", body)
        t1 = time.perf_counter()
        if status != 201:
            failures.append(("create", status))
            continue
        session = json.loads(created)["id"]
        status, _ = await connection.call("POST", f"/sessions/{session}/run")
        t2 = time.perf_counter()
        status_export, midi = await connection.call("GET", f"/sessions/{session}/export")
        t3 = time.perf_counter()
        if status != 200 or status_export != 200:
            failures.append(("run/export", status, status_export))
            continue
        latencies["create"].append(t1 - t0)
        latencies["run"].append(t2 - t1)
        latencies["export"].append(t3 - t2)
        latencies["cycle"].append(t3 - t0)
        exports.append(midi)


async def sample_memory(pid, samples, deadline, started):
    while time.perf_counter() < deadline:
        samples.append((time.perf_counter() - started, rss_mib(pid)))
        await asyncio.sleep(1)


async def load(port, pid, clients, seconds):
    latencies = {name: [] for name in ["create", "run", "export", "cycle"]}
    exports, failures, memory = [], [], []
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(sample_memory(pid, memory, deadline, started),
                         *(client(port, deadline, latencies, exports, failures) for _ in range(clients)))
    return latencies, exports, failures, memory, time.perf_counter() - started


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "backline"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)

    with tempfile.TemporaryDirectory() as data:
        port = free_port()
        spawned = time.perf_counter()
        server = subprocess.Popen([str(BACKLINE), "serve", "--port", str(port), "--data-dir", data], cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            first_answer = None
            while first_answer is None and time.perf_counter() - spawned < 30:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        reply = s.recv(4096)
                        if b"200 OK" in reply:
                            first_answer = time.perf_counter() - spawned
                            genres = json.loads(reply.split(b"\r\n\r\n", 1)[1])["genres"]
                except OSError:
                    time.sleep(0.001)
            if first_answer is None:
                sys.exit("the server did not start")
            latencies, exports, failures, memory, elapsed = asyncio.run(load(port, server.pid, args.clients, args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=30)

    valid = sum(check_midi(midi) for midi in exports)
    import mido, io
    sample = exports[:: max(1, len(exports) // 50)]
    mido_ok = sum(len(mido.MidiFile(file=io.BytesIO(midi)).tracks) == 4 for midi in sample)
    at10 = next((rss for t, rss in memory if t >= 10), memory[-1][1])
    print(f"machine: {os.cpu_count()} cores; server and clients share them")
    print(f"start-up: first answer {first_answer * 1000:.0f} ms after spawn, {genres} genres loaded")
    print(f"load: {args.clients} clients, {elapsed:.1f} s, {len(exports)} create -> run -> export cycles, "
          f"{len(exports) / elapsed:.0f} cycles/s, {len(failures)} failures")
    for name in ["create", "run", "export", "cycle"]:
        print(f"  {name:7} p50 {percentile(latencies[name], 0.5):6.2f} ms   p99 {percentile(latencies[name], 0.99):6.2f} ms")
    print(f"exports: {valid}/{len(exports)} well-formed (MThd, 4 tracks, End of Track), {mido_ok}/{len(sample)} read by mido")
    print(f"server memory: peak {max(r for _, r in memory):.1f} MiB, at 10 s {at10:.1f} MiB, at the end {memory[-1][1]:.1f} MiB")
    if failures or valid != len(exports) or mido_ok != len(sample):
        sys.exit(1)


if __name__ == "__main__":
    main()
