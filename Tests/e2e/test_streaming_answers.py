"""The OpenAI-compatible engine in the product, as a customer sees it: an organisation points its
answer engine at a scripted provider on loopback (started here, speaking chat completions with
SSE), the widget shows the answer's tokens arriving and then the stored answer with its article,
and a take-over from the console cuts the stream and takes the partial text off the screen.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from conftest import KB_ARTICLES, Switchboard, _free_port, _host_page_html, _psql, _QuietHandler
from test_hostile_input import _cli

ORG = "E2E Streaming"
REFUND_QUESTION = "How do I get a refund for my course?"


class ScriptedProvider:
    """A chat completions server on loopback: each POST gets the current script, written as
    chunked SSE exactly as scripted (tokens, pauses, then [DONE], or silence until the client leaves)."""

    def __init__(self) -> None:
        self.script: list[tuple[str, object]] = []
        self.requests: list[dict] = []
        self.clients_left = 0
        self.lock = threading.Lock()
        provider = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):  # noqa: A002 - the base class's signature
                pass

            def do_POST(self):  # noqa: N802 - the base class's naming
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                with provider.lock:
                    provider.requests.append({"path": self.path, "body": body, "authorization": self.headers.get("Authorization")})
                    script = list(provider.script)
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                try:
                    for kind, value in script:
                        if kind == "token":
                            self._chunk("data: " + json.dumps({"choices": [{"index": 0, "delta": {"content": value}}]}) + "\n\n")
                        elif kind == "pause":
                            time.sleep(value)
                        elif kind == "hang":
                            # Silence, but notice a client that left: a write to a closed socket fails.
                            deadline = time.monotonic() + value
                            while time.monotonic() < deadline:
                                time.sleep(0.1)
                                self._chunk(": keep-alive\n\n")
                    self._chunk("data: [DONE]\n\n")
                    self.wfile.write(b"0\r\n\r\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    with provider.lock:
                        provider.clients_left += 1
                    self.close_connection = True

            def _chunk(self, text: str) -> None:
                data = text.encode()
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def provider():
    scripted = ScriptedProvider()
    yield scripted
    scripted.stop()


@pytest.fixture(scope="module")
def streaming(switchboard: Switchboard, provider: ScriptedProvider):
    """An organisation with the refund article, its engine pointed at the scripted provider over
    REST, an admin, and a host page of its own embedding the widget. Yields what the tests need."""
    page_port = _free_port()
    origin = f"http://127.0.0.1:{page_port}"
    created = _cli(switchboard, "org", "create", "--slug", "e2e-streaming", "--name", ORG, "--allowed-origin", origin)
    widget_key = re.search(r"^\s*widget key\s+(\S+)\s*$", created, re.MULTILINE).group(1)
    org_id = re.search(r"^\s*id\s+([0-9a-f-]{36})\s*$", created, re.MULTILINE).group(1)
    title, body, section, url = KB_ARTICLES[0]
    _psql(switchboard.admin_db_url,
          sql="INSERT INTO switchboard.kb_articles (org_id, title, body, section, url) VALUES (:'org', :'title', :'body', :'section', :'url');",
          variables={"org": org_id, "title": title, "body": body, "section": section, "url": url})
    admin_token = _cli(switchboard, "agent", "token", "--org", "e2e-streaming", "--email", "sam@streaming.example",
                       "--name", "Sam Stream", "--role", "admin").strip().splitlines()[-1].strip()
    api_key = _cli(switchboard, "apikey", "create", "--org", "e2e-streaming", "--name", "engine", "--scope", "admin"
                   ).strip().splitlines()[-1].strip()
    configured = requests.patch(
        f"{switchboard.base_url}/api/v1/settings/answer-engine",
        headers={"Authorization": f"Bearer {api_key}"}, timeout=15,
        json={"enabled": True, "base_url": provider.base_url, "model": "scripted-model", "api_key": "sk-e2e-provider-key",
              "first_token_timeout_ms": 5000, "total_timeout_ms": 60000})
    assert configured.status_code == 200, configured.text
    assert configured.json()["api_key_set"] is True and "sk-e2e" not in configured.text

    folder = tempfile.TemporaryDirectory(prefix="switchboard-streaming-")
    Path(folder.name, "index.html").write_text(
        _host_page_html(ORG, f"{switchboard.base_url}/widget.js", widget_key), encoding="utf-8")
    pages = http.server.ThreadingHTTPServer(("127.0.0.1", page_port), functools.partial(_QuietHandler, directory=folder.name))
    threading.Thread(target=pages.serve_forever, daemon=True).start()
    try:
        yield {"page": f"{origin}/index.html", "widget_key": widget_key, "admin_token": admin_token}
    finally:
        pages.shutdown()
        pages.server_close()
        folder.cleanup()


def open_chat(page: Page, url: str):
    page.goto(url)
    page.get_by_role("button", name="Open chat").click()
    dialog = page.get_by_role("dialog", name=f"Chat with {ORG}")
    expect(dialog).to_be_visible()
    box = dialog.get_by_role("textbox", name="Message")
    expect(box).to_be_enabled()
    box.fill(REFUND_QUESTION)
    box.press("Enter")
    return dialog


def draft_texts(page: Page, dialog, until, timeout: float = 20.0) -> list[str]:
    """Every distinct text the streamed draft showed, sampled until `until()` holds."""
    seen: list[str] = []
    draft = dialog.locator(".line-draft .bubble")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not until():
        # Read without waiting: the draft may vanish between two looks (the stored answer replaces it).
        texts = draft.all_text_contents()
        text = texts[0] if texts else ""
        if text and (not seen or seen[-1] != text):
            seen.append(text)
        page.wait_for_timeout(40)
    return seen


def metric(switchboard: Switchboard, name: str, **labels: str) -> float:
    text = requests.get(switchboard.metrics_url, timeout=10).text
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{key}="{value}"' in line for key, value in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_the_widget_shows_tokens_arriving_then_the_stored_answer_with_its_article(
    switchboard: Switchboard, provider: ScriptedProvider, streaming: dict, open_page, output_dir
):
    provider.script = [
        ("pause", 0.3), ("token", "You can get a full refund "), ("pause", 0.6),
        ("token", "within 30 days [1]. "), ("pause", 0.6),
        ("token", "Open Account, then Orders, "), ("pause", 0.6),
        ("token", "and choose Request refund [1]."),
    ]
    answered_before = metric(switchboard, "switchboard_ai_answers_total", engine="openai_compatible", outcome="answered")
    opened = open_page()
    page = opened.page
    dialog = open_chat(page, streaming["page"])
    stored = dialog.get_by_role("log").locator(".line-ai[data-seq]")

    drafts = draft_texts(page, dialog, until=lambda: stored.count() > 0)
    page.screenshot(path=output_dir / "streaming-answer.png")

    # Tokens arrived one after another, growing, without citation markers, before the answer was stored.
    assert len(drafts) >= 2, drafts
    assert drafts[0].startswith("You can get a full refund"), drafts
    assert all(later.startswith(earlier) for earlier, later in zip(drafts, drafts[1:])), drafts
    assert not any("[" in text for text in drafts), drafts
    # Then the complete answer, stored once, with its article; the draft is gone.
    expect(stored).to_have_count(1, timeout=20_000)
    expect(stored.locator(".bubble")).to_have_text(
        "You can get a full refund within 30 days. Open Account, then Orders, and choose Request refund.")
    source = stored.get_by_role("link", name="Refund policy")
    expect(source).to_have_attribute("href", "https://e2e-academy.example/help/refunds")
    expect(dialog.locator(".line-draft")).to_have_count(0)
    assert not opened.errors, opened.errors

    # The provider got the platform rules, the numbered passage and the key; no key in responses.
    request = provider.requests[-1]
    assert request["path"] == "/v1/chat/completions" and request["body"]["stream"] is True
    assert request["authorization"] == "Bearer sk-e2e-provider-key"
    assert "PLATFORM RULES" in request["body"]["messages"][0]["content"]
    assert "[1] Refund policy" in request["body"]["messages"][1]["content"]
    # The answer is counted on the metrics listener.
    deadline = time.monotonic() + 5
    while metric(switchboard, "switchboard_ai_answers_total", engine="openai_compatible", outcome="answered") <= answered_before:
        assert time.monotonic() < deadline, "the answer never reached /metrics"
        time.sleep(0.2)
    assert metric(switchboard, "switchboard_ai_first_token_seconds_count") >= 1


def test_a_take_over_from_the_console_cuts_the_stream_and_the_partial_text_disappears(
    switchboard: Switchboard, provider: ScriptedProvider, streaming: dict, open_page, output_dir
):
    provider.script = [("token", "You can get "), ("pause", 0.4), ("token", "a full refund "), ("hang", 30)]
    left_before = provider.clients_left
    opened = open_page()
    page = opened.page
    dialog = open_chat(page, streaming["page"])
    draft = dialog.locator(".line-draft .bubble")
    expect(draft).to_have_text(re.compile(r"^You can get"), timeout=15_000)
    page.screenshot(path=output_dir / "streaming-before-take-over.png")

    conversation_id = page.evaluate(
        "key => JSON.parse(localStorage.getItem('switchboard.widget.' + key)).conversationId", streaming["widget_key"])
    headers = {"Authorization": f"Bearer {streaming['admin_token']}"}
    took = requests.post(f"{switchboard.base_url}/console/api/conversations/{conversation_id}/take-over",
                         json={"expectedOwnerId": None}, headers=headers, timeout=15)
    assert took.status_code == 200, took.text

    log = dialog.get_by_role("log")
    expect(log.locator(".line-system", has_text="Sam Stream joined")).to_have_count(1)
    expect(dialog.locator(".line-draft")).to_have_count(0)
    page.screenshot(path=output_dir / "streaming-after-take-over.png")
    # The stream was cut at the provider, well before its 30 s of silence ran out …
    deadline = time.monotonic() + 10
    while provider.clients_left == left_before:
        assert time.monotonic() < deadline, "the provider request was never cancelled"
        time.sleep(0.1)
    # … and nothing from the AI was stored or shown: no partial text, no answer.
    page.wait_for_timeout(500)
    expect(log.locator(".line-ai[data-seq]")).to_have_count(0)
    transcript = requests.get(f"{switchboard.base_url}/console/api/conversations/{conversation_id}", headers=headers, timeout=15).json()
    assert [m["author"] for m in transcript["messages"] if m["author"] == "ai"] == [], transcript["messages"]
    assert not opened.errors, opened.errors


def test_the_console_shows_the_answer_being_written_then_the_stored_answer(
    switchboard: Switchboard, provider: ScriptedProvider, streaming: dict, browser, open_page, output_dir
):
    provider.script = [
        ("pause", 0.5), ("token", "You can get "), ("pause", 1.5), ("token", "a full refund "), ("pause", 1.5),
        ("token", "within 30 days [1]."),
    ]
    context = browser.new_context(
        viewport={"width": 1280, "height": 800},
        extra_http_headers={"Authorization": f"Bearer {streaming['admin_token']}"})
    context.set_default_timeout(10_000)
    try:
        agent = context.new_page()
        errors: list[str] = []
        agent.on("pageerror", lambda error: errors.append(str(error)))
        agent.goto(f"{switchboard.base_url}/console")
        expect(agent.get_by_test_id("connection-state")).to_have_text("Live")

        opened = open_page()
        page = opened.page
        dialog = open_chat(page, streaming["page"])
        conversation_id = page.evaluate(
            "key => JSON.parse(localStorage.getItem('switchboard.widget.' + key)).conversationId", streaming["widget_key"])
        row = agent.locator(
            f'[data-testid="conversation-row"][data-conversation-id="{conversation_id.upper()}"], '
            f'[data-testid="conversation-row"][data-conversation-id="{conversation_id.lower()}"]')
        row.click()

        # The draft grows in the agent's transcript, marked as being written and without markers …
        draft = agent.get_by_test_id("ai-draft")
        expect(draft).to_contain_text("AI is writing", timeout=15_000)
        expect(draft.locator("p")).to_have_text(re.compile(r"^You can get( a full refund)?"))
        agent.screenshot(path=output_dir / "streaming-console-draft.png")
        # … and gives way to the stored answer, once.
        expect(draft).to_have_count(0, timeout=20_000)
        answer = agent.locator('li.message.ai[data-testid="message"]', has_text="within 30 days")
        expect(answer).to_have_count(1)
        expect(answer).not_to_contain_text("[1]")
        assert not errors, errors
        assert not opened.errors, opened.errors
    finally:
        context.close()
