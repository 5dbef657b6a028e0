"""Webhooks end to end: a real HTTP receiver subscribed through the REST API gets a customer's
message signed as the README documents, and an event that happens while the receiver is down
arrives after the server was restarted (the outbox is in PostgreSQL, not in memory). The admin
console's Webhooks panel then lists the subscription and its delivery log.

The server under test is started here (not the session's), with loopback receivers allowed and
a one-second first retry (SWITCHBOARD_WEBHOOK_RETRY_BASE_SECONDS, for tests only), on the
session's database.
"""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import re
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, expect

from conftest import ServeProcess, Switchboard, _free_port, _run
from test_console_journey import ROLE_CLAIM, provider, provider_user, sign_in  # noqa: F401 (provider is a fixture)


class Receiver:
    """A webhook receiver on a fixed loopback port that can be taken down and brought back."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.received: list[dict] = []
        self.lock = threading.Lock()
        self.server: http.server.ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self) -> None:
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the base class's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    receiver.received.append({"headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
                self.send_response(204)
                self.end_headers()

            def log_message(self, format, *args):  # noqa: A002
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """Closes the port: connections are refused until `start` again."""
        assert self.server is not None
        self.server.shutdown()
        self.server.server_close()
        self.server = None

    def wait_for(self, predicate, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for hook in self.received:
                    if predicate(json.loads(hook["body"])):
                        return hook
            time.sleep(0.2)
        with self.lock:
            seen = [json.loads(h["body"]).get("type") for h in self.received]
        raise AssertionError(f"no matching webhook within {timeout} s; received {seen}")


def signature_verifies(hook: dict, secret: str, tolerance: int = 300) -> bool:
    """The README's check: HMAC-SHA256 of "<t>.<raw body>" with the secret, hex, equals v1."""
    fields = dict(part.split("=", 1) for part in hook["headers"]["switchboard-signature"].split(","))
    expected = hmac.new(secret.encode(), fields["t"].encode() + b"." + hook["body"], hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields["v1"]) and abs(time.time() - int(fields["t"])) < tolerance


@pytest.fixture
def webhook_server(switchboard: Switchboard, database: dict, output_dir: Path):
    server = ServeProcess(switchboard, database, output_dir / "switchboard-webhooks.log",
                          {"SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE": "true", "SWITCHBOARD_WEBHOOK_RETRY_BASE_SECONDS": "1"})
    server.start()
    yield server
    if server.process is not None:
        server.stop()


def admin_key(database: dict) -> str:
    output = _run([database["binary"], "apikey", "create", "--org", "e2e", "--name", "webhooks e2e",
                   "--scope", "admin", "--database-url", database["app_url"]])
    key = output.strip().splitlines()[-1].strip()
    assert key.startswith("sk_live_"), output
    return key


def customer_says(base_url: str, switchboard: Switchboard, text: str) -> str:
    origin = {"Origin": switchboard.host_origin}
    started = requests.post(f"{base_url}/widget/v1/conversations", headers=origin, timeout=15,
                            json={"widgetKey": switchboard.widget_key, "pageUrl": f"{switchboard.host_origin}/hooks"})
    assert started.status_code == 201, started.text
    chat = started.json()
    said = requests.post(f"{base_url}/widget/v1/conversations/{chat['conversationId']}/messages", timeout=15,
                         json={"clientMessageId": str(uuid.uuid4()), "body": text},
                         headers={**origin, "Authorization": f"Bearer {chat['customerToken']}"})
    assert said.status_code in (200, 201), said.text
    return chat["conversationId"].lower()


