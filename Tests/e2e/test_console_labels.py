"""Labels in a real browser against a real server: Carol labels a chat from the details column
("Bug report" is kept as "bug-report"), a bad label is refused with the reason and changes nothing,
a label is removed with its ×, and the list's label filter shows exactly the labelled chats.
Checked at 1440 px and 360 px. Screenshots land in Tests/e2e/output/labels-*.png."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from test_console import start_conversation
from test_console_hardening import console  # noqa: F401 - the fixture is used by name


@pytest.mark.parametrize("width,height", [(1440, 900), (360, 740)])
def test_an_agent_labels_a_chat_and_filters_by_the_label(width, height, switchboard, console, output_dir):  # noqa: F811
    tag = uuid.uuid4().hex[:6]
    labelled, _ = start_conversation(switchboard, f"The app crashes when I upload {tag}")
    start_conversation(switchboard, f"Do certificates expire? {tag}")
    page, errors = console(switchboard.agent_token, width=width, height=height)
    page.goto(f"{switchboard.base_url}/console#/conversations/{labelled}")
    box = page.get_by_test_id("label-input")
    chips = page.get_by_test_id("labels").locator("[data-testid=label] > span")

    box.fill(f"Bug report {tag}")
    page.get_by_test_id("label-add").click()
    expect(chips).to_have_text([f"bug-report-{tag}"])
    box.fill("<b>nope</b>")
    page.get_by_test_id("label-add").click()
    expect(page.get_by_test_id("label-error")).to_contain_text("A label is 1 to 40")
    expect(chips).to_have_count(1)
    box.fill(f"vip{tag}")
    page.get_by_test_id("label-add").click()
    expect(chips).to_have_text([f"bug-report-{tag}", f"vip{tag}"])
    page.screenshot(path=str(output_dir / f"labels-details-{width}.png"))
    page.get_by_role("button", name=f"Remove label vip{tag}").click()
    expect(chips).to_have_text([f"bug-report-{tag}"])

    # The list's filter: only the labelled chat. Its row previews the latest message (the AI's reply).
    page.goto(f"{switchboard.base_url}/console#/conversations")
    expect(page.locator(f'[data-conversation-id="{labelled}"] [data-testid=row-preview]')).to_contain_text("AI: ")
    page.get_by_test_id("label-filter").focus()
    page.get_by_test_id("label-filter").select_option(f"bug-report-{tag}")
    results = page.get_by_test_id("search-results").get_by_test_id("search-result")
    expect(results).to_have_count(1)
    results.first.get_by_role("button").click()
    expect(page).to_have_url(f"{switchboard.base_url}/console#/conversations/{labelled}")
    # Analytics counts the chats per label.
    page.goto(f"{switchboard.base_url}/console#/analytics")
    row = page.get_by_test_id("analytics-labels").locator("li", has_text=f"bug-report-{tag}")
    expect(row.locator(".count")).to_have_text("1")
    page.get_by_test_id("analytics-labels").screenshot(path=str(output_dir / f"labels-analytics-{width}.png"))
    # The browser logs the refused label's 422 itself; nothing else went wrong.
    assert [e for e in errors if "422" not in e] == [], errors
