"""Email end to end: a real SMTP server (aiosmtpd, on a free loopback port) receives what a
customer who left the chat is sent.

An administrator sets up SMTP on the console's settings page. A customer chats in the widget on
the organisation's site, gives their email address, and closes the page; the agent's next reply
arrives by email with the conversation so far. With the SMTP server down, the conversation's
Emails card and the settings page show the failure and that it is retried; once the server is
back, the email arrives and the card says it was sent.

The server under test is started here (not the session's, which sends no email), with private
SMTP hosts allowed and a one-second first retry (SWITCHBOARD_EMAIL_RETRY_BASE_SECONDS, for tests
only), on the session's database. Screenshots at 360 and 1440 px wide land in the output folder.
"""

from __future__ import annotations

import email
import email.policy
import re
import ssl
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
from aiosmtpd.controller import Controller
from playwright.sync_api import Browser, Page, expect

from conftest import ServeProcess, Switchboard, _free_port, _run, write_host_page
from test_http_hardening import _pg_ctl
from test_widget import launcher, saved_conversation, send


class Inbox:
    """An SMTP server on a fixed loopback port that can be taken down and brought back."""

    def __init__(self, port: int, tls: ssl.SSLContext | None = None) -> None:
        self.port = port
        # With a TLS context the server offers STARTTLS and refuses mail until the client upgraded.
        self.tls = tls
        self.messages: list[email.message.EmailMessage] = []
        self.lock = threading.Lock()
        self.controller: Controller | None = None

    def start(self) -> None:
        inbox = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's naming
                message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
                with inbox.lock:
                    inbox.messages.append(message)
                return "250 Message accepted"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, tls_context=self.tls,
                                     require_starttls=self.tls is not None)
        self.controller.start()

    def stop(self) -> None:
        assert self.controller is not None
        self.controller.stop()
        self.controller = None

    def wait_for(self, text: str, timeout: float = 30) -> email.message.EmailMessage:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for message in self.messages:
                    if text in message.get_content():
                        return message
            time.sleep(0.2)
        raise AssertionError(f"no email containing {text!r} within {timeout} s")


@pytest.fixture
def email_server(switchboard: Switchboard, database: dict, output_dir: Path):
    server = ServeProcess(switchboard, database, output_dir / "switchboard-email.log",
                          {"SWITCHBOARD_SMTP_ALLOW_PRIVATE": "true", "SWITCHBOARD_EMAIL_RETRY_BASE_SECONDS": "1",
                           "SWITCHBOARD_WEBHOOK_DELIVERY": "off"})
    server.start()
    yield server
    server.stop()


@pytest.fixture
def inbox():
    box = Inbox(_free_port())
    box.start()
    yield box
    if box.controller is not None:
        box.stop()


def _token(switchboard: Switchboard, database: dict, email_address: str, name: str, role: str, org: str = "e2e-mail") -> str:
    output = _run([database["binary"], "agent", "token", "--org", org, "--email", email_address, "--name", name,
                   "--role", role, "--database-url", database["app_url"]], env={"SWITCHBOARD_SECRET": switchboard.secret})
    return output.strip().splitlines()[-1].strip()


def _console(browser: Browser, server: ServeProcess, token: str, width: int, height: int) -> tuple[Page, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": height},
                                  extra_http_headers={"Authorization": f"Bearer {token}"})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server.base_url}/console")
    expect(page.get_by_test_id("connection-state")).to_have_text("Live")
    return page, errors


def _agent(server: ServeProcess, token: str, method: str, path: str, body: dict | None = None) -> requests.Response:
    return requests.request(method, f"{server.base_url}/console/api{path}", json=body if body is not None else {},
                            headers={"Authorization": f"Bearer {token}"}, timeout=15)


