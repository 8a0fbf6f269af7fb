"""Shared fixtures: the built `backline` binary and a scratch folder."""
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def backline():
    """Path of the backline executable (BACKLINE_BIN, or the debug build)."""
    path = os.environ.get("BACKLINE_BIN") or str(ROOT / ".build" / "debug" / "backline")
    assert os.access(path, os.X_OK), f"build backline first (swift build); looked for {path}"
    return path


@pytest.fixture()
def run(backline):
    """Runs backline from the repository root; returns the CompletedProcess."""
    def run_backline(*args, env=None):
        return subprocess.run([backline, *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
                              env={**os.environ, **(env or {})})
    return run_backline
