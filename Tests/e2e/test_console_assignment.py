"""Automatic assignment in a real browser against a real server: an administrator turns it on in
Settings with one live chat per agent; a customer who asks for a person in the widget is joined by
an online agent within seconds without anyone clicking Take over. Turned off again afterwards, so
the other tests' chats wait for a person as before. Screenshot: Tests/e2e/output/assignment-*.png."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from test_console_hardening import admin_token, as_agent, console  # noqa: F401 - fixtures are used by name
from test_widget import launcher, send, widget_dialog


def test_a_customer_who_asks_for_a_person_is_joined_without_a_click(switchboard, console, admin_token, host_page,  # noqa: F811
                                                                      open_page, output_dir):
    page, errors = console(admin_token)
    try:
        page.goto(f"{switchboard.base_url}/console#/settings")
        card = page.get_by_test_id("assignment")
        card.get_by_test_id("assignment-enabled").check()
        card.get_by_test_id("assignment-cap").fill("1")
        card.get_by_test_id("assignment-save").click()
        expect(card.get_by_test_id("assignment-saved")).to_have_text("Saved")
        card.screenshot(path=str(output_dir / "assignment-settings.png"))
        assert as_agent(switchboard, admin_token, "GET", "/assignment").json() == {"enabled": True, "maxChatsPerAgent": 1}

        customer = open_page().page
        customer.goto(host_page)
        launcher(customer).click()
        send(customer, f"I want to talk to a human please {uuid.uuid4().hex[:6]}")
        joined = widget_dialog(customer).get_by_role("log").locator(".line-system", has_text="joined")
        expect(joined).to_have_count(1, timeout=15_000)
        expect(widget_dialog(customer).locator(".subtitle")).to_contain_text("You're chatting with")
        customer.screenshot(path=str(output_dir / "assignment-widget-joined.png"))
    finally:
        response = as_agent(switchboard, admin_token, "PUT", "/assignment", {"enabled": False, "maxChatsPerAgent": 3})
        assert response.status_code == 200, response.text
    assert errors == []
