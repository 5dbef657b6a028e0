"""The customer chat widget in a real browser, embedded in a page on another origin, against a
real `switchboard serve`: AI answers with sources, handoff to a person, an agent joining and
replying, resuming after a reload without duplicates, text shown as text, the after-hours form,
keyboard use, retrying a failed send, reconnecting after a dropped socket, polling when
WebSockets are blocked, a site that is not allowed, and a saved conversation that expired.

Screenshots for a reviewer land in Tests/e2e/output/.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
import uuid
from pathlib import Path

import requests
from playwright.sync_api import Locator, Page, expect

# The server's own words (HandoffService).
WAITING_LINE = "Someone will be with you shortly."
OFFLINE_LINE = "Our team is offline right now."

ANSWER_TIMEOUT_MS = 20_000

WIDGET_MODULES = Path(__file__).resolve().parents[2] / "Sources" / "SwitchboardHTTP" / "Public" / "widget"


def widget_dialog(page: Page, organisation: str = "E2E Academy") -> Locator:
    return page.get_by_role("dialog", name=f"Chat with {organisation}")


def launcher(page: Page) -> Locator:
    return page.locator("switchboard-chat .launcher")


def transcript_lines(page: Page) -> Locator:
    """Every message line the server numbered (not the greeting, not a pending line)."""
    return widget_dialog(page).get_by_role("log").locator("[data-seq]")


def saved_conversation(page: Page, widget_key: str) -> dict:
    return page.evaluate("key => JSON.parse(localStorage.getItem('switchboard.widget.' + key))", widget_key)


def rendered_transcript(page: Page) -> list[tuple[str, str, str]]:
    return transcript_lines(page).evaluate_all(
        "lines => lines.map(l => [l.dataset.seq, l.dataset.author, l.textContent])"
    )


def send(page: Page, text: str, organisation: str = "E2E Academy") -> None:
    box = widget_dialog(page, organisation).get_by_role("textbox", name="Message")
    expect(box).to_be_enabled()
    box.fill(text)
    box.press("Enter")


def test_the_server_lets_other_sites_load_the_widget_and_call_its_api(switchboard):
    """What a browser needs before any widget code runs on a customer's site: the ES modules
    that widget.js imports are fetched in CORS mode, and every API call is preflighted."""
    origin = switchboard.host_origin
    loader = requests.get(f"{switchboard.base_url}/widget.js", timeout=10)
    assert loader.status_code == 200 and loader.headers.get("Content-Type", "").startswith("text/javascript")
    modules = sorted(path.name for path in WIDGET_MODULES.glob("*.js"))
    assert "main.js" in modules, modules
    for name in modules:
        response = requests.get(f"{switchboard.base_url}/widget/{name}", headers={"Origin": origin}, timeout=10)
        assert response.status_code == 200, name
        assert response.headers.get("Content-Type", "").startswith("text/javascript"), name
        assert response.headers.get("Access-Control-Allow-Origin") in ("*", origin), (
            f"/widget/{name} has no Access-Control-Allow-Origin: the browser refuses to import it from {origin}"
        )
    for path, headers in (
        ("/widget/v1/conversations", "content-type"),
        (f"/widget/v1/conversations/{uuid.uuid4()}/messages", "authorization, content-type"),
        (f"/widget/v1/conversations/{uuid.uuid4()}/handoff", "authorization, content-type"),
        (f"/widget/v1/conversations/{uuid.uuid4()}/after-hours", "authorization, content-type"),
    ):
        preflight = requests.options(
            f"{switchboard.base_url}{path}",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": headers},
            timeout=10,
        )
        assert 200 <= preflight.status_code < 300, f"preflight OPTIONS {path} → {preflight.status_code}"
        assert preflight.headers.get("Access-Control-Allow-Origin") in ("*", origin), path
        allowed = preflight.headers.get("Access-Control-Allow-Headers", "").lower()
        assert all(h.strip() in allowed for h in headers.split(",")), (path, allowed)


def test_customer_asks_the_ai_then_talks_to_carol_on_a_phone(switchboard, host_page, open_page, output_dir):
    opened = open_page(width=360, height=740)
    page = opened.page
    page.goto(host_page)

    # The host page hides every <button> and paints text red at 40 px: none of it reaches the widget.
    open_button = page.get_by_role("button", name="Open chat")
    expect(open_button).to_be_visible()
    page.screenshot(path=output_dir / "phone-1-launcher.png")
    open_button.click()

    dialog = widget_dialog(page)
    expect(dialog).to_be_visible()
    log = dialog.get_by_role("log")
    expect(log).to_contain_text("Hi! Ask me anything about E2E Academy.")
    assert dialog.evaluate("el => el.offsetWidth") == 360, "on a phone the panel takes the full width"
    color, font_size = log.locator(".line-greeting .bubble").evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(el).fontSize]"
    )
    assert color != "rgb(255, 0, 0)" and font_size != "40px", (color, font_size)

    # An answer from the knowledge base, with its source.
    send(page, "How do I get a refund for my course?")
    customer_lines = log.locator(".line-customer")
    expect(customer_lines).to_have_count(1)
    expect(customer_lines.first.locator(".bubble")).to_have_text("How do I get a refund for my course?")
    ai_answer = log.locator(".line-ai[data-seq]").first
    expect(ai_answer).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    expect(ai_answer.locator(".who")).to_have_text("AI")
    expect(ai_answer.locator(".bubble")).to_contain_text("refund")
    expect(ai_answer.locator(".sources")).to_contain_text("From: Refund policy")
    source = ai_answer.get_by_role("link", name="Refund policy")
    expect(source).to_have_attribute("href", "https://e2e-academy.example/help/refunds")
    expect(source).to_have_attribute("target", "_blank")
    expect(source).to_have_attribute("rel", "noopener noreferrer")
    page.screenshot(path=output_dir / "phone-2-ai-answer.png")

    # Asking for a person.
    dialog.get_by_role("button", name="Talk to a person").click()
    dialog.get_by_role("textbox", name="What do you need help with?").fill("A refund for a course I never started")
    dialog.locator(".handoff-form").get_by_role("button", name="Send").click()
    expect(log.locator(".line-system", has_text=WAITING_LINE)).to_have_count(1)
    expect(dialog.get_by_role("button", name="Talk to a person")).to_be_hidden()
    expect(dialog.locator(".subtitle")).to_have_text("Waiting for a person…")

    # Carol takes over and replies through the console API.
    conversation_id = saved_conversation(page, switchboard.widget_key)["conversationId"]
    switchboard.agent("POST", f"/conversations/{conversation_id}/take-over", {"expectedOwnerId": None})
    expect(log.locator(".line-system", has_text="Carol Mendes joined")).to_have_count(1)
    switchboard.agent(
        "POST",
        f"/conversations/{conversation_id}/messages",
        {"body": "Hi, I'm Carol", "clientMessageId": str(uuid.uuid4())},
    )
    agent_line = log.locator(".line-agent")
    expect(agent_line).to_have_count(1)
    expect(agent_line.locator(".who")).to_have_text("Carol Mendes")
    expect(agent_line.locator(".bubble")).to_have_text("Hi, I'm Carol")
    expect(dialog.locator(".subtitle")).to_have_text("You're chatting with Carol Mendes")

    # Markup typed by the customer is shown as text and never runs.
    hostile = "<img src=x onerror=alert(1)>"
    send(page, hostile)
    confirmed = log.locator(".line-customer[data-seq]").last
    expect(confirmed.locator(".bubble")).to_have_text(hostile)
    expect(log.locator("img")).to_have_count(0)
    page.wait_for_timeout(500)
    assert opened.dialogs.messages == [], opened.dialogs.messages
    page.screenshot(path=output_dir / "phone-3-carol-joined.png")

    # A reload resumes the same conversation and shows every line exactly once.
    before = rendered_transcript(page)
    assert [author for _, author, _ in before] == ["customer", "ai", "system", "system", "agent", "customer"], before
    page.reload()
    expect(widget_dialog(page)).to_be_visible()  # it was open, so it opens again
    expect(transcript_lines(page)).to_have_count(len(before))
    page.wait_for_timeout(1500)  # the socket's replay after lastSeq must not add anything
    after = rendered_transcript(page)
    assert after == before
    seqs = [int(seq) for seq, _, _ in after]
    assert seqs == sorted(set(seqs)), seqs
    assert saved_conversation(page, switchboard.widget_key)["conversationId"] == conversation_id
    page.screenshot(path=output_dir / "phone-4-after-reload.png")
    assert opened.dialogs.messages == []
    assert opened.errors == [], opened.errors


def test_after_hours_the_customer_leaves_details_and_is_thanked(switchboard, night_host_page, open_page, output_dir):
    opened = open_page()
    page = opened.page
    page.goto(night_host_page)
    launcher(page).click()
    dialog = widget_dialog(page, "E2E Night School")
    log = dialog.get_by_role("log")
    send(page, "Do certificates expire?", "E2E Night School")
    expect(log.locator(".line-ai[data-seq]")).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)

    dialog.get_by_role("button", name="Talk to a person").click()
    dialog.get_by_role("textbox", name="What do you need help with?").fill("An invoice for my employer")
    dialog.locator(".handoff-form").get_by_role("button", name="Send").click()

    # Nobody is online: the customer is asked for contact details instead of waiting.
    details = dialog.get_by_role("form", name="Leave your details")
    expect(details).to_be_visible()
    expect(log.locator(".line-system", has_text=OFFLINE_LINE)).to_have_count(1)
    expect(details.get_by_role("textbox", name="What do you need?")).to_have_value("An invoice for my employer")
    expect(dialog.get_by_role("button", name="Talk to a person")).to_be_hidden()
    details.get_by_role("button", name="Send").click()
    expect(details.get_by_role("alert")).to_have_text("Enter your name.")
    details.get_by_role("textbox", name="Your name").fill("Ada Lovelace")
    details.get_by_role("textbox", name="Email").fill("ada@example.com")
    page.screenshot(path=output_dir / "desktop-6-after-hours-form.png")
    details.get_by_role("button", name="Send").click()

    expect(dialog.get_by_text("Thanks — we'll email you.")).to_be_visible()
    expect(details).to_be_hidden()
    expect(dialog.locator(".subtitle")).to_have_text("Our team will follow up by email")
    page.screenshot(path=output_dir / "desktop-7-after-hours-thanks.png")

    # Once sent, a reload does not ask again.
    page.reload()
    expect(widget_dialog(page, "E2E Night School").get_by_role("log")).to_contain_text(OFFLINE_LINE)
    expect(widget_dialog(page, "E2E Night School").get_by_role("form", name="Leave your details")).to_be_hidden()
    assert opened.errors == [], opened.errors


def test_the_launcher_works_from_the_keyboard(host_page, open_page, output_dir):
    page = open_page().page
    page.goto(host_page)
    button = launcher(page)
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")

    for _ in range(10):
        page.keyboard.press("Tab")
        if button.evaluate("el => el.getRootNode().activeElement === el"):
            break
    else:
        raise AssertionError("Tab never reached the launcher")
    assert button.evaluate("el => getComputedStyle(el).outlineStyle") != "none", "no visible focus style"
    page.screenshot(path=output_dir / "desktop-1-launcher-focused.png")

    page.keyboard.press("Enter")
    dialog = widget_dialog(page)
    expect(dialog).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    assert button.get_attribute("aria-controls") == dialog.get_attribute("id")
    message_box = dialog.get_by_role("textbox", name="Message")
    expect(message_box).to_be_enabled()
    expect(message_box).to_be_focused()
    expect(dialog.get_by_role("button", name="Send message")).to_be_disabled()
    page.screenshot(path=output_dir / "desktop-2-open.png")

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    assert button.evaluate("el => el.getRootNode().activeElement === el"), "focus did not return to the launcher"


def test_a_message_that_failed_to_send_is_retried_with_the_same_client_id(host_page, open_page, output_dir):
    page = open_page().page
    page.goto(host_page)
    launcher(page).click()
    dialog = widget_dialog(page)
    log = dialog.get_by_role("log")

    attempted: list[str] = []

    def inject_network_failure(route):
        """Fault injection: every message POST fails as if the network were down; reads go through."""
        if route.request.method == "POST":
            attempted.append(json.loads(route.request.post_data)["clientMessageId"])
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(re.compile(r"/widget/v1/conversations/[^/]+/messages$"), inject_network_failure)
    send(page, "Do certificates expire?")
    # The widget keeps retrying by itself; after three tries the line also offers "retry now".
    retry = dialog.get_by_role("button", name="Not sent yet — retry now")
    expect(retry).to_be_visible(timeout=15_000)
    expect(log.locator(".line-customer.is-pending .bubble")).to_have_text("Do certificates expire?")
    expect(dialog.locator(".send-status")).to_have_text("Reconnecting… your message will be sent")
    page.screenshot(path=output_dir / "desktop-3-not-sent.png")
    assert len(attempted) >= 3 and len(set(attempted)) == 1, attempted

    page.unroute(re.compile(r"/widget/v1/conversations/[^/]+/messages$"))
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/messages")) as request:
        retry.click()
    assert json.loads(request.value.post_data)["clientMessageId"] == attempted[0]
    expect(log.locator(".line-customer[data-seq] .bubble")).to_have_text("Do certificates expire?")
    expect(log.locator(".line-customer.is-failed, .line-customer.is-pending")).to_have_count(0)
    expect(dialog.locator(".send-status")).to_be_hidden()
    expect(log.locator(".line-ai[data-seq]").first.locator(".sources")).to_contain_text(
        "From: Certificates", timeout=ANSWER_TIMEOUT_MS
    )


def test_a_send_answered_503_is_retried_after_retry_after_and_stored_once(switchboard, host_page, open_page, output_dir):
    """While PostgreSQL restarts the server answers writes 503 with Retry-After; the widget waits
    that long, says so calmly, keeps the message and resends it with the same clientMessageId.
    (The 503s are simulated in the browser: this checks the widget's side only.)"""
    page = open_page().page
    page.goto(host_page)
    launcher(page).click()
    dialog = widget_dialog(page)
    log = dialog.get_by_role("log")
    expect(dialog.get_by_role("textbox", name="Message")).to_be_enabled()

    attempts: list[tuple[float, str]] = []
    unavailable = json.dumps({"error": {"code": "database_unavailable",
                                        "message": "The service is restarting. Try again in a moment."}})

    def inject_503s_then_a_network_failure(route):
        """Fault injection: two 503s with Retry-After, then one dropped request, then the real server."""
        if route.request.method != "POST":
            route.continue_()
            return
        attempts.append((time.monotonic(), json.loads(route.request.post_data)["clientMessageId"]))
        if len(attempts) <= 2:
            # What the server's CORS layer adds, so the page may read Retry-After.
            route.fulfill(status=503, headers={"Retry-After": "2", "Access-Control-Allow-Origin": switchboard.host_origin,
                                               "Access-Control-Expose-Headers": "Retry-After, X-Request-Id", "Vary": "Origin"},
                          content_type="application/json", body=unavailable)
        elif len(attempts) == 3:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(re.compile(r"/widget/v1/conversations/[^/]+/messages$"), inject_503s_then_a_network_failure)
    text = f"Is there a student discount? {uuid.uuid4().hex[:6]}"
    send(page, text)
    status = dialog.locator(".send-status")
    expect(status).to_have_text("Reconnecting… your message will be sent")
    expect(log.locator(".line-customer.is-pending .bubble")).to_have_text(text)
    expect(dialog.locator(".alert")).to_be_hidden()
    page.screenshot(path=output_dir / "desktop-503-reconnecting.png")

    expect(log.locator(".line-customer[data-seq] .bubble").filter(has_text=text)).to_have_count(1, timeout=20_000)
    expect(status).to_be_hidden()
    expect(log.locator(".line-customer.is-pending, .line-customer.is-failed")).to_have_count(0)
    assert len(attempts) == 4, attempts
    assert len({client_id for _, client_id in attempts}) == 1, attempts
    # Retry-After: 2 was honoured between the 503s.
    assert attempts[1][0] - attempts[0][0] >= 1.9 and attempts[2][0] - attempts[1][0] >= 1.9, attempts

    saved = saved_conversation(page, switchboard.widget_key)
    stored = subprocess.run(
        ["psql", switchboard.admin_db_url, "-XAtc",
         "SELECT count(*) FROM switchboard.messages WHERE conversation_id = '%s' AND body = '%s'"
         % (saved["conversationId"], text)],
        capture_output=True, text=True, check=True).stdout.strip()
    assert stored == "1", stored


def test_polling_keeps_the_chat_going_when_websockets_are_blocked(host_page, open_page, output_dir):
    opened = open_page()
    page = opened.page
    def inject_blocked_websockets(socket):
        """Fault injection: every widget socket is accepted and at once closed, as by a proxy that
        breaks WebSockets."""
        socket.close()

    page.route_web_socket(re.compile(r"/widget/v1/socket"), inject_blocked_websockets)
    page.goto(host_page)
    launcher(page).click()
    dialog = widget_dialog(page)

    send(page, "How do I reset my password?")
    answer = dialog.get_by_role("log").locator(".line-ai[data-seq]").first
    expect(answer.locator(".sources")).to_contain_text("From: Resetting your password", timeout=ANSWER_TIMEOUT_MS)
    # That article has no URL: its title is plain text, not a link.
    expect(answer.locator(".sources a")).to_have_count(0)
    page.screenshot(path=output_dir / "desktop-4-polling.png")
    assert opened.errors == [], opened.errors


def test_a_dropped_socket_reconnects_and_fills_the_gap_without_duplicates(host_page, open_page, output_dir):
    opened = open_page()
    page = opened.page
    sockets = {"block": False, "urls": [], "current": None}

    def inject_socket_drops(socket):
        """Fault injection: sockets are relayed to the real server, and while `block` is set a new
        one fails at once; the test also cuts the current one, as a network failure would."""
        sockets["urls"].append(socket.url)
        if sockets["block"]:
            socket.close()  # this attempt fails, like a network that is still down
            return
        socket.connect_to_server()
        sockets["current"] = socket

    page.route_web_socket(re.compile(r"/widget/v1/socket"), inject_socket_drops)
    page.goto(host_page)
    launcher(page).click()
    dialog = widget_dialog(page)
    log = dialog.get_by_role("log")
    ai_answers = log.locator(".line-ai[data-seq]")

    send(page, "How do I get a refund for my course?")
    expect(ai_answers).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    seen_before_drop = max(int(seq) for seq, _, _ in rendered_transcript(page))

    # The connection drops, and stays down for one reconnect attempt.
    sockets["block"] = True
    sockets["current"].close()
    expect(dialog.get_by_role("status")).to_have_text("Reconnecting…")
    send(page, "Do certificates expire?")  # sent over HTTP; its answer is written while no socket listens
    expect(log.locator(".line-customer[data-seq]")).to_have_count(2)
    attempts = len(sockets["urls"])
    for _ in range(50):
        if len(sockets["urls"]) > attempts:
            break
        page.wait_for_timeout(100)
    assert len(sockets["urls"]) > attempts, "the widget did not try to reconnect"
    expect(ai_answers).to_have_count(1)
    page.screenshot(path=output_dir / "desktop-5-reconnecting.png")

    # The network is back: the next attempt resumes after the last message seen and fills the gap.
    sockets["block"] = False
    expect(ai_answers).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)
    expect(ai_answers.last.locator(".sources")).to_contain_text("From: Certificates")
    expect(dialog.get_by_role("status")).to_be_hidden()
    assert f"after={seen_before_drop}" in sockets["urls"][-1], sockets["urls"][-1]
    seqs = [int(seq) for seq, _, _ in rendered_transcript(page)]
    assert seqs == sorted(set(seqs)) and len(seqs) == 4, seqs
    assert opened.errors == [], opened.errors


