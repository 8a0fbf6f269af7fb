#!/usr/bin/env python3
"""Load test of `backline serve` on loopback: concurrent clients doing create -> run -> export.

Starts the release server on a free port with a fresh data folder, measures how long it takes to
answer its first request with every preset loaded, then runs --clients concurrent keep-alive
clients for --seconds. Reports cycles/s, p50/p99 latency per call, every export checked (MThd
header, track count, End of Track; a sample read by mido), the server's resident memory sampled
every second (peak, and at 10 s and at the end), and the CPU time one cycle costs each process
(server, database, proxy, and this client), read from /proc.

  python3 Benchmarks/loadtest.py [--clients 16] [--seconds 30] [--no-build]
      SQLite in a temporary data folder on the ordinary disk (the default server).
  python3 Benchmarks/loadtest.py --postgres [--replicas 2] [--nginx]
      PostgreSQL: a throwaway cluster (scripts/postgres) or --database-url's server (a fresh
      database is made on it); --replicas servers share it, and with more than one (or --nginx)
      nginx balances them round robin and the clients talk to nginx.
"""
import argparse
import asyncio
import json
import os
import pathlib
import socket
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
BACKLINE = ROOT / ".build" / "release" / "backline"
sys.path.insert(0, str(ROOT / "Tests" / "EndToEnd"))
from rig import Cluster, Nginx, free_port  # noqa: E402  (the PostgreSQL and nginx the replica tests use)


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Connection:
    """One keep-alive HTTP/1.1 connection, enough HTTP for this server (and nginx in front of it):
    a response that says `Connection: close` is followed by a new connection, as any client does."""

    def __init__(self, port):
        self.port = port
        self.reader = self.writer = None

    @classmethod
    async def open(cls, port):
        connection = cls(port)
        await connection.reconnect()
        return connection

    async def reconnect(self):
        if self.writer is not None:
            self.writer.close()
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

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
        closing = False
        while True:
            line = await self.reader.readuntil(b"\r\n")
            if line == b"\r\n":
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
            elif name.lower() == b"connection" and value.strip().lower() == b"close":
                closing = True
        payload = await self.reader.readexactly(length)
        if closing:
            await self.reconnect()
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


