"""The agent's day in the console, signed in through a real OpenID Connect provider
(oidc-provider-mock) in Debian's Chromium, with a customer in a second browser context using the
widget on another site: sign in → display name shown and overridden → the customer asks for a
person → the console notifies → take over → the widget shows "‹name› joined" → reply → flag the AI
answer and a follow-up (still saved after a reload) → close through the checklist → Follow-up →
completed → Closed. Also: the test plan's count, the playbook inserting an answer, the clean-up
preview matching what is removed, and markup from a customer staying text.

Screenshots of the main screens land in Tests/e2e/output/console-*.png.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import uuid
from collections.abc import Iterator

import pytest
import requests
from oidc_provider_mock import run_server_in_thread
from playwright.sync_api import Browser, BrowserContext, Page, expect

from conftest import Switchboard
from test_widget import ANSWER_TIMEOUT_MS, send, widget_dialog

ROLE_CLAIM = "switchboard_role"

# Records every browser notification the console raises (permission is granted to the context).
# The console notifies only when its tab is in the background (in front it beeps), so the page
# is told it is hidden, as if the agent were working in another tab.
RECORD_NOTIFICATIONS = """
Object.defineProperty(document, "visibilityState", { get: () => "hidden" });
window.__notifications = [];
const Original = window.Notification;
if (Original) {
    window.Notification = class extends Original {
        constructor(title, options) { super(title, options); window.__notifications.push(title); }
        static get permission() { return Original.permission; }
        static requestPermission() { return Original.requestPermission(); }
    };
}
"""


@pytest.fixture(scope="module")
def provider(switchboard: Switchboard) -> Iterator[str]:
    """A running OpenID provider configured as E2E Academy's single sign-on; yields its issuer."""
    with run_server_in_thread(require_nonce=True) as server:
        issuer = f"http://localhost:{server.server_port}"
        with tempfile.NamedTemporaryFile("w", suffix=".secret", delete=False) as secret_file:
            secret_file.write("journey-client-secret\n")
        try:
            result = subprocess.run(
                [os.environ["SWITCHBOARD_BIN"], "org", "sso", "--org", "e2e", "--issuer", issuer,
                 "--client-id", "switchboard-journey", "--client-secret-file", secret_file.name,
                 "--role-claim", ROLE_CLAIM, "--database-url", switchboard.app_db_url],
                env={**os.environ, "SWITCHBOARD_SECRET": switchboard.secret},
                capture_output=True, text=True, timeout=60,
            )
            assert result.returncode == 0, result.stderr
        finally:
            os.unlink(secret_file.name)
        yield issuer


def provider_user(issuer: str, sub: str, **claims: object) -> None:
    response = requests.put(f"{issuer}/users/{sub}", json=claims, timeout=10)
    assert response.status_code == 204, response.text


