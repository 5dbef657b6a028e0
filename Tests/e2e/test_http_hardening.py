"""Issue 18 at the socket and the database, against a real `switchboard serve`:

- raw sockets: a control character in a header or a garbage request line gets 400 and a closed
  connection at once; a request head or body sent too slowly, and an idle keep-alive connection,
  are closed after their timeouts (408 when a body stalls); one address cannot hold more idle
  connections than the limit, and a fresh request still gets through;
- PostgreSQL stopped and started again while a customer keeps writing: every answer is a 2xx or
  503 `database_unavailable` with Retry-After (never a 500), and after retrying with the same
  client ids every message is stored exactly once, in order.

The server here has short limits of its own (head and body 2 s, keep-alive 3 s, 4 idle
connections per address) so the timeouts can be seen quickly.
"""

from __future__ import annotations

import glob
import os
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

from conftest import Switchboard, _free_port

HEAD_TIMEOUT, BODY_TIMEOUT, KEEPALIVE_TIMEOUT, MAX_IDLE = 2, 2, 3, 4


def start_server(switchboard: Switchboard, database: dict, log_path: Path, settings: dict[str, str]) -> tuple[subprocess.Popen, int]:
    """`switchboard serve` on a free port with `settings` in its environment, once it is ready."""
    port = _free_port()
    env = {**os.environ, "SWITCHBOARD_SECRET": switchboard.secret, "SWITCHBOARD_WEBHOOK_DELIVERY": "off", **settings}
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [database["binary"], "serve", "--host", "127.0.0.1", "--port", str(port),
             "--database-url", database["app_url"], "--sql-dir", database["sql_dir"]],
            env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, f"serve exited with {process.returncode}; see {log_path}"
        try:
            if requests.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return process, port
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"serve was not ready within 60 s; see {log_path}")
        time.sleep(0.25)


@pytest.fixture(scope="module")
def guarded_server(switchboard: Switchboard, database: dict, output_dir: Path):
    process, port = start_server(switchboard, database, output_dir / "switchboard-hardening.log", {
        "SWITCHBOARD_REQUEST_HEAD_TIMEOUT": str(HEAD_TIMEOUT), "SWITCHBOARD_REQUEST_BODY_TIMEOUT": str(BODY_TIMEOUT),
        "SWITCHBOARD_KEEPALIVE_TIMEOUT": str(KEEPALIVE_TIMEOUT), "SWITCHBOARD_MAX_IDLE_CONNECTIONS_PER_ADDRESS": str(MAX_IDLE),
    })
    try:
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_graceful_shutdown_does_not_wait_out_silent_or_half_sent_connections(
    switchboard: Switchboard, database: dict, output_dir: Path,
):
    # Default limits: a silent connection would otherwise hold the shutdown for 30 s.
    process, port = start_server(switchboard, database, output_dir / "switchboard-shutdown.log", {})
    silent = socket.create_connection(("127.0.0.1", port))
    half = socket.create_connection(("127.0.0.1", port))
    half.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    served = socket.create_connection(("127.0.0.1", port))
    served.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    assert served.recv(4096).startswith(b"HTTP/1.1 200")
    try:
        time.sleep(0.5)
        started = time.monotonic()
        process.terminate()
        process.wait(timeout=60)
        assert time.monotonic() - started < 10, "shutdown waited for idle connections"
        assert process.returncode == 0
    finally:
        for sock in (silent, half, served):
            sock.close()
        if process.poll() is None:
            process.kill()