def test_a_site_that_is_not_allowed_is_told_why(host_site, open_page):
    page = open_page().page
    # Same page, other origin: http://localhost:PORT is not among the organisation's allowed origins.
    page.goto(host_site.replace("127.0.0.1", "localhost") + "/index.html")
    launcher(page).click()
    dialog = page.get_by_role("dialog", name="Chat")
    expect(dialog.get_by_role("alert")).to_contain_text("not allowed to use this chat widget")
    expect(dialog.get_by_role("textbox", name="Message")).to_be_disabled()
    expect(dialog.get_by_role("button", name="Try again")).to_be_visible()


def test_a_saved_conversation_the_server_no_longer_accepts_is_replaced(switchboard, host_page, open_page):
    opened = open_page()
    page = opened.page
    page.goto(host_page)
    launcher(page).click()
    expect(widget_dialog(page).get_by_role("textbox", name="Message")).to_be_enabled()
    first = saved_conversation(page, switchboard.widget_key)
    page.evaluate(
        """key => {
            const name = 'switchboard.widget.' + key;
            const saved = JSON.parse(localStorage.getItem(name));
            localStorage.setItem(name, JSON.stringify({ ...saved, customerToken: 'no-longer-valid' }));
        }""",
        switchboard.widget_key,
    )
    page.reload()
    dialog = widget_dialog(page)
    expect(dialog.get_by_role("textbox", name="Message")).to_be_enabled()
    expect(dialog.get_by_role("alert")).to_have_count(0)
    replaced = saved_conversation(page, switchboard.widget_key)
    assert replaced["conversationId"] != first["conversationId"]
    send(page, "Do certificates expire?")
    expect(dialog.get_by_role("log").locator(".line-ai[data-seq]")).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    assert opened.errors == [], opened.errors