def sign_in(browser: Browser, switchboard: Switchboard, sub: str) -> tuple[BrowserContext, Page]:
    """A fresh browser that opens the console, is sent to the provider, approves, and comes back."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.grant_permissions(["notifications"], origin=switchboard.base_url)
    context.add_init_script(RECORD_NOTIFICATIONS)
    page = context.new_page()
    page.on("dialog", lambda dialog: (_ for _ in ()).throw(AssertionError(f"unexpected dialog: {dialog.message}")))
    page.goto(f"{switchboard.base_url}/console")
    # Not signed in: the console sends the browser to the sign-in page, which offers the organisation.
    page.wait_for_url("**/console/login**")
    page.goto(f"{switchboard.base_url}/console/login?org=e2e")
    page.get_by_role("link", name="Sign in with E2E Academy").or_(
        page.get_by_role("button", name="Sign in with E2E Academy")).click()
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{switchboard.base_url}/console**")
    expect(page.get_by_test_id("connection-state")).to_have_attribute("data-state", "live", timeout=15_000)
    return context, page


def open_group(page: Page, group: str) -> None:
    page.get_by_test_id(f"group-{group}").click()


def row(page: Page, conversation_id: str):
    return page.locator(f'[data-testid="conversation-row"][data-conversation-id="{conversation_id}" i]')


def test_an_agent_takes_a_customer_from_the_ai_to_closed(
    switchboard: Switchboard, provider: str, browser: Browser, host_page: str, output_dir
) -> None:
    provider_user(provider, "dana-1", name="Dana Whitfield", email="dana@e2e.example", **{ROLE_CLAIM: "agent"})
    context, console = sign_in(browser, switchboard, "dana-1")

    # The name comes from the sign-in and can be overridden; customers will see the override.
    expect(console.get_by_test_id("agent-name")).to_have_text("Dana Whitfield")
    expect(console.get_by_test_id("agents-online")).to_contain_text("Dana Whitfield")
    console.get_by_test_id("nav-profile").click()
    expect(console.get_by_text("Pulled from your E2E Academy sign-in")).to_be_visible()
    console.get_by_test_id("display-name").fill("Dee")
    console.get_by_test_id("display-name-save").click()
    expect(console.get_by_test_id("agent-name")).to_have_text("Dee")
    console.screenshot(path=output_dir / "console-1-profile.png")
    console.get_by_test_id("nav-conversations").click()

    # The customer, in another browser, asks the AI and then for a person.
    customer_context = browser.new_context(viewport={"width": 1280, "height": 800})
    customer = customer_context.new_page()
    customer.goto(host_page)
    customer.get_by_role("button", name="Open chat").click()
    dialog = widget_dialog(customer)
    send(customer, "How do I get a refund for my course?")
    expect(dialog.locator(".line-ai[data-seq]").first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    dialog.get_by_role("button", name="Talk to a person").click()
    dialog.get_by_role("textbox", name="What do you need help with?").fill("My refund has not arrived")
    dialog.locator(".handoff-form").get_by_role("button", name="Send").click()
    conversation_id = customer.evaluate(
        "key => JSON.parse(localStorage.getItem('switchboard.widget.' + key)).conversationId", switchboard.widget_key)

    # The console hears it at once: the chat is under "Needs human" and a notification went out.
    open_group(console, "needs")
    waiting = row(console, conversation_id)
    expect(waiting).to_be_visible(timeout=10_000)
    console.wait_for_function("() => window.__notifications.length > 0", timeout=10_000)
    console.screenshot(path=output_dir / "console-2-needs-human.png")

    # Take over: the AI pauses and the customer sees the chosen name join.
    waiting.click()
    expect(console.get_by_test_id("transcript")).to_contain_text("How do I get a refund for my course?")
    expect(console.get_by_test_id("message-articles").first).to_contain_text("Refund policy")
    console.get_by_test_id("take-over").click()
    expect(console.get_by_test_id("conversation-mode")).to_contain_text("Live")
    expect(dialog.get_by_role("log")).to_contain_text("Dee joined", timeout=10_000)

    console.get_by_test_id("reply-box").fill("Hi, I am checking your refund now.")
    console.get_by_test_id("send").click()
    expect(dialog.get_by_role("log").locator(".line-agent .bubble").last).to_have_text(
        "Hi, I am checking your refund now.", timeout=10_000)

    # Markup from the customer is text in the console, as in the widget.
    hostile = "<img src=x onerror=alert(1)>"
    send(customer, hostile)
    last_customer_line = console.locator('[data-testid="message"][data-author="customer"]').last
    expect(last_customer_line).to_contain_text(hostile, timeout=10_000)
    expect(console.get_by_test_id("transcript").locator("img")).to_have_count(0)

    # Review flags save the moment they change and survive a reload.
    console.get_by_test_id("qa-incorrect").check()
    console.get_by_test_id("qa-correction-note").fill("Refunds take 5 to 10 business days, not 3.")
    console.get_by_test_id("qa-correction-note").blur()
    expect(console.get_by_test_id("qa-saved")).to_contain_text("Saved")
    console.get_by_test_id("followup-needed").check()
    console.get_by_test_id("followup-note").fill("Call the bank about the refund")
    console.get_by_test_id("followup-note").blur()
    expect(console.get_by_test_id("followup-saved")).to_contain_text("Saved")
    console.screenshot(path=output_dir / "console-3-live-with-flags.png")
    console.reload()
    expect(console.get_by_test_id("qa-incorrect")).to_be_checked(timeout=10_000)
    expect(console.get_by_test_id("qa-correction-note")).to_have_value("Refunds take 5 to 10 business days, not 3.")
    expect(console.get_by_test_id("followup-needed")).to_be_checked()
    expect(console.get_by_test_id("followup-note")).to_have_value("Call the bank about the refund")

    # Closing needs the "chat reviewed" confirmation; the open follow-up then holds it in Follow-up.
    console.get_by_test_id("close-chat").click()
    close_dialog = console.get_by_test_id("close-dialog")
    expect(close_dialog).to_be_visible()
    expect(close_dialog).to_contain_text("Before you close this chat")
    expect(console.get_by_test_id("close-confirm")).to_be_disabled()
    console.get_by_test_id("close-reviewed").check()
    console.screenshot(path=output_dir / "console-4-close-checklist.png")
    console.get_by_test_id("close-confirm").click()
    expect(console.get_by_test_id("conversation-mode")).to_contain_text("Follow-up", timeout=10_000)

    # Completing the follow-up records who and closes the chat.
    console.get_by_test_id("followup-done").check()
    console.get_by_test_id("followup-resolution-note").fill("Bank confirmed the refund went out")
    console.get_by_test_id("followup-complete").click()
    expect(console.get_by_test_id("conversation-mode")).to_contain_text("Closed", timeout=10_000)
    open_group(console, "closed")
    expect(row(console, conversation_id)).to_be_visible(timeout=10_000)

    # The needs-correction queue lists the flagged chat.
    console.get_by_test_id("nav-queues").click()
    expect(console.get_by_test_id("queue-corrections")).to_contain_text("Refunds take 5 to 10 business days, not 3.")
    console.screenshot(path=output_dir / "console-5-queues.png")

    review = requests.get(
        f"{switchboard.base_url}/console/api/conversations/{conversation_id}",
        headers={"Authorization": f"Bearer {switchboard.agent_token}"}, timeout=15).json()["review"]
    assert review["flaggedIncorrect"] and review["followupDone"]
    assert review["followupDoneBy"] == "Dee" and review["flaggedBy"] == "Dee"
    context.close()
    customer_context.close()


def test_the_test_plan_count_follows_pass_and_fail(
    switchboard: Switchboard, provider: str, browser: Browser, output_dir
) -> None:
    provider_user(provider, "sam-1", name="Sam Supervisor", email="sam@e2e.example", **{ROLE_CLAIM: "supervisor"})
    context, console = sign_in(browser, switchboard, "sam-1")
    console.get_by_test_id("nav-test-plan").click()
    titles = [f"Journey check {n} {uuid.uuid4().hex[:6]}" for n in range(2)]
    for title in titles:
        console.get_by_test_id("testplan-add").click()
        console.get_by_label("Title").fill(title)
        console.get_by_label("Steps").fill("Ask the widget about refunds")
        console.get_by_label("Expected result").fill("The refund article answers")
        console.get_by_role("button", name="Save").click()
        expect(console.get_by_test_id("testplan-item").filter(has_text=title)).to_be_visible()
    progress = console.get_by_test_id("testplan-progress")
    total = len(requests.get(
        f"{switchboard.base_url}/console/api/test-plan",
        headers={"Authorization": f"Bearer {switchboard.agent_token}"}, timeout=15).json()["items"])
    passed_before = int(progress.inner_text().split("/")[0].strip())
    first = console.get_by_test_id("testplan-item").filter(has_text=titles[0])
    first.get_by_test_id("testplan-pass").click()
    expect(progress).to_contain_text(f"{passed_before + 1} / {total} passed")
    second = console.get_by_test_id("testplan-item").filter(has_text=titles[1])
    second.get_by_test_id("testplan-note").fill("Answered from the wrong article")
    second.get_by_test_id("testplan-fail").click()
    expect(progress).to_contain_text(f"{passed_before + 1} / {total} passed")
    expect(second.get_by_test_id("testplan-result")).to_contain_text("Fail")
    first.get_by_test_id("testplan-fail").click()
    expect(progress).to_contain_text(f"{passed_before} / {total} passed")
    console.screenshot(path=output_dir / "console-6-test-plan.png")
    context.close()


def test_a_playbook_answer_goes_into_the_reply_box(
    switchboard: Switchboard, provider: str, browser: Browser, output_dir
) -> None:
    provider_user(provider, "sam-1", name="Sam Supervisor", email="sam@e2e.example", **{ROLE_CLAIM: "supervisor"})
    context, console = sign_in(browser, switchboard, "sam-1")
    phrase = f"Where is my certificate {uuid.uuid4().hex[:6]}"
    answer = "Your certificate is under Account, then Certificates, as a PDF."
    console.get_by_test_id("nav-playbook").click()
    console.get_by_test_id("playbook-add").click()
    console.get_by_role("textbox", name="Section", exact=True).fill("Certificates")
    console.get_by_role("textbox", name="Customer phrase", exact=True).fill(phrase)
    console.get_by_role("textbox", name="Answer", exact=True).fill(answer)
    console.get_by_role("textbox", name="Owner", exact=True).fill("Support Team")
    console.get_by_role("button", name="Save").click()
    expect(console.get_by_test_id("playbook-entry").filter(has_text=phrase)).to_be_visible()

    # A live chat of Sam's, so there is a reply box to insert into.
    started = requests.post(
        f"{switchboard.base_url}/widget/v1/conversations", json={"widgetKey": switchboard.widget_key},
        headers={"Origin": switchboard.host_origin}, timeout=15).json()
    console.get_by_test_id("nav-conversations").click()
    open_group(console, "active")
    row(console, started["conversationId"]).click()
    console.get_by_test_id("take-over").click()
    expect(console.get_by_test_id("reply-box")).to_be_enabled()
    console.get_by_test_id("side-tab-playbook").click()
    console.get_by_test_id("side-playbook-search").fill(phrase[-6:])
    entry = console.get_by_test_id("side-playbook-entry").filter(has_text=phrase)
    expect(entry).to_have_count(1)
    expect(entry.get_by_test_id("side-playbook-owner")).to_contain_text("Support Team")
    entry.get_by_test_id("side-playbook-insert").click()
    expect(console.get_by_test_id("reply-box")).to_have_value(answer)
    console.screenshot(path=output_dir / "console-7-playbook-insert.png")
    context.close()


def test_the_clean_up_preview_matches_what_is_removed(
    switchboard: Switchboard, provider: str, browser: Browser, output_dir
) -> None:
    provider_user(provider, "ada-1", name="Ada Admin", email="ada@e2e.example", **{ROLE_CLAIM: "admin"})
    admin = {"Authorization": f"Bearer {switchboard.agent_token}"}
    # Two finished chats to clean up, whatever ran before: Carol takes each over and closes it.
    for _ in range(2):
        started = requests.post(
            f"{switchboard.base_url}/widget/v1/conversations", json={"widgetKey": switchboard.widget_key},
            headers={"Origin": switchboard.host_origin}, timeout=15).json()
        switchboard.agent("POST", f"/conversations/{started['conversationId']}/take-over", {"expectedOwnerId": None})
        switchboard.agent("POST", f"/conversations/{started['conversationId']}/close",
                          {"chatReviewed": True, "kbNeedsUpdate": False})
    context, console = sign_in(browser, switchboard, "ada-1")
    console.get_by_test_id("nav-settings").click()
    console.get_by_test_id("cleanup-date").fill("2100-01-01")
    console.get_by_test_id("cleanup-preview").click()
    count_text = console.get_by_test_id("cleanup-count")
    expect(count_text).to_contain_text("conversation")
    count = int("".join(ch for ch in count_text.inner_text().split()[0] if ch.isdigit()) or 0)
    # The same figure as a plain count over the organisation's closed and archived chats.
    expected = subprocess.run(
        ["psql", switchboard.admin_db_url, "-XAtc",
         "SELECT count(*) FROM switchboard.conversations WHERE org_id = '%s' "
         "AND mode IN ('closed', 'archived') AND closed_at < '2100-01-01'" % switchboard.org_id],
        capture_output=True, text=True, check=True).stdout.strip()
    assert count == int(expected) and count >= 1, (count, expected)
    console.get_by_test_id("cleanup-confirmation").fill(f"delete {count}")
    console.screenshot(path=output_dir / "console-8-cleanup.png")
    console.get_by_test_id("cleanup-confirm").click()
    expect(console.get_by_test_id("cleanup-result")).to_contain_text(str(count))
    remaining = subprocess.run(
        ["psql", switchboard.admin_db_url, "-XAtc",
         "SELECT count(*) FROM switchboard.conversations WHERE org_id = '%s' "
         "AND mode IN ('closed', 'archived')" % switchboard.org_id],
        capture_output=True, text=True, check=True).stdout.strip()
    assert remaining == "0"
    # Carol's bearer token is an agent's: the admin API refuses her.
    assert requests.get(f"{switchboard.base_url}/console/api/admin/agents", headers=admin, timeout=15).status_code == 403

    # The admin makes Carol a supervisor from the Team card; the audit log then shows both changes.
    carol = console.get_by_test_id("team-member").filter(has_text="Carol Mendes")
    carol.get_by_test_id("team-role").select_option("supervisor")
    expect(carol.get_by_test_id("team-saved")).to_contain_text("Saved")
    me = requests.get(f"{switchboard.base_url}/console/api/me", headers=admin, timeout=15).json()
    assert me["agent"]["role"] == "supervisor"
    console.reload()
    audit = console.get_by_test_id("audit")
    expect(audit.get_by_test_id("audit-entry").first).to_be_visible(timeout=10_000)
    actions = audit.get_by_test_id("audit-entry").all_inner_texts()
    assert any("Ada Admin" in row and "cleanup" in row.lower() for row in actions), actions
    assert any("Ada Admin" in row and "role" in row.lower() for row in actions), actions
    console.get_by_test_id("team").screenshot(path=output_dir / "console-9-team.png")
    audit.screenshot(path=output_dir / "console-10-audit-log.png")
    context.close()
