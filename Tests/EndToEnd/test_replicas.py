"""Backline as replicas, as a client behind a load balancer meets it.

Two `backline serve` processes (replicas A and B), each with its own data folder, share one
PostgreSQL database; nginx balances between them round robin. A client may create a session
through one replica, run it on another and download it from a third place, and must get the same
song everywhere; a replica killed with SIGKILL or a database that stops for a few seconds may
delay it, but must never lose a session that was reported completed, nor answer 500.

The PostgreSQL server is BACKLINE_TEST_DATABASE_URL (an admin URL, database `postgres`) when it is
set, or one this module starts with scripts/postgres. Every test gets a fresh database of its own,
so no test sees another's sessions. The test that stops PostgreSQL always starts a cluster of its
own, since it must stop and restart it.
"""
import collections
import http.client
import io
import json
import re
import shutil
import subprocess
import threading
import time

import mido
import pytest

from rig import Cluster, Nginx, call, detail_of, tail, wait_for
from test_server import Server
SONG = {"genre": "blues", "key": "A", "mode": "minor", "tempo": 110, "seed": 3}
# A few different songs for the load, so that exports differ from session to session.
LOAD_SONGS = [
    {"genre": "blues", "key": "A", "mode": "minor", "tempo": 110},
    {"genre": "funk", "key": "Eb", "mode": "dorian", "tempo": 100},
    {"genre": "house", "key": "C", "mode": "minor", "tempo": 124},
    {"genre": "punk", "key": "E", "mode": "major", "tempo": 170},
]


# --------------------------------------------------------------------------------------------
# Replicas and nginx


class Replica(Server):
    """`backline serve --database-url …` with a data folder of its own (test_server.Server, named)."""

    def __init__(self, backline, name, data_dir, database_url):
        self.name = name
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            super().__init__(backline, data_dir, extra=["--database-url", database_url])
        except AssertionError:
            if getattr(self, "process", None) is not None:
                self.process.kill()
                self.process.wait()
            raise

    def health(self, timeout=10):
        try:
            return call(self.url, "GET", "/health", timeout=timeout)[0]
        except (OSError, http.client.HTTPException):
            return None

    def close(self):
        """Stops the replica with SIGTERM, as an orchestrator does; one that does not stop within
        15 s is killed, and that is a failure of its own."""
        if self.process.poll() is None:
            try:
                self.stop()
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                self.log.close()
                raise AssertionError(f"replica {self.name} did not stop within 15 s of SIGTERM:\n{tail(self.log_text())}")
        elif not self.log.closed:
            self.log.close()


class Rig:
    """Replicas A and B on one fresh database of `cluster`, and nginx in front of them."""

    def __init__(self, backline, cluster, directory):
        self.cluster = cluster
        self.database, self.database_url = cluster.create_database()
        self.a = self.b = self.nginx = None
        try:
            self.a = Replica(backline, "A", directory / "a", self.database_url)
            self.b = Replica(backline, "B", directory / "b", self.database_url)
            self.nginx = Nginx(directory / "nginx", [self.a.port, self.b.port])
        except BaseException:
            self.close()
            raise

    @property
    def replicas(self):
        return [self.a, self.b]

    def upstream(self, replica):
        """How nginx's access log names a replica."""
        return f"127.0.0.1:{replica.port}"

    def logs(self):
        """The replicas' and nginx's logs (their ends), for failure messages."""
        parts = [f"--- replica {r.name} (port {r.port}) ---\n{tail(r.log_text())}" for r in self.replicas if r]
        if self.nginx:
            parts.append(self.nginx.log_text())
        if self.cluster.directory:
            parts.append("--- postgresql ---\n" + tail(self.cluster.log_text(), 15))
        return "\n".join(parts)

    def close(self):
        failures = []
        for part in [self.nginx, self.a, self.b]:
            try:
                if part:
                    part.close()
            except AssertionError as failure:
                failures.append(str(failure))
        self.cluster.drop_database(self.database)
        assert not failures, "\n".join(failures)


# --------------------------------------------------------------------------------------------
# Load: client threads doing create → run → export