def cpu_seconds(pids):
    """User + system CPU time of processes, from /proc (processes that have exited count 0)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return total


def children(pid):
    """Every descendant of a process (PostgreSQL's backends, nginx's workers)."""
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        try:
            for task in pathlib.Path(f"/proc/{parent}/task").iterdir():
                kids = (task / "children").read_text().split()
                found += [int(k) for k in kids]
                frontier += [int(k) for k in kids]
        except OSError:
            pass
    return found


def postgres_pids(cluster):
    """The postmaster of a cluster this test started, and its backends."""
    if cluster.directory is None:
        return []
    postmaster = int((cluster.directory / "cluster" / "data" / "postmaster.pid").read_text().split()[0])
    return [postmaster] + children(postmaster)


def wait_for_health(port, deadline):
    """Seconds until /health answers 200, and the genre count it reports; None after the deadline."""
    started = time.perf_counter()
    while time.perf_counter() - started < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                reply = b""
                while chunk := s.recv(4096):
                    reply += chunk
                if b" 200 OK" in reply.split(b"\r\n", 1)[0]:
                    return time.perf_counter() - started, json.loads(reply.split(b"\r\n\r\n", 1)[1])["genres"]
        except (OSError, ValueError):
            pass
        time.sleep(0.001)
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--postgres", action="store_true", help="keep sessions in PostgreSQL")
    parser.add_argument("--database-url", help="a PostgreSQL server to make the database on (implies --postgres)")
    parser.add_argument("--replicas", type=int, default=1, help="servers sharing the database (PostgreSQL only)")
    parser.add_argument("--nginx", action="store_true", help="put nginx in front even of one server")
    args = parser.parse_args()
    postgres_wanted = args.postgres or args.database_url is not None
    if args.replicas > 1 and not postgres_wanted:
        sys.exit("several replicas need PostgreSQL: add --postgres")
    use_nginx = args.nginx or args.replicas > 1
    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "backline"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)

    cluster = (Cluster(args.database_url) if args.database_url else Cluster.start_own()) if postgres_wanted else None
    database, database_url = cluster.create_database() if cluster else (None, None)
    servers, proxy = [], None
    with tempfile.TemporaryDirectory() as data:
        try:
            ports = [free_port() for _ in range(args.replicas)]
            spawned = time.perf_counter()
            for index, port in enumerate(ports):
                command = [str(BACKLINE), "serve", "--port", str(port), "--data-dir", f"{data}/replica-{index}"]
                if database_url:
                    command += ["--database-url", database_url]
                servers.append(subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            answered = wait_for_health(ports[0], 30)
            if answered is None:
                sys.exit("the server did not start")
            first_answer = time.perf_counter() - spawned
            genres = answered[1]
            for port in ports[1:]:
                if wait_for_health(port, 30) is None:
                    sys.exit("a replica did not start")
            target = ports[0]
            if use_nginx:
                proxy = Nginx(pathlib.Path(data, "nginx"), ports, access_log=False)
                target = proxy.port

            groups = {"server": lambda: [s.pid for s in servers],
                      "database": lambda: postgres_pids(cluster) if cluster else [],
                      "proxy": lambda: ([proxy.process.pid] + children(proxy.process.pid)) if proxy else []}
            before = {name: cpu_seconds(pids()) for name, pids in groups.items()}
            client_before = sum(os.times()[:2])
            latencies, exports, failures, memory, elapsed = asyncio.run(load(target, servers[0].pid, args.clients, args.seconds))
            cpu = {name: cpu_seconds(pids()) - before[name] for name, pids in groups.items()}
            cpu["client"] = sum(os.times()[:2]) - client_before
        finally:
            if proxy:
                proxy.close()
            for process in servers:
                process.terminate()
                process.wait(timeout=30)
            if cluster:
                cluster.drop_database(database)
                cluster.discard()

    valid = sum(check_midi(midi) for midi in exports)
    import mido, io
    sample = exports[:: max(1, len(exports) // 50)]
    mido_ok = sum(len(mido.MidiFile(file=io.BytesIO(midi)).tracks) == 4 for midi in sample)
    at10 = next((rss for t, rss in memory if t >= 10), memory[-1][1])
    store = f"PostgreSQL, {args.replicas} replica(s)" + (" behind nginx" if use_nginx else "") if cluster else "SQLite"
    print(f"machine: {os.cpu_count()} cores; server(s), database, proxy and clients share them")
    print(f"store: {store}")
    print(f"start-up: first answer {first_answer * 1000:.0f} ms after spawn, {genres} genres loaded")
    print(f"load: {args.clients} clients, {elapsed:.1f} s, {len(exports)} create -> run -> export cycles, "
          f"{len(exports) / elapsed:.0f} cycles/s, {len(failures)} failures")
    for name in ["create", "run", "export", "cycle"]:
        print(f"  {name:7} p50 {percentile(latencies[name], 0.5):6.2f} ms   p99 {percentile(latencies[name], 0.99):6.2f} ms")
    cycles = max(1, len(exports))
    print("CPU per cycle: " + ", ".join(f"{name} {cpu[name] * 1000 / cycles:.2f} ms" for name in ["server", "database", "proxy", "client"]
                                        if cpu[name] > 0 or name != "proxy"))
    print(f"exports: {valid}/{len(exports)} well-formed (MThd, 4 tracks, End of Track), {mido_ok}/{len(sample)} read by mido")
    print(f"server memory: peak {max(r for _, r in memory):.1f} MiB, at 10 s {at10:.1f} MiB, at the end {memory[-1][1]:.1f} MiB")
    if failures or valid != len(exports) or mido_ok != len(sample):
        for failure in failures[:10]:
            print("failure:", failure)
        sys.exit(1)


if __name__ == "__main__":
    main()
