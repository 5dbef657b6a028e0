"""Automatic assignment in a real browser against a real server, in an organisation of its own (no
other test's waiting chats ahead in the line, no other agent online): an administrator turns it on
in Settings with one live chat per agent; a customer who asks for a person in the widget is joined
by the only online agent within seconds without anyone clicking Take over, and a second customer
waits, because the agent is at the cap. Screenshot: Tests/e2e/output/assignment-*.png."""

from __future__ import annotations

import os
import re
import subprocess
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import Switchboard, write_host_page
from test_console_hardening import as_agent, console  # noqa: F401 - fixtures are used by name
from test_widget import launcher, send, widget_dialog


ROTA = "E2E Rota"


def _cli(switchboard: Switchboard, *args: str) -> str:
    result = subprocess.run([os.environ["SWITCHBOARD_BIN"], *args, "--database-url", switchboard.app_db_url],
                            env={**os.environ, "SWITCHBOARD_SECRET": switchboard.secret},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def assigning(switchboard: Switchboard, host_site: str, host_folder: Path) -> tuple[str, str]:
    """E2E Rota, with one administrator: (her token, the URL of the organisation's page on the customer's site)."""
    created = _cli(switchboard, "org", "create", "--slug", "e2e-rota", "--name", "E2E Rota",
                   "--allowed-origin", switchboard.host_origin)
    widget_key = re.search(r"^\s*widget key\s+(\S+)\s*$", created, re.MULTILINE).group(1)
    token = _cli(switchboard, "agent", "token", "--org", "e2e-rota", "--email", "rosa@rota.example",
                 "--name", "Rosa Rota", "--role", "admin").strip().splitlines()[-1].strip()
    write_host_page(host_folder, "rota.html", "E2E Rota", f"{switchboard.base_url}/widget.js", widget_key)
    return token, f"{host_site}/rota.html"


def _ask_for_a_person(open_page, url: str):
    customer = open_page().page
    customer.goto(url)
    launcher(customer).click()
    send(customer, f"I want to talk to a human please {uuid.uuid4().hex[:6]}", ROTA)
    return customer


def test_a_customer_who_asks_for_a_person_is_joined_without_a_click(switchboard, console, assigning,  # noqa: F811
                                                                      open_page, output_dir):
    token, rota_page = assigning
    page, errors = console(token)
    page.goto(f"{switchboard.base_url}/console#/settings")
    card = page.get_by_test_id("assignment")
    card.get_by_test_id("assignment-enabled").check()
    card.get_by_test_id("assignment-cap").fill("1")
    card.get_by_test_id("assignment-save").click()
    expect(card.get_by_test_id("assignment-saved")).to_have_text("Saved")
    card.screenshot(path=str(output_dir / "assignment-settings.png"))
    assert as_agent(switchboard, token, "GET", "/assignment").json() == {"enabled": True, "maxChatsPerAgent": 1}

    first = _ask_for_a_person(open_page, rota_page)
    expect(widget_dialog(first, ROTA).get_by_role("log").locator(".line-system", has_text="joined")).to_have_count(
        1, timeout=15_000)
    expect(widget_dialog(first, ROTA).locator(".subtitle")).to_contain_text("You're chatting with Rosa Rota")
    first.screenshot(path=str(output_dir / "assignment-widget-joined.png"))

    # Rosa is at her cap of one live chat: the next customer waits for a person.
    second = _ask_for_a_person(open_page, rota_page)
    page.wait_for_timeout(4_000)  # longer than one sweep (every 3 s)
    expect(widget_dialog(second, ROTA).get_by_role("log").locator(".line-system", has_text="joined")).to_have_count(0)
    counts = as_agent(switchboard, token, "GET", "/conversations/counts").json()["counts"]
    assert (counts["live"], counts["needs"]) == (1, 1), counts
    assert errors == []