Answer = collections.namedtuple("Answer", "started ended client method path status error body")


class Load:
    """Client threads each doing create → run → export through `url` until stopped, and reader
    threads downloading completed sessions again (and reading them), recording every answer (or
    connection failure) and every session a run reported completed."""

    def __init__(self, url, clients=4, readers=2, timeout=20):
        self.url = url
        self.timeout = timeout
        self.answers = []
        self.contradictions = []  # answers that break the contract (a 201 without an id, …)
        self.created = {}     # id → time the create answered
        self.completed = {}   # id → time the run answered 200 "completed"
        self.exports = {}     # id → the bytes an export answered
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.client, args=(n, self.create_run_export), daemon=True)
                        for n in range(clients)]
        self.threads += [threading.Thread(target=self.client, args=(clients + n, self.read_again), daemon=True)
                         for n in range(readers)]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, kind, *_):
        self.stop(check=kind is None)

    def stop(self, check=True):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=self.timeout + 10)
        if check:
            assert not any(thread.is_alive() for thread in self.threads), "a client is still waiting for an answer"
            assert not self.contradictions, "\n".join(self.contradictions)

    def request(self, client, method, path, body=None):
        started = time.monotonic()
        try:
            status, raw, _ = call(self.url, method, path, body, timeout=self.timeout)
            answer = Answer(started, time.monotonic(), client, method, path, status, None, raw)
        except (OSError, http.client.HTTPException) as error:
            answer = Answer(started, time.monotonic(), client, method, path, None, f"{type(error).__name__}: {error}", b"")
        with self.lock:
            self.answers.append(answer)
        return answer

    def client(self, n, work):
        try:
            work(n)
        except Exception as error:  # a body that is not what the contract says
            with self.lock:
                self.contradictions.append(f"client {n}: {type(error).__name__}: {error}")

    def create_run_export(self, n):
        number = 0
        while not self.stopping.is_set():
            number += 1
            song = {**LOAD_SONGS[(n + number) % len(LOAD_SONGS)], "seed": n * 1000 + number}
            created = self.request(n, "POST", "/sessions", song)
            if created.status != 201:
                time.sleep(0.1)
                continue
            session = json.loads(created.body)["id"]
            with self.lock:
                self.created[session] = created.ended
            ran = self.request(n, "POST", f"/sessions/{session}/run")
            if ran.status != 200:
                time.sleep(0.1)
                continue
            assert json.loads(ran.body)["status"] == "completed", describe(ran)
            with self.lock:
                self.completed[session] = ran.ended
            exported = self.request(n, "GET", f"/sessions/{session}/export")
            if exported.status == 200:
                with self.lock:
                    self.exports[session] = exported.body

    def read_again(self, n):
        number = 0
        while not self.stopping.is_set():
            number += 1
            with self.lock:
                exported = list(self.exports.items())
            if not exported:
                time.sleep(0.05)
                continue
            session, midi = exported[(n * 7919 + number) % len(exported)]
            again = self.request(n, "GET", f"/sessions/{session}/export")
            assert again.status != 200 or again.body == midi, f"another export of {session} gave other bytes"
            read = self.request(n, "GET", f"/sessions/{session}")
            assert read.status != 200 or json.loads(read.body)["status"] == "completed", describe(read)
            if again.status != 200 or read.status != 200:
                time.sleep(0.1)

    def completions_since(self, moment):
        with self.lock:
            return sum(1 for ended in self.completed.values() if ended > moment)

    def wait_for_completions(self, count, since, seconds):
        return wait_for(lambda: self.completions_since(since) >= count, seconds=seconds)

    def summary(self):
        counts = collections.Counter(answer.status or answer.error.split(":")[0] for answer in self.answers)
        return (f"{len(self.answers)} answers {dict(counts)}; {len(self.created)} created, "
                f"{len(self.completed)} completed, {len(self.exports)} exported")


def describe(answer, t0=0.0):
    outcome = answer.status if answer.status is not None else answer.error
    return (f"t={answer.started - t0:+.2f}s..{answer.ended - t0:+.2f}s client {answer.client}: "
            f"{answer.method} {answer.path} → {outcome} {answer.body[:300]!r}")


