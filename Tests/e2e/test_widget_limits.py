"""Rate limits as a customer meets them: the widget sends its own visitor id (so people behind one
address are limited one by one), and when a start or a send is refused as too many it shows the
server's honest reason and tries again by itself after Retry-After, without a click.
(The 429s are injected in the browser; the server's layers are tested in WidgetRateLimitTests.)"""

from __future__ import annotations

import json
import re
import time
import uuid

from playwright.sync_api import expect

from test_widget import launcher, send, widget_dialog

NETWORK_BUSY = "Many people on your network are starting chats right now; we'll connect you in 2 s."
TOO_FAST = "You're sending messages faster than we can take them; this one goes in 2 s."


def _refusal(switchboard, message: str) -> dict:
    """A 429 as the server sends it, with the CORS headers that let the page read Retry-After."""
    return {
        "status": 429,
        "headers": {"Retry-After": "2", "Access-Control-Allow-Origin": switchboard.host_origin,
                    "Access-Control-Expose-Headers": "Retry-After, X-Request-Id", "Vary": "Origin"},
        "content_type": "application/json",
        "body": json.dumps({"error": {"code": "rate_limited", "message": message}}),
    }


def test_a_refused_start_says_why_and_connects_by_itself(switchboard, host_page, open_page, output_dir):
    page = open_page().page
    starts: list[tuple[float, dict]] = []

    def inject_a_refused_first_start(route):
        """Simulates the service refusing the first conversation start with 429, as a shared address over its limit would."""
        if route.request.method != "POST":
            route.continue_()
            return
        starts.append((time.monotonic(), json.loads(route.request.post_data)))
        if len(starts) == 1:
            route.fulfill(**_refusal(switchboard, NETWORK_BUSY))
        else:
            route.continue_()

    page.route(re.compile(r"/widget/v1/conversations$"), inject_a_refused_first_start)
    page.goto(host_page)
    launcher(page).click()
    # Named "Chat" until a chat starts and the organisation's name is known.
    dialog = page.get_by_role("dialog", name="Chat")
    expect(dialog.get_by_role("alert")).to_have_text(NETWORK_BUSY)
    expect(dialog.get_by_role("button", name="Try again now")).to_be_visible()
    page.screenshot(path=output_dir / "widget-start-rate-limited.png")
    # No click: the widget waits out Retry-After and starts the chat itself.
    expect(dialog.get_by_role("textbox", name="Message")).to_be_enabled(timeout=10_000)
    expect(dialog.get_by_role("alert")).to_be_hidden()
    assert len(starts) == 2, starts
    assert starts[1][0] - starts[0][0] >= 1.8, "the retry did not wait for Retry-After"
    visitor = starts[0][1]["visitorId"]
    assert re.fullmatch(r"[0-9a-f]{32}", visitor), visitor
    assert starts[1][1]["visitorId"] == visitor
    # The same browser keeps its visitor id; another browser (another customer) has its own.
    assert page.evaluate("localStorage.getItem('switchboard.visitor')") == visitor
    other = open_page().page
    other.goto(host_page)
    launcher(other).click()
    expect(widget_dialog(other).get_by_role("textbox", name="Message")).to_be_enabled()
    assert other.evaluate("localStorage.getItem('switchboard.visitor')") not in (None, visitor)


def test_a_send_refused_as_too_fast_is_sent_by_itself_once(switchboard, host_page, open_page):
    page = open_page().page
    page.goto(host_page)
    launcher(page).click()
    dialog = widget_dialog(page)
    log = dialog.get_by_role("log")
    expect(dialog.get_by_role("textbox", name="Message")).to_be_enabled()

    attempts: list[str] = []

    def inject_a_refused_first_send(route):
        """Simulates the service refusing the first message with 429 for sending too fast."""
        if route.request.method != "POST":
            route.continue_()
            return
        attempts.append(json.loads(route.request.post_data)["clientMessageId"])
        if len(attempts) == 1:
            route.fulfill(**_refusal(switchboard, TOO_FAST))
        else:
            route.continue_()

    page.route(re.compile(r"/widget/v1/conversations/[^/]+/messages$"), inject_a_refused_first_send)
    text = f"Do certificates expire? {uuid.uuid4().hex[:6]}"
    send(page, text)
    expect(dialog.get_by_role("alert")).to_have_text(TOO_FAST)
    expect(log.locator(".line-customer.is-pending .bubble")).to_have_text(text)
    expect(log.locator(".line-customer[data-seq] .bubble")).to_have_text(text, timeout=10_000)
    expect(dialog.get_by_role("alert")).to_be_hidden()
    expect(log.locator(".line-customer.is-failed")).to_have_count(0)
    assert len(attempts) == 2 and attempts[0] == attempts[1], attempts
