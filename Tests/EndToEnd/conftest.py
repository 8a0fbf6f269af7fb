"""Shared fixtures: the built `backline` binary and a scratch folder."""
import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def backline():
    """Path of the backline executable (BACKLINE_BIN, or the debug build)."""
    path = os.environ.get("BACKLINE_BIN") or str(ROOT / ".build" / "debug" / "backline")
    assert os.access(path, os.X_OK), f"build backline first (swift build); looked for {path}"
    return path


@pytest.fixture(scope="module")
def cluster():
    """The PostgreSQL server replicas share: BACKLINE_TEST_DATABASE_URL, or a throwaway cluster
    started for the module and stopped after it."""
    from rig import Cluster

    url = os.environ.get("BACKLINE_TEST_DATABASE_URL")
    if url:
        yield Cluster(url)
        return
    own = Cluster.start_own()
    try:
        yield own
    finally:
        own.discard()


@pytest.fixture()
def run(backline):
    """Runs backline from the repository root; returns the CompletedProcess."""
    def run_backline(*args, env=None):
        return subprocess.run([backline, *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
                              env={**os.environ, **(env or {})})
    return run_backline


def headless_chromium(*arguments, window="1280,1100"):
    """Debian's chromium, headless, driven through chromedriver, with extra command-line arguments."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium and driver_path, "apt-get install chromium chromium-driver"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={window}", *arguments]:
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
