"""Internal notes in a real browser against a real server: Carol writes a note with an @mention in
the chat she handles; it shows in her transcript marked "Internal note" (its text as text), Dave's
console tells him he was mentioned and opens the chat at the note, and the customer's widget never
shows it, not even after a reload. Checked at 1440 px and 360 px.
Screenshots land in Tests/e2e/output/notes-*.png."""

from __future__ import annotations

import os
import subprocess
import uuid

import pytest
from playwright.sync_api import expect

from test_console_hardening import console  # noqa: F401 - the fixture is used by name
from test_widget import launcher, saved_conversation, send, widget_dialog


@pytest.fixture(scope="module")
def dave_token(switchboard) -> str:
    """A bearer token for Dave, a second agent of E2E Academy."""
    result = subprocess.run(
        [os.environ["SWITCHBOARD_BIN"], "agent", "token", "--org", "e2e", "--email", "dave@e2e.example",
         "--name", "Dave Okafor", "--database-url", switchboard.app_db_url],
        env={**os.environ, "SWITCHBOARD_SECRET": switchboard.secret}, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].strip()


@pytest.mark.parametrize("width,height", [(1440, 900), (360, 740)])
def test_a_note_with_a_mention_reaches_the_team_and_never_the_customer(width, height, switchboard, host_page, open_page,
                                                                          console, dave_token, output_dir):  # noqa: F811
    customer = open_page().page
    customer.goto(host_page)
    launcher(customer).click()
    send(customer, f"My certificate has the wrong name {uuid.uuid4().hex[:6]}")
    conversation_id = saved_conversation(customer, switchboard.widget_key)["conversationId"]
    switchboard.agent("POST", f"/conversations/{conversation_id}/take-over", {"expectedOwnerId": None})

    dave, dave_errors = console(dave_token, width=1440, height=900)
    carol, errors = console(switchboard.agent_token, width=width, height=height)
    carol.goto(f"{switchboard.base_url}/console#/conversations/{conversation_id}")
    expect(carol.get_by_test_id("close-chat")).to_be_visible()

    secret = f"@Dave please fix the name on <i>the certificate</i> {uuid.uuid4().hex[:6]}"
    carol.get_by_test_id("note-box").fill(secret)
    carol.get_by_test_id("add-note").click()
    note = carol.get_by_test_id("transcript").get_by_test_id("note")
    expect(note).to_have_count(1)
    expect(note).to_contain_text("Internal note \u00b7 Carol Mendes")
    expect(note.locator(".message-body")).to_have_text(secret)
    assert note.locator("i").count() == 0, "the note was rendered as markup"
    expect(carol.get_by_test_id("note-box")).to_have_value("")
    note.scroll_into_view_if_needed()
    carol.screenshot(path=str(output_dir / f"notes-carol-{width}.png"))

    # Dave is told, and the notice opens the chat with the note in it.
    notice = dave.get_by_test_id("mention-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Carol Mendes mentioned you in a note")
    dave.screenshot(path=str(output_dir / "notes-dave-mentioned.png"))
    dave.get_by_test_id("mention-open").click()
    expect(dave.get_by_test_id("transcript").get_by_test_id("note").locator(".message-body")).to_have_text(secret)

    # The customer gets Carol's next message, never the note, live or after a reload.
    switchboard.agent("POST", f"/conversations/{conversation_id}/messages",
                      {"body": "We're fixing it now", "clientMessageId": str(uuid.uuid4())})
    log = widget_dialog(customer).get_by_role("log")
    expect(log.locator(".line-agent .bubble")).to_have_text("We're fixing it now")
    assert "fix the name" not in log.inner_text()
    customer.reload()
    expect(widget_dialog(customer).get_by_role("log").locator(".line-agent .bubble")).to_have_text("We're fixing it now")
    assert "fix the name" not in customer.content()
    assert errors == [] and dave_errors == []
