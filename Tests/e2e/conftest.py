"""Fixtures for the browser tests: a fresh database, a running `switchboard serve`, an
organisation with knowledge-base articles and an agent, a host page on another origin, and
Debian's Chromium driven by Playwright.

`ops/test` provides the environment: SWITCHBOARD_BIN, SWITCHBOARD_TEST_ADMIN_URL (superuser URL
of a throwaway cluster), SWITCHBOARD_SQL_DIR and SWITCHBOARD_TEST_PG_PORT.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import secrets
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from playwright.sync_api import Browser, Page, sync_playwright

REPO = Path(__file__).resolve().parents[2]
OUTPUT = Path(__file__).resolve().parent / "output"

# Hostile host-page CSS: if any of it reached the widget, text would be red and 40 px and
# every button (the launcher included) would be gone.
HOSTILE_CSS = "* { color: red !important; font-size: 40px !important } button { display: none !important }"

KB_ARTICLES = [
    (
        "Refund policy",
        "You can get a full refund within 30 days of buying a course. Open Account, then Orders, "
        "and choose Request refund. The refund reaches your card in 5 to 10 business days.",
        "Billing",
        "https://e2e-academy.example/help/refunds",
    ),
    (
        "Certificates",
        "Every course ends with a certificate you can download as a PDF and share on your CV. "
        "Certificates never expire.",
        "Courses",
        "https://e2e-academy.example/help/certificates",
    ),
    (
        "Resetting your password",
        "Choose Forgot password on the sign-in page and we email you a link to set a new password. "
        "The link works for one hour.",
        "Account",
        None,
    ),
]


@dataclass(frozen=True)
class Switchboard:
    """What the tests need to know about the running server and its test organisation."""

    base_url: str
    widget_key: str
    org_id: str
    agent_token: str
    host_origin: str
    admin_db_url: str
    # A second organisation with no agent at all: every handoff is after hours.
    night_widget_key: str
    # SWITCHBOARD_SECRET of the running server, for CLI commands that seal or sign with it.
    secret: str
    app_db_url: str
    # Prometheus text at /metrics, on the server's separate metrics listener.
    metrics_url: str = ""

    def agent(self, method: str, path: str, body: dict | None = None) -> requests.Response:
        """Calls the console API as Carol (the test agent)."""
        response = requests.request(
            method,
            f"{self.base_url}/console/api{path}",
            json=body,
            headers={"Authorization": f"Bearer {self.agent_token}"},
            timeout=15,
        )
        assert response.status_code < 400, f"{method} {path} → {response.status_code}: {response.text}"
        return response


def _require_env(name: str) -> str:
    """The variable ops/test exports; outside CI a missing one skips, under CI=true it fails."""
    value = os.environ.get(name)
    if not value:
        message = f"{name} is not set; run the browser tests through ops/test"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return value


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _with_database(url: str, database: str, user: str | None = None) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc
    if user is not None:
        netloc = f"{user}@{netloc.rsplit('@', 1)[-1]}"
    return urlunsplit((parts.scheme, netloc, f"/{database}", parts.query, parts.fragment))


def _run(args: list[str], *, env: dict | None = None, stdin: str | None = None) -> str:
    result = subprocess.run(
        args, input=stdin, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120
    )
    if result.returncode != 0:
        raise AssertionError(
            f"command failed ({result.returncode}): {' '.join(args)}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        )
    return result.stdout


class ServeProcess:
    """A `switchboard serve` of its own on a free loopback port, with `env` added to the environment (the
    email and webhook suites turn their workers' loopback and retry settings on); stop and start again."""

    def __init__(self, switchboard: Switchboard, database: dict, log_path: Path, env: dict[str, str]) -> None:
        self.switchboard, self.database, self.log_path, self.env = switchboard, database, log_path, env
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, "SWITCHBOARD_SECRET": self.switchboard.secret, **self.env}
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [self.database["binary"], "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--database-url", self.database["app_url"], "--sql-dir", self.database["sql_dir"]],
            env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"serve exited with {self.process.returncode}; see {self.log_path}"
            try:
                if requests.get(f"{self.base_url}/readyz", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.25)
        raise AssertionError(f"serve was not ready within 60 s; see {self.log_path}")

    def stop(self) -> None:
        assert self.process is not None
        self.process.terminate()
        self.process.wait(timeout=30)
        self.process = None