def exchange(port: int, data: bytes, wait: float = 8.0) -> tuple[bytes, bool, float]:
    """Sends `data`, reads until the server closes or `wait` passes: (bytes, closed, seconds)."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        started = time.monotonic()
        sock.sendall(data)
        received = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                return received, False, time.monotonic() - started
            except ConnectionResetError:
                return received, True, time.monotonic() - started
            if not chunk:
                return received, True, time.monotonic() - started
            received += chunk


@pytest.mark.parametrize("request_bytes", [
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Foo: a\x01b\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Foo: a\x00b\r\n\r\n",
    b"GARBAGE\r\n\r\n",
    b"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n",
], ids=["control-char", "nul-in-header", "garbage", "bad-version"])
def test_a_malformed_request_gets_400_and_a_closed_connection(guarded_server: int, request_bytes: bytes):
    received, closed, seconds = exchange(guarded_server, request_bytes)
    assert received.startswith(b"HTTP/1.1 400"), received[:200]
    assert closed and seconds < 1.5, (closed, seconds)


def test_a_request_head_that_never_ends_is_closed_after_the_head_timeout(guarded_server: int):
    received, closed, seconds = exchange(guarded_server, b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    assert closed and received == b""
    assert HEAD_TIMEOUT - 0.5 <= seconds <= HEAD_TIMEOUT + 2, seconds


def test_a_body_that_stalls_gets_408_after_the_body_timeout(guarded_server: int, switchboard: Switchboard):
    head = (b"POST /widget/v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 200\r\n\r\n")
    received, closed, seconds = exchange(guarded_server, head + b'{"widgetKey": "')
    assert received.startswith(b"HTTP/1.1 408"), received[:200]
    assert closed and BODY_TIMEOUT - 0.5 <= seconds <= BODY_TIMEOUT + 2, seconds


def test_an_idle_keep_alive_connection_is_closed_after_the_keep_alive_timeout(guarded_server: int):
    received, closed, seconds = exchange(guarded_server, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    assert received.startswith(b"HTTP/1.1 200"), received[:200]
    assert closed and KEEPALIVE_TIMEOUT - 0.5 <= seconds <= KEEPALIVE_TIMEOUT + 2, seconds


def test_one_address_holds_at_most_the_idle_limit_and_new_requests_still_get_through(guarded_server: int):
    sockets = [socket.create_connection(("127.0.0.1", guarded_server), timeout=5) for _ in range(MAX_IDLE + 6)]
    try:
        time.sleep(0.5)
        open_count = 0
        for sock in sockets:
            sock.setblocking(False)
            try:
                open_count += 0 if sock.recv(1) == b"" else 1
            except BlockingIOError:
                open_count += 1
            except ConnectionResetError:
                pass
        assert open_count == MAX_IDLE, open_count
        # Evicting idle connections never refuses a client with something to say.
        assert requests.get(f"http://127.0.0.1:{guarded_server}/healthz", timeout=5).status_code == 200
    finally:
        for sock in sockets:
            sock.close()


def _pg_ctl(data_dir: str, action: str) -> None:
    pg_ctl = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))[-1]
    # The server started here must not hold this test's pipes open: its output goes to a log.
    options = ["-m", "fast"] if action == "stop" else ["-l", f"{data_dir}/restart-test.log"]
    command = [pg_ctl, "-D", data_dir, action, "-w", *options]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--"] + command
    subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True, timeout=60)


def test_writes_during_a_postgresql_restart_get_503_and_nothing_is_lost_or_doubled(
    guarded_server: int, switchboard: Switchboard,
):
    base = f"http://127.0.0.1:{guarded_server}"
    origin = {"Origin": switchboard.host_origin}
    started = requests.post(f"{base}/widget/v1/conversations", headers=origin, timeout=15,
                            json={"widgetKey": switchboard.widget_key}).json()
    auth = {**origin, "Authorization": f"Bearer {started['customerToken']}"}
    url = f"{base}/widget/v1/conversations/{started['conversationId']}/messages"
    # Twelve messages and their retries stay under the widget's 20 messages a minute per chat.
    bodies = [f"restart test message {i} {uuid.uuid4().hex[:6]}" for i in range(12)]
    statuses: list[int] = []
    unexpected: list[str] = []
    stop_after = threading.Event()

    def writer() -> None:
        for index, body in enumerate(bodies):
            client_id = f"restart-{index}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    response = requests.post(url, headers=auth, json={"clientMessageId": client_id, "body": body}, timeout=15)
                except requests.ConnectionError as error:
                    unexpected.append(f"{client_id}: connection dropped ({error})")
                    return
                statuses.append(response.status_code)
                if response.status_code in (200, 201):
                    break
                if response.status_code == 503 and response.json()["error"]["code"] == "database_unavailable" \
                        and response.headers.get("Retry-After", "").isdigit():
                    assert time.monotonic() < deadline, "the database did not come back within 60 s"
                    time.sleep(min(int(response.headers["Retry-After"]), 2))
                    continue
                unexpected.append(f"{client_id}: {response.status_code} {response.text[:200]}")
                return
            if index == 3:
                stop_after.set()
            time.sleep(0.1)

    data_dir = subprocess.run(["psql", switchboard.admin_db_url, "-XAtc", "SHOW data_directory"],
                              capture_output=True, text=True, check=True).stdout.strip()
    thread = threading.Thread(target=writer)
    thread.start()
    assert stop_after.wait(60), "the writer did not get going"
    try:
        _pg_ctl(data_dir, "stop")
        time.sleep(2.5)
    finally:
        _pg_ctl(data_dir, "start")
    thread.join(180)

    assert not thread.is_alive()
    assert unexpected == []
    assert 503 in statuses, "no write met the stopped database; the test did not test anything"
    assert 500 not in statuses
    stored = subprocess.run(
        ["psql", switchboard.admin_db_url, "-XAtc",
         f"SELECT body FROM switchboard.messages WHERE conversation_id = '{started['conversationId']}' "
         "AND author_kind = 'customer' ORDER BY seq"],
        capture_output=True, text=True, check=True).stdout.splitlines()
    assert stored == bodies
