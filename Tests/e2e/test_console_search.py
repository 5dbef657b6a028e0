"""Finding a customer in a real browser against a real server: the search box finds a chat by a
word the customer wrote (a prefix is enough) and by their email, within the group the list
shows, opens it, and clearing the box brings the list back; the details column lists the same
customer's other chats (same email) and opens them. Checked at 1440 px and 360 px.
Screenshots land in Tests/e2e/output/search-*.png."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from test_console import start_conversation
from test_console_hardening import console  # noqa: F401 - the fixture is used by name


@pytest.mark.parametrize("width,height", [(1440, 900), (360, 740)])
def test_an_agent_finds_a_customer_and_their_earlier_chats(width, height, switchboard, console, output_dir):  # noqa: F811
    tag = uuid.uuid4().hex[:8]
    email = f"robin.{tag}@example.com"
    word = f"zebra{tag}"
    earlier, _ = start_conversation(switchboard, f"My {word}stripes order never came, email me at {email}")
    later, _ = start_conversation(switchboard, f"Hello again, this is {email}")
    other, _ = start_conversation(switchboard, f"Unrelated question about certificates {tag}x")

    page, errors = console(switchboard.agent_token, width=width, height=height)
    box = page.get_by_test_id("search-box")
    box.fill(word[:-2])  # a prefix of the customer's word
    results = page.get_by_test_id("search-results").get_by_test_id("search-result")
    expect(results).to_have_count(1)
    expect(page.get_by_test_id("search-status")).to_have_text("1 found")
    page.screenshot(path=str(output_dir / f"search-results-{width}.png"))

    box.fill(email.upper())
    expect(results).to_have_count(2)
    box.fill(f"no-such-thing-{tag}")
    expect(page.get_by_test_id("search-status")).to_have_text("No conversations match.")
    box.fill(word)
    expect(results).to_have_count(1)
    results.first.get_by_role("button").click()
    expect(page).to_have_url(f"{switchboard.base_url}/console#/conversations/{earlier}")

    # The later chat of the same customer lists the earlier one, and opens it.
    page.goto(f"{switchboard.base_url}/console#/conversations/{later}")
    history = page.get_by_test_id("contact-history").get_by_test_id("history-item")
    expect(history).to_have_count(1)
    page.get_by_test_id("contact-history").evaluate("list => list.scrollIntoView()")
    page.screenshot(path=str(output_dir / f"search-history-{width}.png"))
    history.get_by_role("button").click()
    expect(page).to_have_url(f"{switchboard.base_url}/console#/conversations/{earlier}")
    expect(page.get_by_test_id("transcript")).to_contain_text(f"{word}stripes")
    assert other not in (earlier, later)

    # An empty box brings the grouped list back.
    if width <= 900:
        page.goto(f"{switchboard.base_url}/console#/conversations")
    page.get_by_test_id("search-box").fill("")
    expect(page.get_by_test_id("search-results")).to_be_hidden()
    expect(page.locator("#group-panel")).to_be_visible()
    assert errors == []