# --------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture()
def own_cluster():
    """A throwaway PostgreSQL cluster of this test alone, which it may stop and start again."""
    own = Cluster.start_own()
    try:
        yield own
    finally:
        own.discard()


@pytest.fixture()
def make_rig(backline, tmp_path):
    """Makes rigs (replicas A and B on a fresh database, nginx in front); closes them after the test."""
    made = []

    def make(on_cluster):
        rig = Rig(backline, on_cluster, tmp_path / f"rig{len(made)}")
        made.append(rig)
        return rig

    yield make
    for rig in made:
        rig.close()


@pytest.fixture()
def rig(cluster, make_rig):
    """Replicas A and B sharing a fresh database on the module's PostgreSQL, behind nginx. One per
    test (the PostgreSQL server is the module's): tests kill replicas, and must not see each
    other's sessions."""
    return make_rig(cluster)


# --------------------------------------------------------------------------------------------
# Tests


def test_a_session_created_through_nginx_runs_on_a_and_exports_the_same_bytes_from_b(rig):
    """A client may land on any replica for each call: the session it created through the balancer
    runs on A, and B (and the balancer, whichever replica answers) hands out the very same MIDI
    file. Both replicas list the same sessions with the same total."""
    status, raw, headers = call(rig.nginx.url, "POST", "/sessions", SONG)
    assert status == 201 and headers.get("X-Request-Id"), (status, raw, rig.logs())
    session = json.loads(raw)["id"]

    status, raw, _ = call(rig.a.url, "POST", f"/sessions/{session}/run")
    assert status == 200, (status, raw, rig.logs())
    run = json.loads(raw)
    assert run["id"] == session and run["status"] == "completed" and run["files"], run

    status, session_on_b, _ = call(rig.b.url, "GET", f"/sessions/{session}")
    assert status == 200 and json.loads(session_on_b)["status"] == "completed", (status, session_on_b)

    status, from_b, headers = call(rig.b.url, "GET", f"/sessions/{session}/export")
    assert status == 200 and headers["Content-Type"] == "application/octet-stream", (status, headers, from_b[:300])
    status, from_a, _ = call(rig.a.url, "GET", f"/sessions/{session}/export")
    assert status == 200 and from_a == from_b, "A and B export different bytes for one session"
    song = mido.MidiFile(file=io.BytesIO(from_b))
    assert song.type == 1 and len(song.tracks) >= 4

    through_nginx = [call(rig.nginx.url, "GET", f"/sessions/{session}/export") for _ in range(4)]
    assert [(s, body == from_a) for s, body, _ in through_nginx] == [(200, True)] * 4
    served_by = {address for line, address, status in rig.nginx.upstream_answers() if "/export" in line and status == "200"}
    assert {rig.upstream(rig.a), rig.upstream(rig.b)} <= served_by, "round robin should have used both replicas"

    # A second session, pending, created directly on B: both replicas list both, with one total.
    status, raw, _ = call(rig.b.url, "POST", "/sessions", {**SONG, "genre": "funk", "key": "Eb", "mode": "dorian"})
    assert status == 201, (status, raw)
    pending = json.loads(raw)["id"]
    listings = {}
    for replica in rig.replicas:
        status, raw, _ = call(replica.url, "GET", "/sessions?limit=100&offset=0")
        assert status == 200, (replica.name, status, raw)
        listing = json.loads(raw)
        listings[replica.name] = ({s["id"]: s["status"] for s in listing["sessions"]}, listing["total"])
    assert listings["A"] == listings["B"] == ({session: "completed", pending: "pending"}, 2), listings