def _psql(url: str, *, sql: str, variables: dict[str, str] | None = None) -> str:
    args = ["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1"]
    for name, value in (variables or {}).items():
        args += ["-v", f"{name}={value}"]
    return _run(args, stdin=sql)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT


@pytest.fixture(scope="session")
def host_page_port() -> int:
    return _free_port()


@pytest.fixture(scope="session")
def database() -> dict:
    """A fresh database with the roles and migrations; dropped at the end."""
    binary = _require_env("SWITCHBOARD_BIN")
    admin_url = _require_env("SWITCHBOARD_TEST_ADMIN_URL")
    sql_dir = _require_env("SWITCHBOARD_SQL_DIR")
    name = f"e2e_{secrets.token_hex(6)}"
    _run(["psql", admin_url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", f'CREATE DATABASE "{name}"'])
    admin_db_url = _with_database(admin_url, name)
    try:
        _run(["psql", admin_db_url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(Path(sql_dir) / "roles.sql")])
        owner_url = _with_database(admin_url, name, user="switchboard_owner")
        _run([binary, "migrate", "--database-url", owner_url, "--sql-dir", sql_dir])
        yield {
            "name": name,
            "admin_db_url": admin_db_url,
            "app_url": _with_database(admin_url, name, user="switchboard_app"),
            "binary": binary,
            "sql_dir": sql_dir,
        }
    finally:
        subprocess.run(
            ["psql", admin_url, "-X", "-q", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
            capture_output=True,
            timeout=60,
        )


@pytest.fixture(scope="session")
def switchboard(database: dict, host_page_port: int, output_dir: Path) -> Switchboard:
    """The organisation "E2E Academy" with articles and an agent, served by `switchboard serve`."""
    binary, app_url = database["binary"], database["app_url"]
    host_origin = f"http://127.0.0.1:{host_page_port}"
    secret = secrets.token_urlsafe(32)
    # The session's server sends no webhooks and no email: test_webhooks.py's and test_email.py's
    # own servers (loopback targets allowed, restarted mid-test) must be the only ones delivering
    # from the shared outboxes.
    env = {"SWITCHBOARD_SECRET": secret, "SWITCHBOARD_WEBHOOK_DELIVERY": "off", "SWITCHBOARD_EMAIL_DELIVERY": "off"}

    def create_organisation(slug: str, name: str) -> tuple[str, str]:
        created = _run(
            [binary, "org", "create", "--slug", slug, "--name", name,
             "--allowed-origin", host_origin, "--database-url", app_url],
            env=env,
        )
        key = re.search(r"^\s*widget key\s+(\S+)\s*$", created, re.MULTILINE)
        org = re.search(r"^\s*id\s+([0-9a-f-]{36})\s*$", created, re.MULTILINE)
        assert key and org, f"unexpected `org create` output:\n{created}"
        return org.group(1), key.group(1)

    org_id, widget_key = create_organisation("e2e", "E2E Academy")
    night_org_id, night_widget_key = create_organisation("e2e-night", "E2E Night School")

    for org in (org_id, night_org_id):
        for title, body, section, url in KB_ARTICLES:
            _psql(
                database["admin_db_url"],
                sql="INSERT INTO switchboard.kb_articles (org_id, title, body, section, url) "
                "VALUES (:'org', :'title', :'body', :'section', NULLIF(:'url', ''));",
                variables={"org": org, "title": title, "body": body, "section": section, "url": url or ""},
            )

    token_output = _run(
        [binary, "agent", "token", "--org", "e2e", "--email", "carol@e2e.example", "--name", "Carol Mendes",
         "--database-url", app_url],
        env=env,
    )
    agent_token = token_output.strip().splitlines()[-1].strip()

    port = _free_port()
    metrics_port = _free_port()
    env["SWITCHBOARD_METRICS_PORT"] = str(metrics_port)
    log_path = output_dir / "switchboard-serve.log"
    log = open(log_path, "w")
    server = subprocess.Popen(
        [binary, "serve", "--host", "127.0.0.1", "--port", str(port),
         "--database-url", app_url, "--sql-dir", database["sql_dir"]],
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise AssertionError(f"switchboard serve exited with {server.returncode}; see {log_path}")
            try:
                if requests.get(f"{base_url}/readyz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"switchboard serve was not ready within 60 s; see {log_path}")
            time.sleep(0.25)
        yield Switchboard(
            base_url=base_url,
            widget_key=widget_key,
            org_id=org_id,
            agent_token=agent_token,
            host_origin=host_origin,
            admin_db_url=database["admin_db_url"],
            night_widget_key=night_widget_key,
            secret=secret,
            app_db_url=app_url,
            metrics_url=f"http://127.0.0.1:{metrics_port}/metrics",
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
        log.close()


def _host_page_html(title: str, widget_src: str, widget_key: str) -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — host page</title>
<style>{HOSTILE_CSS}</style>
</head>
<body>
<h1>{title}</h1>
<p>A host page whose CSS tries to restyle everything.</p>
<script>window.SwitchboardContext = {{ plan: "trial", source: "e2e" }};</script>
<script src="{widget_src}" data-key="{widget_key}" async></script>
</body>
</html>
"""


@pytest.fixture(scope="session")
def host_folder():
    """The folder the customer's web site serves; a test may add a page for an organisation of its own."""
    folder = tempfile.TemporaryDirectory(prefix="switchboard-host-")
    try:
        yield Path(folder.name)
    finally:
        folder.cleanup()


def write_host_page(folder: Path, name: str, title: str, widget_src: str, widget_key: str) -> None:
    """Adds `name` to the customer's web site: a page embedding the widget with `widget_key`."""
    Path(folder, name).write_text(_host_page_html(title, widget_src, widget_key), encoding="utf-8")


@pytest.fixture(scope="session")
def host_site(switchboard: Switchboard, host_page_port: int, host_folder: Path) -> str:
    """A customer's web site on another origin than the server; its pages embed the widget next
    to hostile CSS. Yields the site's origin."""
    folder = host_folder
    widget_src = f"{switchboard.base_url}/widget.js"
    write_host_page(folder, "index.html", "E2E Academy", widget_src, switchboard.widget_key)
    write_host_page(folder, "night.html", "E2E Night School", widget_src, switchboard.night_widget_key)
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", host_page_port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield switchboard.host_origin
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def host_page(host_site: str) -> str:
    """E2E Academy's page (Carol is online)."""
    return f"{host_site}/index.html"


@pytest.fixture(scope="session")
def night_host_page(host_site: str) -> str:
    """E2E Night School's page (nobody is online)."""
    return f"{host_site}/night.html"


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-background-networking"],
        )
        try:
            yield chromium
        finally:
            chromium.close()


class DialogWatch:
    """Records every JavaScript dialog (alert, confirm…) a page opens, and dismisses it."""

    def __init__(self, page: Page) -> None:
        self.messages: list[str] = []
        page.on("dialog", self._on_dialog)

    def _on_dialog(self, dialog) -> None:
        self.messages.append(dialog.message)
        dialog.dismiss()


@dataclass
class OpenedPage:
    page: Page
    dialogs: DialogWatch
    errors: list[str]


@pytest.fixture
def open_page(browser: Browser):
    """Opens a page in a fresh browser context (empty localStorage) with dialogs and script
    errors recorded; `open_page(width=360, height=740)` for a phone."""
    contexts = []

    def open_(width: int = 1280, height: int = 800) -> OpenedPage:
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        return OpenedPage(page=page, dialogs=DialogWatch(page), errors=errors)

    yield open_
    for context in contexts:
        context.close()

