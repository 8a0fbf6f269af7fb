"""Docs/DEPLOY.md's "Try it here" commands, run as a newcomer copies them."""
import pathlib
import re
import shutil
import subprocess

import mido

from conftest import ROOT
from rig import free_port

DEPLOY = ROOT / "Docs" / "DEPLOY.md"
FOLDER = pathlib.Path("/tmp/backline-deploy")


def try_it_blocks():
    """The shell blocks between the try-it markers, in order."""
    text = DEPLOY.read_text()
    section = text.split("<!-- try-it:start -->", 1)[1].split("<!-- try-it:end -->", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, re.S)


def test_two_replicas_on_postgresql_behind_nginx_from_the_guide(backline):
    blocks = try_it_blocks()
    assert len(blocks) == 3, "start, use, stop"
    ports = {"8000": str(free_port()), "8001": str(free_port()), "8002": str(free_port())}

    def adapt(block):
        # What scripts/test has done already (install, release build) is left out, the binary is the
        # one under test, and the ports are free ones; everything else runs as written.
        lines = [line for line in block.splitlines() if not line.startswith(("apt-get ", "swift build "))]
        text = "\n".join(lines).replace(".build/release/backline", backline)
        return re.sub(r"\b(800[012])\b", lambda match: ports[match.group(1)], text)

    shutil.rmtree(FOLDER, ignore_errors=True)
    start, use, stop = (adapt(block) for block in blocks)
    try:
        started = subprocess.run(["bash", "-euo", "pipefail", "-c", f"{start}\n{use}"], cwd=ROOT, capture_output=True,
                                 text=True, timeout=180)
        logs = "".join(f"\n--- {p.name}\n{p.read_text()[-3000:]}" for p in FOLDER.glob("*.log"))
        assert started.returncode == 0, started.stdout + started.stderr + logs
        # The run's answer (on replica A), then /health through nginx.
        assert '"status":"completed"' in started.stdout, started.stdout
        assert '"database":"postgresql"' in started.stdout and '"status":"ok"' in started.stdout, started.stdout
        # The replicas ask for the guide's API key: without it, 401 (Docs/SECURITY.md).
        assert "without a key: 401" in started.stdout, started.stdout
        # Created through nginx, run on replica A, downloaded from replica B: a real song.
        song = mido.MidiFile(FOLDER / "funk.mid")
        assert len(song.tracks) == 4 and {m.channel for t in song.tracks for m in t if m.type == "note_on"} == {9, 1, 2}
    finally:
        stopped = subprocess.run(["bash", "-c", stop], cwd=ROOT, capture_output=True, text=True, timeout=120)
        shutil.rmtree(FOLDER, ignore_errors=True)
    assert stopped.returncode == 0, stopped.stderr
