"""`influence-map serve` runs the API under gunicorn, as compose does."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from service.graph.settings import Settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_command(port: int) -> list[str]:
    """`influence-map serve` with two workers on `port`, from this interpreter's environment."""
    return [
        str(Path(sys.executable).parent / "influence-map"),
        "serve",
        "--port",
        str(port),
        "--workers",
        "2",
    ]


def test_serve_answers_and_logs_one_json_line_per_request_under_gunicorn(
    db: object, test_settings: Settings
) -> None:
    port = free_port()
    env = test_settings.connection_env()
    command = serve_command(port)
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        body = wait_for_json(f"http://127.0.0.1:{port}/health", timeout=60)
        assert body["status"] == "ok"
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/creators?limit=1", headers={"X-Request-Id": "probe-17"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
        # Workers listen with SO_REUSEPORT, which would let a second server bind the same port and
        # take half the connections: it is refused instead.
        second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode != 0
        assert f"127.0.0.1:{port} is taken" in second.stderr and "Booting worker" not in second.stderr
    finally:
        server.send_signal(signal.SIGTERM)
        errors = server.communicate(timeout=30)[1].decode()
    assert errors.count("Booting worker") == 2 and server.returncode == 0
    # The access log: one JSON object per request, on stderr (docs/api.md).
    logged = [json.loads(line) for line in errors.splitlines() if line.startswith("{")]
    probe = [entry for entry in logged if entry["request_id"] == "probe-17"]
    assert len(probe) == 1
    assert probe[0]["method"] == "GET" and probe[0]["path"] == "/creators" and probe[0]["status"] == 200
    assert isinstance(probe[0]["ms"], float)


def wait_for_json(url: str, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.loads(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
