"""Docs/CHARTS.md, run as written: every `$` line of its console examples, in order, in one shell
in a scratch folder, with `backline` the built binary and the server on a free port instead of
8000. What each command prints must be what the guide shows; session ids aside."""
import os
import re
import subprocess

from rig import free_port
from conftest import ROOT

GUIDE = ROOT / "Docs" / "CHARTS.md"
MARK = "<<<backline-guide-step>>>"


def examples():
    """(command, expected output) for every `$` line of the guide's console blocks, in order."""
    steps = []
    for block in re.findall(r"```console\n(.*?)```", GUIDE.read_text(), re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append([line[2:], []])
            else:
                steps[-1][1].append(line)
    return [(command, "\n".join(lines)) for command, lines in steps]


def test_every_example_in_the_charts_guide_prints_what_it_shows(backline, tmp_path):
    steps = examples()
    assert len(steps) >= 12
    port = free_port()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "backline").symlink_to(backline)
    script = "\n".join(f"{command.replace('localhost:8000', f'localhost:{port}').replace('--port 8000', f'--port {port}')}\n"
                       + ("sleep 0.2; for i in $(seq 100); do curl -sf localhost:%d/health >/dev/null && break; sleep 0.1; done\n" % port
                          if command.startswith("backline serve") else "")
                       + f"echo '{MARK}'" for command, _ in steps)
    script += "\nkill %1 2>/dev/null; wait\n"
    done = subprocess.run(["bash", "-c", "exec 2>&1\n" + script], cwd=tmp_path, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "BACKLINE_PRESETS": str(ROOT / "Presets")})
    outputs = done.stdout.split(MARK + "\n")
    assert len(outputs) == len(steps) + 1, done.stdout
    for (command, expected), actual in zip(steps, outputs):
        assert actual.rstrip("\n") == expected, f"$ {command}\n--- the guide shows ---\n{expected}\n--- it prints ---\n{actual}"
