"""The AI System Test Plan, executable, in Debian's Chromium: a supervisor gives checks a customer
question and what the AI should do with it (an article from the picker, decline, hand off), edits
one, runs them all, watches the progress bar move to M of M, and sees the N / M passed summary and
each check's reply. The runs go through the organisation's real answer engine.

Screenshot: Tests/e2e/output/console-7-test-plan-run.png.
"""

from __future__ import annotations

import uuid

import requests
from playwright.sync_api import Browser, Page, expect

from conftest import Switchboard
from test_console_journey import ROLE_CLAIM, provider, provider_user, sign_in  # noqa: F401 (provider is a fixture)

# Records every text the run's progress line shows, in order (each step replaces its text node).
RECORD_RUN_PROGRESS = """
window.__runProgress = [];
new MutationObserver((records) => {
    for (const record of records) {
        for (const node of record.addedNodes) window.__runProgress.push(node.textContent);
    }
}).observe(document.querySelector('[data-testid="testplan-run-progress"]'), { childList: true });
"""


def add_check(console: Page, title: str, question: str, expectation: str, article: str | None = None) -> None:
    console.get_by_test_id("testplan-add").click()
    editor = console.get_by_test_id("testplan-editor")
    editor.get_by_label("Title").fill(title)
    editor.get_by_label("Steps").fill("Run it")
    editor.get_by_test_id("testplan-question").fill(question)
    editor.get_by_test_id("testplan-expect").select_option(label=expectation)
    if article:
        picker = editor.get_by_test_id("testplan-article")
        expect(picker.locator("option", has_text=article)).to_have_count(1)
        picker.select_option(label=article)
    editor.get_by_test_id("testplan-save").click()
    expect(console.get_by_test_id("testplan-item").filter(has_text=title)).to_be_visible()


def test_a_supervisor_runs_the_plan_and_watches_it_progress(
    switchboard: Switchboard, provider: str, browser: Browser, output_dir  # noqa: F811
) -> None:
    provider_user(provider, "sam-run", name="Sam Runner", email="sam.runner@e2e.example", **{ROLE_CLAIM: "supervisor"})
    context, console = sign_in(browser, switchboard, "sam-run")
    console.get_by_test_id("nav-test-plan").click()
    tag = uuid.uuid4().hex[:6]
    refund, weather, person, password = (f"{name} {tag}" for name in ("Refund", "Weather", "Person", "Password"))
    add_check(console, refund, "How do I get a refund for my course?", "Say it is not sure (decline)")
    add_check(console, weather, "Will it rain tomorrow?", "Say it is not sure (decline)")
    add_check(console, person, "Can I talk to a real person please?", "Hand off to a person")
    # Expects the wrong article on purpose: the run must fail it.
    add_check(console, password, "I forgot my password, how do I reset it?", "Answer from an article", "Certificates (Courses)")

    # Edit the refund check: it should be answered from the Refund policy article, not declined.
    item = console.get_by_test_id("testplan-item").filter(has_text=refund)
    expect(item.get_by_test_id("testplan-case")).to_contain_text("The AI says it is not sure")
    item.get_by_role("button", name="Edit").click()
    editor = console.get_by_test_id("testplan-editor")
    expect(editor.get_by_test_id("testplan-question")).to_have_value("How do I get a refund for my course?")
    editor.get_by_test_id("testplan-expect").select_option(label="Answer from an article")
    editor.get_by_test_id("testplan-article").select_option(label="Refund policy (Billing)")
    editor.get_by_test_id("testplan-save").click()
    expect(item.get_by_test_id("testplan-case")).to_contain_text("Answer from “Refund policy”")

    plan = requests.get(f"{switchboard.base_url}/console/api/test-plan",
                        headers={"Authorization": f"Bearer {switchboard.agent_token}"}, timeout=15).json()["items"]
    runnable = [i for i in plan if i["question"]]
    total = len(runnable)
    assert {refund, weather, person, password} <= {i["title"] for i in runnable}

    console.evaluate(RECORD_RUN_PROGRESS)
    console.get_by_test_id("testplan-run-all").click()
    run_text = console.get_by_test_id("testplan-run-progress")
    expect(run_text).to_have_text(f"Ran {total} of {total}", timeout=30_000)
    bar = console.get_by_test_id("testplan-run-bar")
    expect(bar).to_have_js_property("value", total)
    expect(bar).to_have_js_property("max", total)
    steps = console.evaluate("window.__runProgress")
    assert steps == [f"Running {n} of {total}…" for n in range(total)] + [f"Ran {total} of {total}"], steps

    plan = requests.get(f"{switchboard.base_url}/console/api/test-plan",
                        headers={"Authorization": f"Bearer {switchboard.agent_token}"}, timeout=15).json()["items"]
    results = {i["title"]: i["result"] for i in plan}
    for title in (refund, weather, person):
        assert results[title]["outcome"] == "pass", results[title]
        assert results[title]["tester"] == "Sam Runner"
    assert results[password]["outcome"] == "fail"
    passed = sum(1 for i in plan if i["result"] and i["result"]["outcome"] == "pass")
    expect(console.get_by_test_id("testplan-progress")).to_have_text(f"{passed} / {len(plan)} passed")

    # Each check shows the reply the run recorded as its note.
    assert results[refund]["note"].startswith("Answered from “Refund policy”. Reply: ")
    assert results[password]["note"].startswith("Expected an answer from “Certificates”. Answered from “Resetting your password”")
    for title in (refund, weather, person, password):
        check = console.get_by_test_id("testplan-item").filter(has_text=title)
        expect(check.get_by_test_id("testplan-note")).to_have_value(results[title]["note"])
    expect(console.get_by_test_id("testplan-item").filter(has_text=password).get_by_test_id("testplan-result")) \
        .to_contain_text("Failed — Sam Runner")
    console.screenshot(path=output_dir / "console-7-test-plan-run.png", full_page=True)
    context.close()