def test_sixteen_concurrent_runs_split_over_both_replicas_render_once(rig):
    """Sixteen clients press "run" on one session at the same moment, eight on A and eight on B:
    exactly one gets 200 with the song, the fifteen others 409; repeated for three sessions."""
    for round_number in range(3):
        status, raw, _ = call(rig.nginx.url, "POST", "/sessions", {**SONG, "seed": 100 + round_number})
        assert status == 201, (status, raw, rig.logs())
        session = json.loads(raw)["id"]

        barrier = threading.Barrier(16)
        answers = [None] * 16

        def press_run(index, replica):
            barrier.wait(timeout=20)
            try:
                status, raw, _ = call(replica.url, "POST", f"/sessions/{session}/run")
                answers[index] = (replica.name, status, raw)
            except (OSError, http.client.HTTPException) as error:
                answers[index] = (replica.name, None, repr(error).encode())

        threads = [threading.Thread(target=press_run, args=(i, rig.a if i % 2 == 0 else rig.b)) for i in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        statuses = sorted(status for _, status, _ in answers)
        assert statuses == [200] + [409] * 15, (answers, rig.logs())
        assert all(detail_of(raw) for _, status, raw in answers if status == 409), answers
        winner = next(json.loads(raw) for _, status, raw in answers if status == 200)
        assert winner["status"] == "completed"
        exports = [call(r.url, "GET", f"/sessions/{session}/export") for r in rig.replicas]
        assert [s for s, _, _ in exports] == [200, 200] and exports[0][1] == exports[1][1]


def test_sigkill_of_a_replica_under_load_loses_no_completed_session(rig):
    """Clients keep creating, running and exporting through nginx while replica A is killed with
    SIGKILL. Requests A had in flight may fail (502 or a dropped connection); after that nginx
    sends everything to B. Every session any client was told is completed is still there and B
    exports exactly the bytes the client was given; every session whose creation was answered 201
    still exists."""
    with Load(rig.nginx.url, clients=4, timeout=20) as load:
        t0 = time.monotonic()
        assert load.wait_for_completions(6, since=t0, seconds=30), load.summary() + "\n" + rig.logs()
        time.sleep(max(0.0, t0 + 1.5 - time.monotonic()))  # the kill falls in the middle of a steady load
        killed_at = time.monotonic()
        rig.a.process.kill()
        rig.a.process.wait()
        time.sleep(0.3)
        after_kill = time.monotonic()
        assert load.wait_for_completions(6, since=after_kill, seconds=20), \
            "nginx did not route to B after A died: " + load.summary() + "\n" + rig.logs()
        time.sleep(1.0)
    answers = sorted(load.answers, key=lambda answer: answer.started)
    report = load.summary() + "\n" + "\n".join(describe(a, t0) for a in answers if a.status not in (200, 201)) + "\n" + rig.logs()

    # A was really serving before it died (or the kill proves nothing).
    served_by_a = [line for line, address, status in rig.nginx.upstream_answers()
                   if address == rig.upstream(rig.a) and status == "200"]
    assert served_by_a, "A served nothing before it was killed:\n" + report

    # What clients saw: successes, and for requests caught by the kill only 502 or a dropped connection.
    unexpected = [a for a in answers if a.status not in (200, 201, 502) and a.error is None]
    assert not unexpected, "\n".join(describe(a, t0) for a in unexpected) + "\n" + report
    failed = [a for a in answers if a.status == 502 or a.error]
    print(f"\n{load.summary()}; {len(failed)} request(s) failed around the kill at t={killed_at - t0:.2f}s:")
    for answer in failed:
        if answer.path == "/sessions":  # a create cut off: the client does not know whether it happened
            print(f"  {describe(answer, t0)[:160]}…")
            continue
        status, raw, _ = call(rig.b.url, "GET", answer.path.removesuffix("/run").removesuffix("/export"))
        now = json.loads(raw).get("status") if status == 200 else raw[:200]
        print(f"  {describe(answer, t0)[:160]}…; B now says the session is {status} {now}")
    # Only requests A had in flight fail: from a moment after the kill nginx sends everything to B.
    late = [a for a in failed if a.started > killed_at + 1.0]
    assert not late, "requests failed well after the kill:\n" + "\n".join(describe(a, t0) for a in late) + "\n" + report

    # Nothing lost: every created session exists on B; every completed one exports the same bytes.
    for session in load.created:
        status, raw, _ = call(rig.b.url, "GET", f"/sessions/{session}")
        assert status == 200, (session, status, raw, report)
    for session in load.completed:
        status, raw, _ = call(rig.b.url, "GET", f"/sessions/{session}")
        assert status == 200 and json.loads(raw)["status"] == "completed", (session, status, raw, report)
        status, exported, _ = call(rig.b.url, "GET", f"/sessions/{session}/export")
        assert status == 200 and exported.startswith(b"MThd"), (session, status, exported[:300], report)
        if session in load.exports:
            assert exported == load.exports[session], f"session {session} exports other bytes after the kill"
    assert len(load.exports) >= len(load.completed) - len(failed), report
    assert rig.b.process.poll() is None and "unhandled error" not in rig.b.log_text(), rig.logs()


def test_postgresql_stopped_for_five_seconds_means_503_then_recovery_without_restart(own_cluster, make_rig):
    """Clients keep creating, running and exporting through nginx while PostgreSQL is stopped for
    5 s and started again (same port). Meanwhile they get answers they can act on: 2xx, 4xx or 503
    with a JSON detail, never 500 and never nginx's 502; no replica ever answers 500 to nginx.
    Within ~15 s of PostgreSQL's return both replicas report healthy again by themselves (same
    processes), every session reported completed exports the bytes the client got, and new
    sessions are created and run on either replica."""
    rig = make_rig(own_cluster)
    health = []  # (asked, answered, replica, status) of each replica's /health, asked directly

    def ask_health(replica):
        asked = time.monotonic()
        status = replica.health(timeout=20)
        health.append((asked, time.monotonic(), replica.name, status))

    def poll_health(stop):
        # A new question every 0.5 s, whether or not the last one was answered (a /health may take
        # the database's deadline to answer).
        while not stop.is_set():
            for replica in rig.replicas:
                threading.Thread(target=ask_health, args=(replica,), daemon=True).start()
            time.sleep(0.5)

    stop_polling = threading.Event()
    poller = threading.Thread(target=poll_health, args=(stop_polling,), daemon=True)
    with Load(rig.nginx.url, clients=4, timeout=20) as load:
        t0 = time.monotonic()
        poller.start()
        assert load.wait_for_completions(4, since=t0, seconds=30), load.summary() + "\n" + rig.logs()
        time.sleep(max(0.0, t0 + 1.5 - time.monotonic()))
        down_at = time.monotonic()
        own_cluster.stop()
        stopped_at = time.monotonic()
        time.sleep(5)
        starting_at = time.monotonic()
        own_cluster.start()
        up_at = time.monotonic()
        recovered = wait_for(lambda: all(r.health() == 200 for r in rig.replicas), seconds=20)
        recovered_at = time.monotonic()
        assert recovered, f"replicas still unhealthy {recovered_at - up_at:.1f}s after PostgreSQL came back\n" + rig.logs()
        assert load.wait_for_completions(4, since=recovered_at, seconds=20), \
            "no session completed after the recovery: " + load.summary() + "\n" + rig.logs()
        time.sleep(1.0)
    stop_polling.set()
    poller.join(timeout=5)

    answers = sorted(load.answers, key=lambda answer: answer.started)
    timeline = (f"PostgreSQL stopping at t={down_at - t0:.2f}s, down at t={stopped_at - t0:.2f}s, "
                f"starting at t={starting_at - t0:.2f}s, up at t={up_at - t0:.2f}s, "
                f"replicas healthy at t={recovered_at - t0:.2f}s")
    report = timeline + "\n" + load.summary() + "\n" + "\n".join(
        describe(a, t0) for a in answers if a.status not in (200, 201)) + "\n" + rig.logs()
    print("\n" + timeline + "; " + load.summary())

    # Every answer is one a client can act on: 2xx, 4xx, or 503 with a JSON detail from a replica.
    bad = [a for a in answers if a.status is None or not (200 <= a.status < 500 or a.status == 503)]
    assert not bad, "answers a client cannot act on (an error is no answer within 20 s):\n" + "\n".join(describe(a, t0) for a in bad) + "\n" + report
    undetailed = [a for a in answers if a.status >= 400 and detail_of(a.body) is None]
    assert not undetailed, "errors without a JSON detail:\n" + "\n".join(describe(a, t0) for a in undetailed)
    # The replicas themselves never answered 500 (or anything 5xx but 503) to nginx.
    upstream_answers = rig.nginx.upstream_answers()
    upstream_errors = [line for line, _, status in upstream_answers if status.startswith("5") and status != "503"]
    assert not upstream_errors, "replicas answered 5xx other than 503:\n" + "\n".join(upstream_errors) + "\n" + report
    for replica in rig.replicas:
        assert "unhandled error" not in replica.log_text(), rig.logs()

    # The outage was felt (or this test proves nothing): clients got 503s, each replica gave some.
    assert any(a.status == 503 for a in answers), "no client ever got a 503 while PostgreSQL was down:\n" + report
    for replica in rig.replicas:
        assert any(address == rig.upstream(replica) and status == "503" for _, address, status in upstream_answers), \
            f"replica {replica.name} never answered 503 while PostgreSQL was down:\n{report}"
        assert replica.process.poll() is None, f"replica {replica.name} exited:\n" + rig.logs()
    # A /health answered while PostgreSQL was down says so (a /health may wait for the database's
    # 5 s deadline, so one asked during a 5 s outage may be answered, rightly 200, after it).
    for replica in rig.replicas:
        polls = [(round(asked - t0, 2), round(answered - t0, 2), status)
                 for asked, answered, name, status in list(health) if name == replica.name and asked >= stopped_at]
        answered_while_down = [poll for poll in polls if poll[1] <= starting_at - t0]
        print(f"replica {replica.name} /health asked once PostgreSQL was down (asked, answered, status): {polls[:12]}")
        assert all(status == 503 for _, _, status in answered_while_down), \
            f"replica {replica.name} said it was healthy while PostgreSQL was down: {answered_while_down}\n{report}"

    # Nothing reported completed is lost, on either replica.
    for session in load.completed:
        for replica in rig.replicas:
            status, exported, _ = call(replica.url, "GET", f"/sessions/{session}/export")
            assert status == 200 and exported.startswith(b"MThd"), (replica.name, session, status, exported[:300], report)
            if session in load.exports:
                assert exported == load.exports[session], f"session {session} exports other bytes after the outage"

    # New work goes through on each replica directly, as well as through nginx.
    for creator, runner in [(rig.a, rig.b), (rig.b, rig.a), (rig.nginx, rig.nginx)]:
        status, raw, _ = call(creator.url, "POST", "/sessions", SONG)
        assert status == 201, (status, raw, rig.logs())
        session = json.loads(raw)["id"]
        status, raw, _ = call(runner.url, "POST", f"/sessions/{session}/run")
        assert status == 200 and json.loads(raw)["status"] == "completed", (status, raw, rig.logs())


def test_schemathesis_finds_no_server_error_and_no_contradiction_on_postgresql(rig, tmp_path):
    """Property-based fuzzing of every operation from replica A's own OpenAPI document, with its
    sessions in PostgreSQL (test_server.py runs the same against SQLite)."""
    schemathesis = shutil.which("schemathesis") or shutil.which("st")
    assert schemathesis, "pip install schemathesis"
    # Every check but one: OpenAPI 3.0 cannot say that `parts` must name parts of the chosen genre
    # (its enum lists every genre's parts), so a schema-valid body may rightly get a 400.
    result = subprocess.run(
        [schemathesis, "run", f"{rig.a.url}/openapi.json", "--checks", "all", "--exclude-checks", "positive_data_acceptance", "--max-examples", "40",
         "--generation-deterministic", "--request-timeout", "30"],
        capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-6000:] + "\n" + rig.logs()
    counts = re.search(r"(\d+) generated, (\d+) passed", result.stdout)
    assert counts and counts.group(1) == counts.group(2), result.stdout[-3000:]
    assert "unhandled error" not in rig.a.log_text(), rig.logs()
