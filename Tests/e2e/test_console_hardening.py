"""Issue 18 in the console, in a real browser against a real `switchboard serve`: nothing an agent
set is lost at close (the checklist starts from the stored knowledge-base flag and a close with
only "Chat reviewed" keeps it and its note), the admin page's API keys (create, the secret shown
once and working on /api/v1, listed by prefix, revoked → 401) at 1440 and 360 px, the AI switch
saving at once with "Saved", and the Closed and Archived group counts matching the database.

The console signs in with a bearer token (Carol's, or an admin's made with `agent token --role
admin`), as test_console.py does, and talks to the real server only; the one interception is the
503 fault injection of the reply test. Screenshots land in Tests/e2e/output/console-hardening-*.png.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import uuid

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from conftest import Switchboard
from test_console import row, start_conversation


def _psql(switchboard: Switchboard, sql: str) -> str:
    return subprocess.run(["psql", switchboard.admin_db_url, "-XAtc", sql],
                          capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture(scope="module")
def admin_token(switchboard: Switchboard) -> str:
    """A bearer token for Kim, an administrator of E2E Academy."""
    result = subprocess.run(
        [os.environ["SWITCHBOARD_BIN"], "agent", "token", "--org", "e2e", "--email", "kim@e2e.example",
         "--name", "Kim Keys", "--role", "admin", "--database-url", switchboard.app_db_url],
        env={**os.environ, "SWITCHBOARD_SECRET": switchboard.secret}, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].strip()


@pytest.fixture
def console(browser: Browser, switchboard: Switchboard):
    """Opens the console with a bearer token: `console(token, width=…, height=…)`."""
    contexts = []

    def open_(token: str, width: int = 1440, height: int = 900) -> tuple[Page, list[str]]:
        me = requests.get(f"{switchboard.base_url}/console/api/me",
                          headers={"Authorization": f"Bearer {token}"}, timeout=15)
        assert me.status_code == 200, me.text
        context = browser.new_context(viewport={"width": width, "height": height},
                                      extra_http_headers={"Authorization": f"Bearer {token}"})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(f"{switchboard.base_url}/console")
        expect(page.get_by_test_id("connection-state")).to_have_text("Live")
        return page, errors

    yield open_
    for context in contexts:
        context.close()


def as_agent(switchboard: Switchboard, token: str, method: str, path: str, body: dict | None = None) -> requests.Response:
    return requests.request(method, f"{switchboard.base_url}/console/api{path}", json=body,
                            headers={"Authorization": f"Bearer {token}"}, timeout=15)


def eventually(check, what: str, seconds: float = 10) -> None:
    """Waits for a condition the server reaches in the background (a debounced save, a usage flush)."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.2)


def live_chat(switchboard: Switchboard, question: str) -> str:
    """A customer's chat that Carol has taken over."""
    conversation_id, _ = start_conversation(switchboard, question)
    switchboard.agent("POST", f"/conversations/{conversation_id}/take-over", {"expectedOwnerId": None})
    return conversation_id