def test_a_customer_who_left_gets_the_reply_by_email_and_failures_show_until_delivered(
        email_server: ServeProcess, inbox: Inbox, switchboard: Switchboard, database: dict, browser: Browser,
        open_page, host_site: str, host_folder: Path, output_dir: Path):
    shots = output_dir / "email"
    shots.mkdir(exist_ok=True)
    created = _run([database["binary"], "org", "create", "--slug", "e2e-mail", "--name", "E2E Mail",
                    "--allowed-origin", switchboard.host_origin, "--database-url", database["app_url"]])
    widget_key = re.search(r"^\s*widget key\s+(\S+)\s*$", created, re.MULTILINE).group(1)
    admin_token = _token(switchboard, database, "ada@mail.example", "Ada Admin", "admin")
    carol_token = _token(switchboard, database, "carol@mail.example", "Carol Mendes", "agent")

    # The administrator sets up SMTP on the settings page; the password field stays write-only.
    admin, admin_errors = _console(browser, email_server, admin_token, 1440, 900)
    admin.goto(f"{email_server.base_url}/console#/settings")
    card = admin.get_by_test_id("email-settings")
    expect(card.get_by_test_id("email-host")).to_be_visible()
    card.get_by_test_id("email-enabled").check()
    card.get_by_test_id("email-host").fill("127.0.0.1")
    card.get_by_test_id("email-port").fill(str(inbox.port))
    card.get_by_test_id("email-security").select_option("none")
    card.get_by_test_id("email-from-address").fill("help@mail.example")
    card.get_by_test_id("email-from-name").fill("E2E Mail Help")
    card.get_by_test_id("email-save").click()
    expect(card.get_by_test_id("email-saved")).to_contain_text("Saved")
    stored = _agent(email_server, admin_token, "GET", "/email").json()
    assert stored["enabled"] and stored["port"] == inbox.port and stored["fromAddress"] == "help@mail.example"

    # The customer chats on the organisation's site, gives an address, and is taken over.
    write_host_page(host_folder, "mail.html", "E2E Mail", f"{email_server.base_url}/widget.js", widget_key)
    customer = open_page().page
    customer.goto(f"{host_site}/mail.html")
    launcher(customer).click()
    send(customer, "Please can a person check my refund? I am dana@example.com", organisation="E2E Mail")
    conversation_id = saved_conversation(customer, widget_key)["conversationId"]
    taken = _agent(email_server, carol_token, "POST", f"/conversations/{conversation_id}/take-over", {"expectedOwnerId": None})
    assert taken.status_code == 200, taken.text

    # Still on the page: the reply is read in the widget, nothing is emailed.
    assert _agent(email_server, carol_token, "POST", f"/conversations/{conversation_id}/messages",
                  {"body": "Checking your refund now."}).status_code == 201
    expect(customer.get_by_text("Checking your refund now.")).to_be_visible()
    assert _agent(email_server, carol_token, "GET", f"/conversations/{conversation_id}/emails").json()["emails"] == []

    # The customer leaves; the next reply arrives by email with the conversation so far.
    customer.context.close()
    time.sleep(1)
    reply = "Your refund was approved today."
    assert _agent(email_server, carol_token, "POST", f"/conversations/{conversation_id}/messages", {"body": reply}).status_code == 201
    message = inbox.wait_for(reply)
    body = message.get_content()
    assert message["To"] == "<dana@example.com>" or "dana@example.com" in message["To"]
    assert message["Subject"] == "Carol Mendes replied to your chat with E2E Mail"
    assert "E2E Mail Help" in message["From"] and "help@mail.example" in message["From"]
    assert "I am dana@example.com" in body and "Checking your refund now." in body
    assert "http" not in body

    carol, carol_errors = _console(browser, email_server, carol_token, 1440, 900)
    carol.goto(f"{email_server.base_url}/console#/conversations/{conversation_id}")
    emails = carol.get_by_test_id("conversation-email")
    expect(emails.first).to_have_attribute("data-status", "sent")
    expect(emails.first.get_by_test_id("conversation-email-state")).to_contain_text("Sent")

    # The SMTP server goes down: the next reply is retried, and the console says so and why.
    inbox.stop()
    late = "One more thing: keep your receipt."
    assert _agent(email_server, carol_token, "POST", f"/conversations/{conversation_id}/messages", {"body": late}).status_code == 201
    expect(emails.nth(1)).to_have_attribute("data-status", "pending")
    expect(emails.nth(1).get_by_test_id("conversation-email-state")).to_contain_text("Retrying", timeout=20_000)
    expect(emails.nth(1).get_by_test_id("conversation-email-error")).to_contain_text("could not connect")
    emails.nth(1).scroll_into_view_if_needed()
    carol.screenshot(path=str(shots / "conversation-emails-1440.png"))
    phone, phone_errors = _console(browser, email_server, carol_token, 360, 740)
    phone.goto(f"{email_server.base_url}/console#/conversations/{conversation_id}")
    expect(phone.get_by_test_id("conversation-email").nth(1).get_by_test_id("conversation-email-state")).to_contain_text("Retrying")
    phone.get_by_test_id("conversation-emails").evaluate("node => node.scrollIntoView({block: 'center'})")
    expect(phone.get_by_test_id("email-transcript")).to_be_in_viewport()
    phone.screenshot(path=str(shots / "conversation-emails-360.png"))

    admin.reload()
    failure = admin.get_by_test_id("email-failure").first
    expect(failure).to_contain_text("Retrying")
    expect(failure).to_contain_text("dana@example.com")
    admin.get_by_test_id("email-test").scroll_into_view_if_needed()
    admin.screenshot(path=str(shots / "email-settings-1440.png"))
    admin_phone, admin_phone_errors = _console(browser, email_server, admin_token, 360, 740)
    admin_phone.goto(f"{email_server.base_url}/console#/settings")
    expect(admin_phone.get_by_test_id("email-failure").first).to_contain_text("Retrying")
    admin_phone.get_by_test_id("email-failures").scroll_into_view_if_needed()
    admin_phone.screenshot(path=str(shots / "email-settings-360.png"))
    # Nothing of the password or settings form overflows a phone's width.
    overflow = admin_phone.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    assert not overflow

    # Back up: the retry delivers it, and the card turns to sent.
    inbox.start()
    assert late in inbox.wait_for(late, timeout=60).get_content()
    expect(emails.nth(1)).to_have_attribute("data-status", "sent", timeout=20_000)
    assert admin_errors == [] and carol_errors == [] and phone_errors == [] and admin_phone_errors == []

    # Off again, so nothing else of the session's database is emailed.
    assert _agent(email_server, admin_token, "PUT", "/email", {"enabled": False}).status_code == 200


