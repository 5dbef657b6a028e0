"""The agent console in a real browser against a real `switchboard serve`: the page and its
security headers, the live conversation list, taking over, replying, handing back, text shown as
text, the connection state after a dropped socket, and a phone-sized screen.

The console signs in with the session cookie of the organisation's single sign-on. Here the browser
sends Carol's bearer token instead (every request, the socket's handshake included); everything
else it sees is the real server's answer. The one interception, in the dropped-socket test, is a
fault injection named as such. Screenshots land in Tests/e2e/output/.
"""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

ANSWER_TIMEOUT_MS = 20_000
SHARED_MODULES = Path(__file__).resolve().parents[2] / "Sources" / "SwitchboardHTTP" / "Public" / "shared"


def start_conversation(switchboard, first_message: str) -> tuple[str, dict]:
    """A customer on the organisation's site starts a chat and sends one message."""
    origin = {"Origin": switchboard.host_origin}
    started = requests.post(
        f"{switchboard.base_url}/widget/v1/conversations",
        json={"widgetKey": switchboard.widget_key, "pageUrl": f"{switchboard.host_origin}/pricing",
              "context": {"plan": "trial"}},
        headers=origin, timeout=15,
    )
    assert started.status_code == 201, started.text
    body = started.json()
    headers = {**origin, "Authorization": f"Bearer {body['customerToken']}"}
    customer_says(switchboard, body["conversationId"], headers, first_message)
    wait_for_the_ai(switchboard, body["conversationId"], headers)
    return body["conversationId"], headers


def wait_for_the_ai(switchboard, conversation_id: str, headers: dict) -> None:
    """The AI answers in the background; a handoff before its answer would race it."""
    deadline = time.monotonic() + ANSWER_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        page = requests.get(
            f"{switchboard.base_url}/widget/v1/conversations/{conversation_id}/messages?after=0", headers=headers, timeout=15
        ).json()
        if any(m["author"] == "ai" for m in page["messages"]):
            return
        time.sleep(0.2)
    raise AssertionError("the AI did not answer")


def customer_says(switchboard, conversation_id: str, headers: dict, text: str) -> None:
    response = requests.post(
        f"{switchboard.base_url}/widget/v1/conversations/{conversation_id}/messages",
        json={"clientMessageId": str(uuid.uuid4()), "body": text}, headers=headers, timeout=15,
    )
    assert response.status_code in (200, 201), response.text


def ask_for_a_human(switchboard, conversation_id: str, headers: dict) -> None:
    response = requests.post(
        f"{switchboard.base_url}/widget/v1/conversations/{conversation_id}/handoff",
        json={"reason": "I was charged twice"}, headers=headers, timeout=15,
    )
    if response.status_code == 409:
        # The AI was not sure and already asked for a person.
        response = switchboard.agent("GET", f"/conversations/{conversation_id}")
        assert response.json()["conversation"]["mode"] == "needs", response.text
        return
    assert response.status_code == 200 and response.json()["mode"] == "needs", response.text


def row(page: Page, conversation_id: str):
    return page.locator(
        f'[data-testid="conversation-row"][data-conversation-id="{conversation_id.upper()}"], '
        f'[data-testid="conversation-row"][data-conversation-id="{conversation_id.lower()}"]'
    )


