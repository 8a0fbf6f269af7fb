"""`backline serve` as a client meets it: the real binary on a loopback port."""
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request

import mido
import pytest

from conftest import ROOT
from rig import free_port, wait_for


class Server:
    """A backline server process with its own data folder and log."""

    def __init__(self, backline, data_dir, extra=(), env=None):
        self.port = free_port()
        self.data_dir = data_dir
        self.log_path = data_dir / f"server-{self.port}.log"
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [backline, "serve", "--port", str(self.port), "--data-dir", str(data_dir), *extra],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if self.request("GET", "/health")[0] == 200:
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("server did not answer /health: " + self.log_path.read_text())

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def request(self, method, path, body=None):
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        req = urllib.request.Request(self.url + path, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def json(self, method, path, body=None):
        status, raw, _ = self.request(method, path, body)
        return status, json.loads(raw)

    def stop(self, sig=signal.SIGTERM):
        self.process.send_signal(sig)
        code = self.process.wait(timeout=15)
        self.log.close()
        return code

    def log_text(self):
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text()


@pytest.fixture()
def server(backline, tmp_path):
    running = Server(backline, tmp_path)
    yield running
    if running.process.poll() is None:
        running.stop()


def test_the_contract_curl_example_end_to_end(server, tmp_path):
    """The README of the contract, run as written (only the port differs)."""
    script = f"""
set -euo pipefail
cd {tmp_path}
# Create
SESSION=$(curl -s -X POST http://localhost:{server.port}/sessions \\
  -H "Content-Type: application/json" \\
  -d '{{"genre":"blues","key":"A","mode":"minor","tempo":110}}' \\
  | jq -r '.id')

# Run
curl -X POST http://localhost:{server.port}/sessions/$SESSION/run

# Download
curl -o backing-track.mid http://localhost:{server.port}/sessions/$SESSION/export
echo "$SESSION" > session-id
"""
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    session_id = (tmp_path / "session-id").read_text().strip()
    run = json.loads(result.stdout.strip())
    assert run == {"id": session_id, "status": "completed",
                   "files": [f"output/{session_id[:8]}_{part}.mid" for part in ["drums", "bass", "guitar", "full"]]}

    status, session = server.json("GET", f"/sessions/{session_id}")
    bars = sum(section["bars"] for section in session["arrangement"])

    song = mido.MidiFile(tmp_path / "backing-track.mid")
    assert song.type == 1 and song.ticks_per_beat == 480 and len(song.tracks) == 4
    assert [round(mido.tempo2bpm(m.tempo)) for m in song.tracks[0] if m.type == "set_tempo"] == [110]
    channels = {m.channel for track in song.tracks for m in track if m.type == "note_on"}
    assert channels == {9, 1, 2}
    assert abs(song.length - bars * 4 * 60 / 110) < 0.01
    for track in song.tracks:
        assert sum(m.time for m in track) == bars * 1920


def test_schemathesis_finds_no_server_error_and_no_contradiction(server, tmp_path):
    """Property-based fuzzing of every operation from the server's own OpenAPI document."""
    schemathesis = shutil.which("schemathesis") or shutil.which("st")
    assert schemathesis, "pip install schemathesis"
    # Every check but one: OpenAPI 3.0 cannot say that `parts` must name parts of the chosen genre
    # (its enum lists every genre's parts), so a schema-valid body may rightly get a 400.
    result = subprocess.run(
        [schemathesis, "run", f"{server.url}/openapi.json", "--checks", "all", "--exclude-checks", "positive_data_acceptance", "--max-examples", "40",
         "--generation-deterministic", "--request-timeout", "30"],
        capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-6000:]
    # Every generated case passed: "N generated, N passed" (warnings about test data are not failures).
    counts = re.search(r"(\d+) generated, (\d+) passed", result.stdout)
    assert counts and counts.group(1) == counts.group(2), result.stdout[-3000:]
    assert "unhandled error" not in server.log_text()


def test_sigkill_then_restart_keeps_every_session_and_its_export(backline, tmp_path):
    first = Server(backline, tmp_path)
    status, created = first.json("POST", "/sessions", {"genre": "funk", "key": "Eb", "mode": "dorian", "tempo": 100, "seed": 3})
    done = created["id"]
    assert first.json("POST", f"/sessions/{done}/run")[0] == 200
    _, export_before, _ = first.request("GET", f"/sessions/{done}/export")
    _, pending = first.json("POST", "/sessions", {"genre": "house"})
    first.process.kill()
    first.process.wait()

    second = Server(backline, tmp_path)
    try:
        status, session = second.json("GET", f"/sessions/{done}")
        assert status == 200 and session["status"] == "completed"
        status, export_after, _ = second.request("GET", f"/sessions/{done}/export")
        assert status == 200 and export_after == export_before
        assert second.json("GET", f"/sessions/{pending['id']}")[1]["status"] == "pending"
        assert second.json("POST", f"/sessions/{pending['id']}/run")[0] == 200
        assert not (tmp_path / "output").exists(), "songs live in the database; no folder of loose files"
    finally:
        second.stop()


def test_sigterm_stops_gracefully_and_closes_the_database(server):
    assert server.stop(signal.SIGTERM) == 0
    assert "database closed" in server.log_text()


def test_a_preset_dropped_in_while_running_is_served_and_a_broken_edit_keeps_the_last_good_one(backline, tmp_path):
    presets = tmp_path / "presets"
    presets.mkdir()
    running = Server(backline, tmp_path, extra=["--presets", str(presets)])
    try:
        assert running.json("GET", "/genres/garage")[0] == 404
        text = (ROOT / "Presets" / "punk.yaml").read_text().replace("id: punk", "id: garage").replace("name: Punk", "name: Garage")
        (presets / "garage.yaml").write_text(text)
        assert wait_for(lambda: running.json("GET", "/genres/garage")[0] == 200), running.log_text()

        time.sleep(1.1)  # a new modification time
        (presets / "garage.yaml").write_text(text.replace("meter: 4/4", "meter: 4/4\nmetre: 5/4"))
        assert wait_for(lambda: "garage.yaml" in running.log_text() and "unknown key 'metre'" in running.log_text()), running.log_text()
        assert running.json("GET", "/genres/garage")[0] == 200
        assert "garage.yaml:" in running.log_text()
        status, created = running.json("POST", "/sessions", {"genre": "garage"})
        assert status == 201 and running.json("POST", f"/sessions/{created['id']}/run")[0] == 200

        (presets / "garage.yaml").unlink()
        assert wait_for(lambda: running.json("GET", "/genres/garage")[0] == 404), running.log_text()
    finally:
        running.stop()


def laughs(genre_id):
    """A 'billion laughs' preset: nine anchors of ten aliases each, 600 bytes that expand to 10^9 nodes."""
    lines = [f"id: {genre_id}", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 10)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_in_the_watched_folder_is_refused_and_the_server_keeps_serving(backline, tmp_path):
    presets = tmp_path / "presets"
    presets.mkdir()
    running = Server(backline, tmp_path, extra=["--presets", str(presets)])
    try:
        (presets / "bomb.yaml").write_text(laughs("bomb"))
        assert wait_for(lambda: "bomb.yaml:7:" in running.log_text() and "expands to more than 200000 nodes" in running.log_text()), running.log_text()
        assert running.process.poll() is None, "the server is still running"
        assert running.json("GET", "/health")[0] == 200
        status, genres = running.json("GET", "/genres")
        assert status == 200 and len(genres) == 42
        status, created = running.json("POST", "/sessions", {"genre": "blues", "seed": 1})
        assert status == 201 and running.json("POST", f"/sessions/{created['id']}/run")[0] == 200
    finally:
        running.stop()


def test_documentation_urls(server):
    for path in ["/docs", "/redoc"]:
        status, body, headers = server.request("GET", path)
        assert status == 200 and b"/openapi.json" in body and headers["Content-Type"].startswith("text/html")
    status, document = server.json("GET", "/openapi.json")
    assert status == 200 and document["openapi"].startswith("3.")


def test_environment_configures_the_server_and_bad_values_are_one_line(backline, tmp_path):
    port = free_port()
    env = {**os.environ, "BACKLINE_PORT": str(port), "BACKLINE_DATA_DIR": str(tmp_path / "data")}
    process = subprocess.Popen([backline, "serve"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: urlopen_status(f"http://127.0.0.1:{port}/health") == 200)
        assert (tmp_path / "data" / "backline.sqlite").exists()
    finally:
        process.terminate()
        process.wait(timeout=15)
    for env_extra, expected in [({"BACKLINE_PORT": "eighty"}, "BACKLINE_PORT 'eighty' is not a port number"),
                                ({"BACKLINE_PRESETS": "/no/such/folder"}, "preset folder '/no/such/folder': no such folder")]:
        result = subprocess.run([backline, "serve", "--data-dir", str(tmp_path / "x")], cwd=ROOT, capture_output=True,
                                text=True, timeout=30, env={**os.environ, **env_extra})
        assert result.returncode != 0
        lines = [line for line in result.stderr.splitlines() if line.strip() and " info " not in line]
        assert len(lines) == 1 and expected in lines[0], result.stderr


def urlopen_status(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except OSError:
        return None