def test_a_customer_has_the_ended_chat_emailed_from_the_widget(
        email_server: ServeProcess, inbox: Inbox, switchboard: Switchboard, database: dict, open_page,
        host_site: str, host_folder: Path, output_dir: Path):
    """Once Carol closes the chat, the widget offers "Email me this chat"; the customer types an
    address and the whole conversation arrives there. Checked on a phone-sized page (360 px)."""
    shots = output_dir / "email"
    shots.mkdir(exist_ok=True)
    created = _run([database["binary"], "org", "create", "--slug", "e2e-copy", "--name", "E2E Copy",
                    "--allowed-origin", switchboard.host_origin, "--database-url", database["app_url"]])
    widget_key = re.search(r"^\s*widget key\s+(\S+)\s*$", created, re.MULTILINE).group(1)
    admin_token = _token(switchboard, database, "ada@copy.example", "Ada Admin", "admin", org="e2e-copy")
    carol_token = _token(switchboard, database, "carol@copy.example", "Carol Mendes", "agent", org="e2e-copy")
    settings = {"enabled": True, "host": "127.0.0.1", "port": inbox.port, "security": "none",
                "fromAddress": "help@copy.example", "fromName": "E2E Copy Help"}
    assert _agent(email_server, admin_token, "PUT", "/email", settings).status_code == 200

    write_host_page(host_folder, "copy.html", "E2E Copy", f"{email_server.base_url}/widget.js", widget_key)
    opened = open_page(width=360, height=740)
    customer = opened.page
    customer.goto(f"{host_site}/copy.html")
    launcher(customer).click()
    question = "Can a person check where parcel 4471 <b>is</b>?"
    send(customer, question, organisation="E2E Copy")
    conversation_id = saved_conversation(customer, widget_key)["conversationId"]
    dialog = customer.get_by_role("dialog", name="Chat with E2E Copy")
    chip = dialog.get_by_role("button", name="Email me this chat")
    expect(chip).to_be_hidden()

    taken = _agent(email_server, carol_token, "POST", f"/conversations/{conversation_id}/take-over", {"expectedOwnerId": None})
    assert taken.status_code == 200, taken.text
    reply = "It left our depot this morning."
    assert _agent(email_server, carol_token, "POST", f"/conversations/{conversation_id}/messages", {"body": reply}).status_code == 201
    expect(dialog.get_by_text(reply)).to_be_visible()
    expect(chip).to_be_hidden()
    closed = _agent(email_server, carol_token, "POST", f"/conversations/{conversation_id}/close", {"chatReviewed": True})
    assert closed.status_code == 200, closed.text

    expect(chip).to_be_visible()
    chip.click()
    form = dialog.locator("form.transcript-email-form")
    address = form.get_by_role("textbox", name="Your email")
    expect(address).to_be_focused()
    address.fill("not an address")
    form.get_by_role("button", name="Send", exact=True).click()
    expect(form.get_by_role("alert")).to_contain_text("Enter your email address")
    address.fill("erin@example.com")
    form.get_by_role("button", name="Send", exact=True).click()
    expect(dialog.get_by_text("We're sending this chat to erin@example.com.")).to_be_visible()
    expect(chip).to_be_hidden()
    customer.screenshot(path=str(shots / "widget-transcript-email-360.png"))

    message = inbox.wait_for(reply)
    body = message.get_content()
    assert "erin@example.com" in message["To"]
    assert question in body and reply in body
    assert "E2E Copy Help" in message["From"]
    assert opened.errors == []
    assert _agent(email_server, admin_token, "PUT", "/email", {"enabled": False}).status_code == 200