def test_closing_with_only_chat_reviewed_keeps_the_knowledge_base_flag_and_its_note(switchboard, console, output_dir):
    conversation_id = live_chat(switchboard, "Do certificates expire?")
    note = f"Certificates: say they never expire ({uuid.uuid4().hex[:8]})"
    page, errors = console(switchboard.agent_token)
    page.goto(f"{switchboard.base_url}/console#/conversations/{conversation_id}")
    expect(page.get_by_test_id("take-over").or_(page.get_by_test_id("close-chat"))).to_be_visible()

    page.get_by_test_id("qa-kb").check()
    expect(page.get_by_test_id("kb-saved")).to_have_text("Saved")
    with page.expect_response(lambda r: r.request.method == "PUT" and r.url.endswith("/kb-update") and note in (r.request.post_data or "")):
        page.get_by_test_id("qa-kb-note").fill(note)
    expect(page.get_by_test_id("kb-saved")).to_have_text("Saved")
    stored = switchboard.agent("GET", f"/conversations/{conversation_id}").json()["review"]
    assert stored["kbUpdateNeeded"] and stored["kbNote"] == note, stored

    # The checklist shows the flag as set; the agent ticks only "Chat reviewed".
    page.get_by_test_id("close-chat").click()
    dialog = page.get_by_test_id("close-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_test_id("close-kb")).to_be_checked()
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/close")) as close_request:
        dialog.get_by_test_id("close-reviewed").check()
        page.screenshot(path=str(output_dir / "console-hardening-close-checklist.png"))
        dialog.get_by_test_id("close-confirm").click()
    expect(dialog).to_be_hidden()
    # Nothing changed in the checklist's KB box, so the close did not send it.
    assert json.loads(close_request.value.post_data) == {"chatReviewed": True}
    expect(page.get_by_test_id("conversation-mode")).to_have_text("Closed")

    page.reload()
    expect(page.get_by_test_id("connection-state")).to_have_text("Live")
    expect(page.get_by_test_id("qa-kb")).to_be_checked()
    expect(page.get_by_test_id("qa-kb-note")).to_have_value(note)
    review = switchboard.agent("GET", f"/conversations/{conversation_id}").json()["review"]
    assert review["kbUpdateNeeded"] is True and review["kbNote"] == note, review

    page.get_by_test_id("nav-queues").click()
    kb_queue = page.get_by_test_id("queue-kb")
    expect(kb_queue.get_by_test_id("kb-item").filter(has_text=note)).to_have_count(1)
    assert errors == []


def test_unticking_the_flag_in_the_checklist_clears_it(switchboard, console):
    conversation_id = live_chat(switchboard, "How do refunds work?")
    switchboard.agent("PUT", f"/conversations/{conversation_id}/kb-update", {"kbUpdateNeeded": True, "note": "Refund days"})
    page, errors = console(switchboard.agent_token)
    page.goto(f"{switchboard.base_url}/console#/conversations/{conversation_id}")
    page.get_by_test_id("close-chat").click()
    dialog = page.get_by_test_id("close-dialog")
    expect(dialog.get_by_test_id("close-kb")).to_be_checked()
    dialog.get_by_test_id("close-kb").uncheck()
    dialog.get_by_test_id("close-reviewed").check()
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/close")) as close_request:
        dialog.get_by_test_id("close-confirm").click()
    expect(dialog).to_be_hidden()
    assert json.loads(close_request.value.post_data) == {"chatReviewed": True, "kbNeedsUpdate": False}
    expect(page.get_by_test_id("qa-kb")).not_to_be_checked()
    assert switchboard.agent("GET", f"/conversations/{conversation_id}").json()["review"]["kbUpdateNeeded"] is False
    assert errors == []


@pytest.mark.parametrize("width,height", [(1440, 900), (360, 740)])
def test_an_admin_creates_an_api_key_sees_its_secret_once_and_revokes_it(
    switchboard, console, admin_token, output_dir, width, height
):
    page, errors = console(admin_token, width=width, height=height)
    confirms: list[str] = []

    def on_dialog(dialog):
        confirms.append(dialog.message)
        dialog.accept()

    page.on("dialog", on_dialog)
    page.get_by_test_id("nav-settings").click()
    card = page.get_by_test_id("api-keys")
    expect(card.get_by_test_id("api-key-form")).to_be_visible()
    scopes = card.get_by_test_id("api-key-scope")
    assert sorted(scopes.evaluate_all("boxes => boxes.map(b => b.value)")) == sorted(
        ["conversations:read", "conversations:write", "kb:write", "analytics:read", "admin"])

    name = f"CRM sync <b>{width}</b>"
    card.get_by_test_id("api-key-name").fill(name)
    card.locator('[data-testid="api-key-scope"][data-scope="conversations:read"]').check()
    card.get_by_test_id("api-key-create").click()

    secret_box = card.get_by_test_id("api-key-secret")
    expect(secret_box).to_be_visible()
    expect(secret_box).to_contain_text("you won't see this again")
    expect(card.get_by_test_id("api-key-copy")).to_be_visible()
    secret = card.get_by_test_id("api-key-secret-value").inner_text().strip()
    assert secret.startswith("sk_live_"), secret
    width_now = page.evaluate("document.documentElement.scrollWidth")
    assert width_now <= width, f"the page scrolls sideways ({width_now} px)"
    page.screenshot(path=str(output_dir / f"console-hardening-api-key-{width}.png"), full_page=True)

    # The secret works on the REST API with the scope it was given, and only that one.
    bearer = {"Authorization": f"Bearer {secret}"}
    listed = requests.get(f"{switchboard.base_url}/api/v1/conversations", headers=bearer, timeout=15)
    assert listed.status_code == 200, listed.text
    assert requests.get(f"{switchboard.base_url}/api/v1/webhooks", headers=bearer, timeout=15).status_code == 403

    # Listed by its prefix, name as text (no markup), and "Last used" now filled in.
    prefix = secret.rsplit("_", 1)[0]
    key_row = card.locator(f'[data-testid="api-key"][data-prefix="{prefix}"]')
    expect(key_row).to_have_count(1)
    expect(key_row.get_by_test_id("api-key-prefix")).to_have_text(prefix)
    expect(key_row.get_by_test_id("api-key-scopes")).to_have_text("conversations:read")
    expect(key_row).to_contain_text(name)
    assert key_row.locator("b").count() == 0

    # Dismissed, the secret is gone from the page for good; a reload shows it nowhere either.
    card.get_by_test_id("api-key-secret-done").click()
    expect(secret_box).to_be_hidden()
    page.reload()
    page.get_by_test_id("nav-settings").click()
    expect(card.locator(f'[data-testid="api-key"][data-prefix="{prefix}"]')).to_have_count(1)
    assert secret not in page.content()
    # Uses are written in batches every few seconds; then the list shows when it was last used.
    eventually(lambda: any(k["prefix"] == prefix and k["lastUsedAt"] for k in
                           as_agent(switchboard, admin_token, "GET", "/admin/api-keys").json()["apiKeys"]),
               "the key's use is recorded")
    page.reload()
    page.get_by_test_id("nav-settings").click()
    key_row = card.locator(f'[data-testid="api-key"][data-prefix="{prefix}"]')
    expect(key_row.get_by_test_id("api-key-last-used")).not_to_have_text("Never")

    key_row.get_by_test_id("api-key-revoke").click()
    expect(key_row.get_by_test_id("api-key-state")).to_have_text("Revoked")
    assert len(confirms) == 1 and prefix in confirms[0], confirms
    refused = requests.get(f"{switchboard.base_url}/api/v1/conversations", headers=bearer, timeout=15)
    assert refused.status_code == 401, refused.text
    assert errors == []


def test_an_agent_sees_no_api_keys_card(switchboard, console):
    page, errors = console(switchboard.agent_token)
    page.get_by_test_id("nav-settings").click()
    expect(page.get_by_test_id("settings-ai-enabled")).to_be_visible()
    expect(page.get_by_test_id("api-keys")).to_have_count(0)
    assert as_agent(switchboard, switchboard.agent_token, "GET", "/admin/api-keys").status_code == 403
    assert errors == []


def test_the_ai_switch_saves_at_once(switchboard, console, admin_token):
    def stored() -> str:
        return _psql(switchboard, "SELECT ai_chat_enabled FROM switchboard.organisation_settings "
                                  f"WHERE org_id = '{switchboard.org_id}'")

    assert stored() == "t"
    page, errors = console(admin_token)
    try:
        page.get_by_test_id("nav-settings").click()
        switch = page.get_by_test_id("settings-ai-enabled")
        expect(switch).to_be_checked()
        switch.uncheck()
        expect(page.get_by_test_id("settings-ai-saved")).to_have_text("Saved")
        assert stored() == "f"
        assert as_agent(switchboard, admin_token, "GET", "/settings").json()["aiChatEnabled"] is False

        page.reload()
        page.get_by_test_id("nav-settings").click()
        expect(page.get_by_test_id("settings-ai-enabled")).not_to_be_checked()
        page.get_by_test_id("settings-ai-enabled").check()
        expect(page.get_by_test_id("settings-ai-saved")).to_have_text("Saved")
        assert stored() == "t"
    finally:
        # Every other test expects the AI to answer.
        as_agent(switchboard, admin_token, "PUT", "/settings", {"aiChatEnabled": True})
    assert errors == []


def test_closed_and_archived_counts_match_the_database(switchboard, console, admin_token):
    # At least one of each: Carol closes two chats and Kim archives one of them.
    closed = [live_chat(switchboard, "Can I pay by invoice?") for _ in range(2)]
    for conversation_id in closed:
        switchboard.agent("POST", f"/conversations/{conversation_id}/close", {"chatReviewed": True})
    assert as_agent(switchboard, admin_token, "POST", f"/conversations/{closed[0]}/archive", {}).status_code == 200

    def in_database(mode: str) -> str:
        return _psql(switchboard, "SELECT count(*) FROM switchboard.conversations "
                                  f"WHERE org_id = '{switchboard.org_id}' AND mode = '{mode}'")

    page, errors = console(switchboard.agent_token)
    # Without opening either tab, both show the database's numbers.
    expect(page.get_by_test_id("group-count-closed")).to_have_text(in_database("closed"))
    expect(page.get_by_test_id("group-count-archived")).to_have_text(in_database("archived"))
    assert int(in_database("archived")) >= 1 and int(in_database("closed")) >= 1

    # A chat closed while the console is open moves the count.
    another = live_chat(switchboard, "Do certificates expire?")
    switchboard.agent("POST", f"/conversations/{another}/close", {"chatReviewed": True})
    expect(page.get_by_test_id("group-count-closed")).to_have_text(in_database("closed"))
    page.get_by_test_id("group-closed").click()
    expect(row(page, another)).to_be_visible()
    expect(page.get_by_test_id("group-count-closed")).to_have_text(in_database("closed"))
    assert errors == []


def test_a_reply_answered_503_is_resent_by_itself_and_stored_once(switchboard, console):
    """The console's reply box on a 503 with Retry-After (simulated in the browser, as the server
    answers while PostgreSQL restarts): it waits, says so, keeps the text and sends it once."""
    conversation_id = live_chat(switchboard, "Can I change my course?")
    page, errors = console(switchboard.agent_token)
    attempts: list[tuple[float, str]] = []

    def inject_one_503(route):
        """Fault injection: the first reply POST gets the 503 the server sends while PostgreSQL
        restarts; everything else, the resend included, goes to the real server."""
        if route.request.method != "POST":
            route.continue_()
            return
        attempts.append((time.monotonic(), json.loads(route.request.post_data)["clientMessageId"]))
        if len(attempts) == 1:
            route.fulfill(status=503, headers={"Retry-After": "2"}, content_type="application/json",
                          body=json.dumps({"error": {"code": "database_unavailable", "message": "Restarting."}}))
        else:
            route.continue_()

    page.route(re.compile(r"/console/api/conversations/[^/]+/messages$"), inject_one_503)
    page.goto(f"{switchboard.base_url}/console#/conversations/{conversation_id}")
    reply = page.get_by_test_id("reply-box")
    text = f"Yes, from the course page. ({uuid.uuid4().hex[:6]})"
    reply.fill(text)
    reply.press("Enter")
    expect(page.get_by_test_id("reply-state")).to_have_text("Reconnecting… your reply will be sent")
    expect(reply).to_have_value(text)
    transcript = page.get_by_test_id("transcript")
    expect(transcript.locator('[data-author="agent"]').filter(has_text=text)).to_have_count(1, timeout=15_000)
    expect(reply).to_have_value("")
    expect(page.get_by_test_id("reply-state")).to_be_hidden()
    assert len(attempts) == 2 and attempts[0][1] == attempts[1][1], attempts
    assert attempts[1][0] - attempts[0][0] >= 1.9, attempts
    assert _psql(switchboard, "SELECT count(*) FROM switchboard.messages "
                              f"WHERE conversation_id = '{conversation_id}' AND body = '{text}'") == "1"
    # The 503 itself is not an error the agent must act on.
    expect(page.locator("#alert")).to_be_hidden()
    # Chromium logs the simulated 503 itself; nothing else went wrong.
    assert [e for e in errors if "status of 503" not in e] == [], errors
