"""The archive served as scripts/serve runs it, for the scripts that measure
it (bench, load): a free loopback port, gunicorn started and stopped, and a
timed GET. Standard library only."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2  # gunicorn workers, as scripts/serve runs it


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env: dict, logs: Path):
    """gunicorn as scripts/serve runs it, on a free loopback port: (base URL, its process)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    binary = Path(sys.executable).parent / "gunicorn"
    command = [str(binary), "archive.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)]
    # A slow search at 100,000 articles is measured, not killed at the default 30 s.
    command += ["--timeout", "300", "--no-control-socket", "--limit-request-line", "8190"]  # as scripts/serve
    with (logs / "gunicorn.log").open("wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(url + "/robots.txt", timeout=5).read()
                    break
                except OSError:  # refused or reset while the workers start
                    if time.monotonic() > deadline or server.poll() is not None:
                        tail = (logs / "gunicorn.log").read_text(errors="replace")[-2000:]
                        sys.exit(f"gunicorn did not start:\n{tail}")
                    time.sleep(0.2)
            yield url, server
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def get(url: str) -> tuple[int, float, bytes]:
    """(HTTP status, milliseconds, body); status 0 when no answer came."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            body, status = response.read(), response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    except OSError:
        body, status = b"", 0
    return status, (time.perf_counter() - started) * 1000, body