def test_a_mail_server_behind_starttls_signed_by_a_private_authority(
        switchboard: Switchboard, database: dict, output_dir: Path, tmp_path: Path):
    """An internal mail relay whose certificate a private CA signed: trusted once the operator
    names the CA (SWITCHBOARD_SMTP_CA_FILE), refused with a TLS error without it. The relay
    refuses any mail before STARTTLS, so an accepted email proves the upgrade."""
    certificate, key = tmp_path / "relay.pem", tmp_path / "relay-key.pem"
    _run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(certificate),
          "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate, key)
    relay = Inbox(_free_port(), tls=context)
    relay.start()
    common = {"SWITCHBOARD_SMTP_ALLOW_PRIVATE": "true", "SWITCHBOARD_WEBHOOK_DELIVERY": "off",
              "SWITCHBOARD_EMAIL_DELIVERY": "off"}
    trusting = ServeProcess(switchboard, database, output_dir / "switchboard-email-tls.log",
                            {**common, "SWITCHBOARD_SMTP_CA_FILE": str(certificate)})
    untrusting = ServeProcess(switchboard, database, output_dir / "switchboard-email-tls-untrusted.log", common)
    try:
        _run([database["binary"], "org", "create", "--slug", "e2e-tls", "--name", "E2E TLS",
              "--allowed-origin", switchboard.host_origin, "--database-url", database["app_url"]])
        admin_token = _token(switchboard, database, "ada@tls.example", "Ada Admin", "admin", org="e2e-tls")
        trusting.start()
        settings = {"enabled": False, "host": "127.0.0.1", "port": relay.port, "security": "starttls",
                    "fromAddress": "help@tls.example", "fromName": "E2E TLS Help"}
        assert _agent(trusting, admin_token, "PUT", "/email", settings).status_code == 200

        sent = _agent(trusting, admin_token, "POST", "/email/test", {"to": "ops@tls.example"})
        assert sent.status_code == 200 and sent.json()["sent"] is True, sent.text
        message = relay.wait_for("The SMTP settings of E2E TLS work")
        assert "ops@tls.example" in message["To"]

        untrusting.start()
        refused = _agent(untrusting, admin_token, "POST", "/email/test", {"to": "ops@tls.example"}).json()
        assert refused["sent"] is False and "TLS" in refused["error"], refused
        assert len(relay.messages) == 1
    finally:
        for server in (trusting, untrusting):
            if server.process is not None:
                server.stop()
        relay.stop()


