"""Satisfaction as the customer and the agent see it, in a real browser against a real server:
when Carol closes the chat the widget asks "How did we do?", the customer picks stars (by
keyboard or mouse) and adds a comment, sees the thanks (still after a reload), and the console's
transcript ends with the rating, the comment shown as text. Checked at 360 px and 1440 px.
Screenshots land in Tests/e2e/output/satisfaction-*.png."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from test_console_hardening import console  # noqa: F401 - the fixture is used by name
from test_widget import launcher, saved_conversation, send, widget_dialog


@pytest.mark.parametrize("width,height", [(360, 720), (1440, 900)])
def test_the_customer_rates_the_closed_chat_and_the_agent_sees_it(width, height, switchboard, host_page, open_page,
                                                                     console, output_dir):  # noqa: F811
    page = open_page(width, height).page
    page.goto(host_page)
    launcher(page).click()
    dialog = widget_dialog(page)
    send(page, f"Do certificates expire? {uuid.uuid4().hex[:6]}")
    conversation_id = saved_conversation(page, switchboard.widget_key)["conversationId"]
    switchboard.agent("POST", f"/conversations/{conversation_id}/take-over", {"expectedOwnerId": None})
    expect(dialog.locator(".line-system", has_text="Carol Mendes joined")).to_have_count(1)
    rating = dialog.locator(".rating-form")
    expect(rating).to_be_hidden()
    closed = switchboard.agent("POST", f"/conversations/{conversation_id}/close", {"chatReviewed": True})
    assert closed.status_code == 200, closed.text

    # The chat ended: the widget shows the closing line the console shows, and asks how we did;
    # a send without stars says what is missing.
    expect(dialog.locator(".line-system", has_text="This chat has been closed")).to_have_count(1)
    expect(rating).to_be_visible()
    expect(rating.get_by_text("How did we do?")).to_be_visible()
    rating.get_by_role("button", name="Send").click()
    expect(rating.get_by_role("alert")).to_have_text("Choose from 1 to 5 stars.")
    # A click on the fourth star; the radio behind it (what keyboards and screen readers use) follows.
    rating.get_by_title("4 of 5: Good").click()
    expect(rating.get_by_role("radio", name="4 of 5: Good")).to_be_checked()
    expect(rating.locator(".star.on")).to_have_count(4)
    comment = f"<b>Carol</b> sorted it {uuid.uuid4().hex[:6]}"
    rating.get_by_role("textbox", name="Anything to add? (optional)").fill(comment)
    page.screenshot(path=output_dir / f"satisfaction-widget-{width}.png")
    with page.expect_response(lambda r: r.url.endswith("/rating")) as answered:
        rating.get_by_role("button", name="Send").click()
    assert answered.value.status == 200
    expect(dialog.locator(".rating-thanks")).to_have_text("Thanks for your feedback!")
    expect(rating).to_be_hidden()

    # After a reload (the panel reopens by itself) the widget knows it was rated and does not ask again.
    page.reload()
    expect(widget_dialog(page).locator(".rating-thanks")).to_be_visible()
    expect(widget_dialog(page).locator(".rating-form")).to_be_hidden()

    agent_page, errors = console(switchboard.agent_token, width=width, height=height)
    agent_page.goto(f"{switchboard.base_url}/console#/conversations/{conversation_id}")
    line = agent_page.get_by_test_id("satisfaction")
    expect(line).to_contain_text("Customer rated this chat 4/5")
    expect(line).to_contain_text(f"\u201c{comment}\u201d")
    assert line.locator("b").count() == 0, "the comment was rendered as markup"
    agent_page.screenshot(path=output_dir / f"satisfaction-console-{width}.png")

    # Analytics averages the ratings: every rating this suite gives is 4.
    agent_page.goto(f"{switchboard.base_url}/console#/analytics")
    expect(agent_page.get_by_test_id("kpi-satisfaction-value")).to_have_text("4.0 / 5")
    agent_page.get_by_test_id("analytics-kpis").screenshot(path=output_dir / f"satisfaction-kpis-{width}.png")
    assert errors == []