def test_a_message_reaches_the_receiver_signed_and_survives_an_outage_and_a_restart(
    switchboard: Switchboard, database: dict, webhook_server: ServeProcess,
    provider: str, browser: Browser, output_dir: Path,  # noqa: F811
) -> None:
    receiver = Receiver(_free_port())
    receiver.start()
    key = admin_key(database)
    auth = {"Authorization": f"Bearer {key}"}
    # Only this receiver: the contract test may have left fuzzed subscriptions in the organisation,
    # whose deliveries to unresolvable hosts would queue ahead of ours.
    while True:
        existing = requests.get(f"{webhook_server.base_url}/api/v1/webhooks?limit=100", headers=auth, timeout=15)
        assert existing.status_code == 200, existing.text
        if not existing.json()["data"]:
            break
        for other in existing.json()["data"]:
            gone = requests.delete(f"{webhook_server.base_url}/api/v1/webhooks/{other['id']}", headers=auth, timeout=15)
            assert gone.status_code in (200, 204), gone.text
    created = requests.post(f"{webhook_server.base_url}/api/v1/webhooks", headers=auth, timeout=15,
                            json={"url": receiver.url, "events": ["message.created"], "description": "e2e receiver"})
    assert created.status_code == 201, created.text
    secret, webhook_id = created.json()["secret"], created.json()["webhook"]["id"]

    # 1. A customer's message arrives signed with the secret shown at creation.
    first = customer_says(webhook_server.base_url, switchboard, "Where is my certificate?")
    hook = receiver.wait_for(lambda p: p["type"] == "message.created" and p["data"]["conversation_id"] == first
                             and p["data"]["author"] == "customer")
    assert signature_verifies(hook, secret)
    assert not signature_verifies(hook, "whsec_" + "0" * 64)
    assert hook["headers"]["switchboard-event"] == "message.created"
    payload = json.loads(hook["body"])
    assert payload["organisation_id"] == switchboard.org_id.lower()
    assert payload["data"]["body"] == "Where is my certificate?"

    # 2. The receiver is down while the next message happens; the server restarts meanwhile.
    receiver.stop()
    second = customer_says(webhook_server.base_url, switchboard, "Still waiting for my refund")
    log_url = f"{webhook_server.base_url}/api/v1/webhooks/{webhook_id}/deliveries"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        failed_attempts = [d for d in requests.get(log_url, headers=auth, timeout=15).json()["data"]
                           if d["status"] == "pending" and d["attempts"] >= 1 and d["last_error"]]
        if failed_attempts:
            break
        time.sleep(0.3)
    else:
        raise AssertionError("no failed attempt was recorded while the receiver was down")
    webhook_server.stop()
    webhook_server.start()
    receiver.start()
    late = receiver.wait_for(lambda p: p["type"] == "message.created" and p["data"]["conversation_id"] == second
                             and p["data"]["author"] == "customer", timeout=90)
    assert signature_verifies(late, secret)
    entry = next(d for d in requests.get(log_url, headers=auth, timeout=15).json()["data"]
                 if d["id"].lower() == late["headers"]["switchboard-delivery"])
    assert entry["status"] == "delivered" and entry["attempts"] >= 2 and entry["last_status_code"] == 204

    # 3. The admin console's Webhooks panel lists the subscription and its delivery log.
    provider_user(provider, "ada-webhooks", name="Ada Admin", email="ada@e2e.example", **{ROLE_CLAIM: "admin"})
    context, console = sign_in(browser, switchboard, "ada-webhooks")
    errors: list[str] = []
    console.on("pageerror", lambda error: errors.append(str(error)))
    console.set_viewport_size({"width": 1440, "height": 2400})
    console.get_by_test_id("nav-settings").click()
    panel = console.get_by_test_id("webhooks")
    row = panel.locator(f'[data-testid="webhook"][data-webhook-id="{webhook_id}" i]')
    expect(row).to_contain_text(receiver.url)
    expect(row.get_by_test_id("webhook-state")).to_have_text("Active")
    row.get_by_test_id("webhook-log").click()
    deliveries = panel.get_by_test_id("webhook-delivery")
    expect(deliveries.first).to_be_visible()
    assert deliveries.count() >= 2
    expect(panel.locator('[data-testid="webhook-delivery"][data-status="delivered"]').first).to_contain_text("204")
    panel.screenshot(path=str(output_dir / "console-webhooks.png"))
    assert errors == []
    context.close()
    receiver.stop()
