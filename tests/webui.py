"""The Dagster UI and a headless Chromium, started for real from a test.

Two context managers, each owning one process tree:

- `dagster_webserver` runs the venv's `dagster-webserver` on 127.0.0.1 (a free port) over a
  given DAGSTER_HOME, loading this checkout's code location (workspace.yaml, as `make ui` does), in its own process group, so
  one SIGINT to the group stops the webserver and its code-server child together (they
  leave no orphans holding the port or the instance's SQLite files).
- `headless_chromium` drives Debian's /usr/bin/chromium through /usr/bin/chromedriver.
  The paths are given explicitly so Selenium Manager never runs (it would try to download
  a browser); the closed network refuses Chromium's background connections, hence the
  flags that switch them off.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage")


def free_port() -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_answers(url: str, proc: subprocess.Popen, timeout_s: float) -> None:
    """Poll `url` until it returns 200; fail early when the server process died."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"dagster-webserver exited with {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise TimeoutError(f"dagster-webserver did not answer {url} within {timeout_s:.0f} s")


def _stop_group(proc: subprocess.Popen, grace_s: float = 15) -> None:
    """SIGINT the whole process group (what Ctrl-C does), then SIGKILL it if it lingers."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGINT)
            proc.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=grace_s)
        except ProcessLookupError:
            pass
    try:  # children (the code server) that outlived their parent
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@contextmanager
def dagster_webserver(dagster_home: Path, project_root: Path, env: Mapping[str, str],
                      log_path: Path, startup_timeout_s: float = 90) -> Iterator[str]:
    """Serve the UI for `dagster_home` on a free 127.0.0.1 port; yields its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    child_env = {**os.environ, **env, "DAGSTER_HOME": str(dagster_home),
                 # this checkout's code, not whatever the venv's editable install points at
                 "PYTHONPATH": os.pathsep.join(filter(None, [str(project_root), os.environ.get("PYTHONPATH")]))}
    webserver = Path(sys.executable).with_name("dagster-webserver")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            # SIGINT back to its default: a test run started in the background inherits it ignored
            ["env", "--default-signal=INT", str(webserver), "-h", "127.0.0.1", "-p", str(port),
             "-w", str(project_root / "workspace.yaml"), "--read-only"],
            cwd=project_root, env=child_env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so SIGINT reaches the code server too
        )
        try:
            _wait_until_answers(f"{base}/server_info", proc, startup_timeout_s)
            yield base
        finally:
            _stop_group(proc)


@contextmanager
def headless_chromium(profile_dir: Path, width: int = 1600, height: int = 1000):
    """A Selenium driver on Debian's headless Chromium, with no network of its own."""
    os.environ.setdefault("SE_AVOID_STATS", "true")  # Selenium Manager settings, should it ever run
    os.environ.setdefault("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile_dir}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
