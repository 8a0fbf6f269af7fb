"""API keys on replicas that share PostgreSQL (Docs/SECURITY.md), as clients meet them.

Replica B starts first with a keys file of alice and bob; replica A starts after it with a file that
adds carol. Keys live in the database, so carol's key works on B too, a session belongs to the key
that made it on whichever replica, a DELETE on one replica is seen by the other, and the retention
sweep that both replicas run removes an old session once.
"""
import json
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from rig import detail_of, tail, wait_for
from test_server import Server

ALICE = "alice-" + "0" * 32
BOB = "bob-" + "1" * 32
CAROL = "carol-" + "2" * 32
SONG = {"genre": "blues", "key": "A", "mode": "minor", "tempo": 110, "sections": 1, "seed": 3}


def call(url, method, path, key=None, body=None):
    """(status, parsed JSON or None, headers) of one request as `key`."""
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw, answer_headers = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, raw, answer_headers = error.code, error.read(), error.headers
    try:
        document = json.loads(raw) if raw else None
    except ValueError:
        document = None
    return status, document, answer_headers


class Replica(Server):
    def __init__(self, backline, name, data_dir, database_url, keys, extra=()):
        self.name = name
        data_dir.mkdir(parents=True, exist_ok=True)
        keys_file = data_dir / "keys"
        keys_file.write_text("# keys of replica " + name + "\n" + "\n".join(f"{key} {label}" for key, label in keys) + "\n")
        super().__init__(backline, data_dir, extra=["--database-url", database_url, "--api-keys", str(keys_file), *extra])
        # /health is open at once; keys are usable once this replica has written its file's keys.
        assert wait_for(lambda: call(self.url, "GET", "/sessions", keys[0][0])[0] == 200, 20), tail(self.log_text())

    def close(self):
        if self.process.poll() is None:
            self.stop()


@pytest.fixture()
def replicas(backline, cluster, tmp_path):
    """B (alice, bob) then A (alice, bob, carol) on one fresh database, both sweeping at 30 days."""
    database, url = cluster.create_database()
    started = []
    try:
        b = Replica(backline, "B", tmp_path / "b", url, [(ALICE, "alice"), (BOB, "bob")], ["--retention", "30"])
        started.append(b)
        a = Replica(backline, "A", tmp_path / "a", url, [(ALICE, "alice"), (BOB, "bob"), (CAROL, "carol")], ["--retention", "30"])
        started.append(a)
        yield a, b, url
    finally:
        for replica in started:
            replica.close()
        cluster.drop_database(database)


def logs(*replicas):
    return "\n".join(f"--- replica {r.name} ---\n{tail(r.log_text())}" for r in replicas)


def test_keys_and_sessions_are_shared_by_replicas_and_sessions_stay_their_owners(replicas):
    a, b, _ = replicas
    # No key, or a key neither file has: 401 on both replicas, with the Bearer challenge.
    for replica in (a, b):
        for key in (None, "mallory-" + "3" * 32):
            status, document, headers = call(replica.url, "GET", "/sessions", key)
            assert status == 401 and headers["WWW-Authenticate"].startswith("Bearer") and detail_of(json.dumps(document)), (status, document)
        assert call(replica.url, "GET", "/health")[0] == 200

    # carol's key came with A's file; B knows it from the database.
    status, created, _ = call(a.url, "POST", "/sessions", CAROL, SONG)
    assert status == 201, (status, created, logs(a, b))
    session = created["id"]
    assert call(b.url, "POST", f"/sessions/{session}/run", CAROL)[0] == 200
    status, shown, _ = call(b.url, "GET", f"/sessions/{session}", CAROL)
    assert status == 200 and shown["status"] == "completed"

    # Another key, through the other replica: as if it did not exist.
    for path in ["", "/tracks", "/export", "/parts/drums"]:
        status, document, _ = call(b.url, "GET", f"/sessions/{session}{path}", ALICE)
        assert status == 404 and document == {"detail": f"session {session} does not exist"}, (path, status, document)
    assert call(a.url, "DELETE", f"/sessions/{session}", BOB)[0] == 404
    status, page, _ = call(b.url, "GET", "/sessions", ALICE)
    assert status == 200 and page["total"] == 0 and page["sessions"] == []
    status, page, _ = call(b.url, "GET", "/sessions", CAROL)
    assert page["total"] == 1 and [s["id"] for s in page["sessions"]] == [session]

    # Deleted through A, gone on B.
    status, _, _ = call(a.url, "DELETE", f"/sessions/{session}", CAROL)
    assert status == 204
    assert call(b.url, "GET", f"/sessions/{session}", CAROL)[0] == 404
    assert call(b.url, "GET", f"/sessions/{session}/export", CAROL)[0] == 404
    assert call(b.url, "DELETE", f"/sessions/{session}", CAROL)[0] == 404