def test_an_email_waiting_through_a_postgresql_restart_is_sent_once_it_is_back(
        email_server: ServeProcess, inbox: Inbox, switchboard: Switchboard, database: dict):
    """The reply's email waits for a mail server that is down; PostgreSQL then stops and starts
    again under the running server. Once both are back the worker, reconnected, sends it exactly
    once and the conversation's Emails card says sent."""
    created = _run([database["binary"], "org", "create", "--slug", "e2e-restart-mail", "--name", "E2E Restart Mail",
                    "--allowed-origin", switchboard.host_origin, "--database-url", database["app_url"]])
    widget_key = re.search(r"^\s*widget key\s+(\S+)\s*$", created, re.MULTILINE).group(1)
    admin_token = _token(switchboard, database, "ada@restart.example", "Ada Admin", "admin", org="e2e-restart-mail")
    carol_token = _token(switchboard, database, "carol@restart.example", "Carol Mendes", "agent", org="e2e-restart-mail")
    settings = {"enabled": True, "host": "127.0.0.1", "port": inbox.port, "security": "none",
                "fromAddress": "help@restart.example", "fromName": "E2E Restart Help"}
    assert _agent(email_server, admin_token, "PUT", "/email", settings).status_code == 200
    inbox.stop()

    # A customer who never keeps the widget open (no presence) asks, is taken over and answered.
    origin = {"Origin": switchboard.host_origin}
    started = requests.post(f"{email_server.base_url}/widget/v1/conversations", headers=origin,
                            json={"widgetKey": widget_key}, timeout=15).json()
    conversation_id = started["conversationId"]
    customer = {**origin, "Authorization": f"Bearer {started['customerToken']}"}
    said = requests.post(f"{email_server.base_url}/widget/v1/conversations/{conversation_id}/messages", headers=customer,
                         json={"body": "Can a person tell me when my order ships? I am fay@example.com"}, timeout=15)
    assert said.status_code == 201, said.text
    taken = _agent(email_server, carol_token, "POST", f"/conversations/{conversation_id}/take-over", {"expectedOwnerId": None})
    assert taken.status_code == 200, taken.text
    reply = f"It ships tomorrow morning ({uuid.uuid4().hex[:8]})."
    assert _agent(email_server, carol_token, "POST", f"/conversations/{conversation_id}/messages", {"body": reply}).status_code == 201

    def emails() -> list[dict]:
        response = _agent(email_server, carol_token, "GET", f"/conversations/{conversation_id}/emails")
        assert response.status_code == 200, response.text
        return response.json()["emails"]

    deadline = time.monotonic() + 30
    while not any(e["attempts"] >= 1 for e in emails()):
        assert time.monotonic() < deadline, f"the worker never tried the email: {emails()}"
        time.sleep(0.5)
    assert [e["status"] for e in emails()] == ["pending"]

    data_dir = subprocess.run(["psql", switchboard.admin_db_url, "-XAtc", "SHOW data_directory"],
                              capture_output=True, text=True, check=True).stdout.strip()
    try:
        _pg_ctl(data_dir, "stop")
        time.sleep(3)
        assert requests.get(f"{email_server.base_url}/healthz", timeout=5).status_code == 200, "the server went down with the database"
        inbox.start()
    finally:
        _pg_ctl(data_dir, "start")

    inbox.wait_for(reply, timeout=90)
    deadline = time.monotonic() + 30
    while [e["status"] for e in emails()] != ["sent"]:
        assert time.monotonic() < deadline, f"the email was delivered but not recorded as sent: {emails()}"
        time.sleep(0.5)
    time.sleep(3)  # time for a second, wrong delivery to show
    with inbox.lock:
        copies = [m for m in inbox.messages if reply in m.get_content()]
    assert len(copies) == 1, f"the reply was emailed {len(copies)} times"
    assert "fay@example.com" in copies[0]["To"]
    assert _agent(email_server, admin_token, "PUT", "/email", {"enabled": False}).status_code == 200