@pytest.fixture
def console(browser: Browser, switchboard):
    """Opens the console as Carol; `console(width=360, height=740)` for a phone."""
    contexts = []

    def open_(width: int = 1280, height: int = 800, before_load=None) -> tuple[Page, list[str]]:
        me = requests.get(f"{switchboard.base_url}/console/api/me",
                          headers={"Authorization": f"Bearer {switchboard.agent_token}"}, timeout=15)
        assert me.status_code == 200 and me.json()["agent"]["displayName"] == "Carol Mendes", me.text
        context = browser.new_context(
            viewport={"width": width, "height": height},
            extra_http_headers={"Authorization": f"Bearer {switchboard.agent_token}"},
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        if before_load:
            before_load(page)
        page.goto(f"{switchboard.base_url}/console")
        expect(page.get_by_test_id("connection-state")).to_have_text("Live")
        return page, errors

    yield open_
    for context in contexts:
        context.close()


def test_the_console_is_served_with_a_strict_content_security_policy(switchboard):
    for path in ("/console", "/console/"):
        page = requests.get(f"{switchboard.base_url}{path}", timeout=15)
        assert page.status_code == 200
        assert page.headers["Content-Type"].startswith("text/html")
        policy = page.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
        assert "frame-ancestors 'none'" in policy
        assert 'src="/console/main.js"' in page.text
    for module in ("main.js", "api.js", "dom.js", "socket.js", "transcript.js"):
        response = requests.get(f"{switchboard.base_url}/console/{module}", timeout=15)
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/javascript")
    css = requests.get(f"{switchboard.base_url}/console/console.css", timeout=15)
    assert css.headers["Content-Type"].startswith("text/css")


def test_the_modules_shared_with_the_widget_load_from_any_origin_and_are_revalidated(switchboard):
    """Public/shared/ holds what the console and the widget both import: the widget imports it
    from customers' sites (CORS mode), and the console's modules never mix across a deployment."""
    shared = sorted(path.name for path in SHARED_MODULES.glob("*.js"))
    assert "reconnecting-socket.js" in shared and "links.js" in shared, shared
    for name in shared:
        response = requests.get(f"{switchboard.base_url}/shared/{name}", headers={"Origin": switchboard.host_origin}, timeout=15)
        assert response.status_code == 200, name
        assert response.headers["Content-Type"].startswith("text/javascript"), name
        assert response.headers.get("Access-Control-Allow-Origin") == "*", name
        assert response.headers.get("Cache-Control") == "no-cache", name


def test_carol_sees_a_handoff_arrive_takes_over_replies_and_hands_back(switchboard, console, output_dir):
    page, errors = console()
    expect(page.get_by_test_id("transcript-empty")).to_contain_text("Select a conversation")

    # A customer asks the AI, then for a person, while the console is open: the row appears live.
    conversation_id, customer = start_conversation(switchboard, "How do refunds work?")
    ask_for_a_human(switchboard, conversation_id, customer)
    page.get_by_test_id("group-needs").click()
    waiting = row(page, conversation_id)
    expect(waiting).to_be_visible()
    expect(waiting.get_by_test_id("waiting-time")).to_be_visible()
    expect(waiting.get_by_test_id("unread-dot")).to_be_visible()
    expect(page.get_by_test_id("group-count-needs")).not_to_have_text("0")

    waiting.click()
    transcript = page.get_by_test_id("transcript")
    expect(transcript.locator('[data-author="customer"]').first).to_contain_text("How do refunds work?")
    expect(transcript.get_by_test_id("message-articles").first).to_contain_text("Refund policy", timeout=ANSWER_TIMEOUT_MS)
    expect(page.get_by_test_id("customer-page")).to_contain_text("/pricing")

    page.get_by_test_id("take-over").click()
    reply = page.get_by_test_id("reply-box")
    expect(reply).to_be_visible()
    expect(page.get_by_test_id("conversation-mode")).to_have_text("Live")
    expect(transcript.locator('[data-author="system"]').last).to_contain_text("Carol Mendes joined")

    # The customer writes while Carol watches; Carol answers with Enter.
    customer_says(switchboard, conversation_id, customer, "Are you a real person? <img src=x onerror=alert(1)>")
    expect(transcript.locator('[data-author="customer"]').last).to_contain_text("<img src=x onerror=alert(1)>")
    assert transcript.locator("img").count() == 0
    reply.fill("Yes — I'm Carol. I can see the double charge.")
    reply.press("Enter")
    expect(transcript.locator('[data-author="agent"]')).to_have_count(1)
    expect(transcript.locator('[data-author="agent"]')).to_contain_text("Agent[Carol Mendes]")
    expect(reply).to_have_value("")
    seqs = transcript.get_by_test_id("message").evaluate_all("lines => lines.map(l => l.dataset.seq)")
    assert len(seqs) == len(set(seqs)), f"a message is shown twice: {seqs}"

    customer_view = requests.get(
        f"{switchboard.base_url}/widget/v1/conversations/{conversation_id}/messages?after=0", headers=customer, timeout=15
    ).json()
    assert any(m["body"] == "Yes — I'm Carol. I can see the double charge." for m in customer_view["messages"])

    page.get_by_test_id("group-mine").click()
    expect(row(page, conversation_id)).to_be_visible()
    page.screenshot(path=str(output_dir / "console-live.png"))

    page.get_by_test_id("hand-back").click()
    expect(page.get_by_test_id("take-over")).to_be_visible()
    expect(page.get_by_test_id("conversation-mode")).to_have_text("AI")
    assert errors == []


def test_the_connection_state_shows_a_dropped_socket_and_its_return(switchboard, console):
    sockets = []

    def inject_socket_drop(socket):
        """Fault injection: every console socket is relayed to the real server and kept, so the
        test can cut the first one as a network failure would."""
        socket.connect_to_server()
        sockets.append(socket)

    page, errors = console(before_load=lambda p: p.route_web_socket(re.compile(r"/console/api/socket"), inject_socket_drop))
    state = page.get_by_test_id("connection-state")
    sockets[0].close()
    expect(state).to_have_text("Reconnecting…")
    expect(state).to_have_text("Live")
    assert len(sockets) == 2

    # Frames flow again on the new socket.
    conversation_id, customer = start_conversation(switchboard, "Can I pay by invoice?")
    ask_for_a_human(switchboard, conversation_id, customer)
    page.get_by_test_id("group-needs").click()
    expect(row(page, conversation_id)).to_be_visible()
    assert errors == []


def test_a_phone_shows_one_pane_at_a_time(switchboard, console, output_dir):
    conversation_id, customer = start_conversation(switchboard, "Do certificates expire?")
    ask_for_a_human(switchboard, conversation_id, customer)
    page, errors = console(width=360, height=740)
    page.get_by_test_id("group-needs").click()
    row(page, conversation_id).click()
    expect(page.get_by_test_id("take-over")).to_be_visible()
    expect(page.get_by_test_id("conversation-row").first).to_be_hidden()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways ({width} px)"
    page.screenshot(path=str(output_dir / "console-phone.png"))
    page.get_by_role("button", name="Back to conversations").click()
    expect(page.get_by_test_id("conversation-row").first).to_be_visible()
    assert errors == []
