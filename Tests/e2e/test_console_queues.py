"""Every review queue lists exactly what its flag holds, through the browser: for each flag of the
details panel ("AI answered incorrectly" → Needs correction, "Knowledge base needs updating" →
KB review, "Needs follow-up" → Follow-up), ticking it with a note puts the chat in its queue, a
close with only "Chat reviewed" keeps it there, and unticking it takes it out.
Screenshots land in Tests/e2e/output/console-queue-*.png."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from test_console_hardening import console, live_chat  # noqa: F401 - the fixture is used by name

# flag toggle, its note, its "Saved" indicator, the queue and the queue's rows.
FLAGS = {
    "incorrect": ("qa-incorrect", "qa-correction-note", "qa-saved", "queue-corrections", "correction-item"),
    "kb": ("qa-kb", "qa-kb-note", "kb-saved", "queue-kb", "kb-item"),
    "followup": ("followup-needed", "followup-note", "followup-saved", "queue-followups", "followup-item"),
}


def queue_rows(page: Page, queue: str, item: str, note: str):
    page.get_by_test_id("nav-queues").click()
    return page.get_by_test_id(queue).get_by_test_id(item).filter(has_text=note)


def open_chat(page: Page, base_url: str, conversation_id: str, toggle: str) -> None:
    page.goto(f"{base_url}/console#/conversations/{conversation_id}")
    expect(page.get_by_test_id("conversation-mode")).to_be_visible()
    expect(page.get_by_test_id(toggle)).to_be_enabled()


@pytest.mark.parametrize("flag", FLAGS)
def test_a_flag_puts_the_chat_in_its_queue_until_it_is_unticked(flag, switchboard, console, output_dir):  # noqa: F811
    toggle, note_field, saved, queue, item = FLAGS[flag]
    conversation_id = live_chat(switchboard, f"Do certificates expire? ({flag})")
    note = f"{flag} note {uuid.uuid4().hex[:8]}"
    page, errors = console(switchboard.agent_token)
    open_chat(page, switchboard.base_url, conversation_id, toggle)

    page.get_by_test_id(toggle).check()
    expect(page.get_by_test_id(saved)).to_have_text("Saved")
    with page.expect_response(lambda r: r.request.method in ("PUT", "POST", "PATCH") and note in (r.request.post_data or "")):
        page.get_by_test_id(note_field).fill(note)
    expect(page.get_by_test_id(saved)).to_have_text("Saved")
    rows = queue_rows(page, queue, item, note)
    expect(rows).to_have_count(1)
    # The row names the customer (a visitor without a name by the start of the chat's id), never "Open chat".
    expect(rows.get_by_role("button", name=f"Visitor {conversation_id[:8]}")).to_have_count(1)

    # A close with only "Chat reviewed" keeps the flag, and the chat stays in its queue.
    open_chat(page, switchboard.base_url, conversation_id, toggle)
    page.get_by_test_id("close-chat").click()
    dialog = page.get_by_test_id("close-dialog")
    dialog.get_by_test_id("close-reviewed").check()
    dialog.get_by_test_id("close-confirm").click()
    expect(dialog).to_be_hidden()
    rows = queue_rows(page, queue, item, note)
    expect(rows).to_have_count(1)
    page.screenshot(path=str(output_dir / f"console-queue-{flag}.png"))

    # Unticked, it leaves the queue.
    open_chat(page, switchboard.base_url, conversation_id, toggle)
    expect(page.get_by_test_id(toggle)).to_be_checked()
    page.get_by_test_id(toggle).uncheck()
    expect(page.get_by_test_id(saved)).to_have_text("Saved")
    expect(queue_rows(page, queue, item, note)).to_have_count(0)
    assert errors == []