def test_retention_on_both_replicas_removes_an_old_session_once(replicas):
    a, b, url = replicas
    old = call(a.url, "POST", "/sessions", ALICE, SONG)[1]["id"]
    young = call(b.url, "POST", "/sessions", ALICE, SONG)[1]["id"]
    backdated = subprocess.run(
        ["psql", url, "-v", "ON_ERROR_STOP=1", "-qAtc", f"UPDATE sessions SET created_at = now() - interval '31 days' WHERE id = '{old}' RETURNING id"],
        capture_output=True, text=True, timeout=60)
    assert backdated.returncode == 0 and backdated.stdout.strip() == old, backdated.stderr
    # Both replicas sweep every 10 seconds.
    assert wait_for(lambda: call(b.url, "GET", f"/sessions/{old}", ALICE)[0] == 404, 25), logs(a, b)
    assert call(a.url, "GET", f"/sessions/{old}", ALICE)[0] == 404
    assert call(a.url, "GET", f"/sessions/{young}", ALICE)[0] == 200
    time.sleep(11)  # a full sweep on each replica after the delete
    deleted = [int(n) for r in (a, b) for n in re.findall(r"deleted (\d+) session\(s\) older than 30 day", r.log_text())]
    assert deleted == [1], (deleted, logs(a, b))


def test_a_key_left_out_of_the_file_a_replica_starts_with_is_revoked_everywhere(backline, replicas, tmp_path):
    a, b, url = replicas
    session = call(a.url, "POST", "/sessions", BOB, SONG)[1]["id"]
    # A third replica starts with a file without bob: bob is revoked for every replica.
    c = Replica(backline, "C", tmp_path / "c", url, [(ALICE, "alice"), (CAROL, "carol")])
    try:
        for replica in (a, b, c):
            status, document, _ = call(replica.url, "GET", f"/sessions/{session}", BOB)
            assert status == 403 and "revoked" in document["detail"], (replica.name, status, document)
        # Bob's session is still his, not anyone else's.
        assert call(c.url, "GET", f"/sessions/{session}", ALICE)[0] == 404
    finally:
        c.close()


def test_schemathesis_with_keys_finds_no_server_error_and_no_contradiction(replicas, tmp_path):
    """The fuzzing of test_replicas.py, with keys on: every operation asks for the key the run sends."""
    a, _, _ = replicas
    schemathesis = shutil.which("schemathesis") or shutil.which("st")
    assert schemathesis, "pip install schemathesis"
    result = subprocess.run(
        [schemathesis, "run", f"{a.url}/openapi.json", "--checks", "all", "--exclude-checks", "positive_data_acceptance", "--max-examples", "40",
         "--generation-deterministic", "--request-timeout", "30", "-H", f"Authorization: Bearer {ALICE}"],
        capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-6000:] + "\n" + logs(a)
    counts = re.search(r"(\d+) generated, (\d+) passed", result.stdout)
    assert counts and counts.group(1) == counts.group(2), result.stdout[-3000:]
    assert "unhandled error" not in a.log_text(), logs(a)


@pytest.mark.parametrize("arguments, environment, message", [
    (["--api-keys", "{dir}/keys"], {}, "Error: the API keys file {dir}/keys:3: the key is 5 characters; a key needs at least 16"),
    (["--api-keys", "{dir}/missing"], {}, "Error: the API keys file {dir}/missing: cannot be read"),
    ([], {"BACKLINE_API_KEYS_FILE": "{dir}/keys"}, "Error: the API keys file {dir}/keys:3:"),
    (["--rate-limit", "60"], {}, "they need --api-keys FILE"),
    (["--max-sessions-per-key", "0", "--api-keys", "{dir}/good"], {}, "the most sessions per key 0 is outside 1–1000000000"),
    (["--rate-limit", "0", "--api-keys", "{dir}/good"], {}, "the rate limit 0 requests a minute is outside 1–1000000"),
    (["--retention", "0"], {}, "the retention 0 days is outside 1–36500 days"),
    ([], {"BACKLINE_RETENTION_DAYS": "forever"}, "BACKLINE_RETENTION_DAYS 'forever' is not a number of days"),
    ([], {"BACKLINE_RATE_LIMIT": "lots"}, "BACKLINE_RATE_LIMIT 'lots' is not a number of requests per minute"),
])
def test_bad_access_options_stop_the_server_with_what_is_wrong(backline, tmp_path, arguments, environment, message):
    (tmp_path / "keys").write_text("# keys\n" + ALICE + " alice\nshort\n")
    (tmp_path / "good").write_text(ALICE + "\n")
    fill = lambda text: text.replace("{dir}", str(tmp_path))
    result = subprocess.run([backline, "serve", "--data-dir", str(tmp_path / "data"), *map(fill, arguments)], capture_output=True,
                            text=True, timeout=30, env={**os.environ, **{k: fill(v) for k, v in environment.items()}})
    assert result.returncode != 0
    assert fill(message) in result.stderr, result.stderr
