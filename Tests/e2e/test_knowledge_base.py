"""Corrections that teach the knowledge base, in a real browser against the session's real
`switchboard serve` (no faked responses): Carol flags a wrong AI answer and picks the article that
should have answered, the customer's question shows as a Proposed example of it, and a supervisor
reviewing the correction approves it; "No article covers this" sends the chat to the knowledge-base
review queue; supervisors add, reword and remove examples and vocabulary terms while an agent only
reads them; markup in an example or a term is shown as text.

Screenshots land in Tests/e2e/output/knowledge-base-*.png (1440 and 360 px).
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid

import pytest
from playwright.sync_api import Page, expect

from conftest import Switchboard
from test_console import start_conversation
from test_console_hardening import as_agent, console  # noqa: F401 - `console` is a fixture

HOSTILE = "<img src=x onerror=alert(1)>"


def token_for(switchboard: Switchboard, email: str, name: str, role: str) -> str:
    result = subprocess.run(
        [os.environ["SWITCHBOARD_BIN"], "agent", "token", "--org", "e2e", "--email", email,
         "--name", name, "--role", role, "--database-url", switchboard.app_db_url],
        env={**os.environ, "SWITCHBOARD_SECRET": switchboard.secret}, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].strip()


@pytest.fixture(scope="module")
def supervisor_token(switchboard: Switchboard) -> str:
    """A bearer token for Sam, a supervisor of E2E Academy."""
    return token_for(switchboard, "sam@e2e.example", "Sam Supervisor", "supervisor")


@pytest.fixture(scope="module")
def reader_token(switchboard: Switchboard) -> str:
    """A bearer token for Dana, a plain agent (Carol may have been made a supervisor by an earlier test)."""
    return token_for(switchboard, "dana@e2e.example", "Dana Reader", "agent")


def article_id(switchboard: Switchboard, title: str) -> str:
    articles = switchboard.agent("GET", "/kb/articles").json()["articles"]
    return next(a["id"] for a in articles if a["title"] == title)


def examples_of(switchboard: Switchboard, article: str) -> list[dict]:
    return switchboard.agent("GET", f"/kb/articles/{article}/examples").json()["examples"]


def by_conversation(page: Page, testid: str, conversation_id: str):
    """A queue item of the conversation (the server may spell the id in either case)."""
    return page.locator(
        f'[data-testid="{testid}"][data-conversation-id="{conversation_id.upper()}"], '
        f'[data-testid="{testid}"][data-conversation-id="{conversation_id.lower()}"]'
    )


def open_article(page: Page, switchboard: Switchboard, title: str, article: str) -> None:
    """The Knowledge base page with one article picked, found through the search box."""
    page.get_by_test_id("nav-knowledge-base").click()
    page.get_by_test_id("kb-search").fill(title[:6].lower())
    page.locator(f'[data-testid="kb-article"][data-article-id="{article}"]').click()
    expect(page.get_by_test_id("kb-selected-title")).to_have_text(title)


def example_item(page: Page, question: str):
    return page.get_by_test_id("kb-example").filter(
        has=page.get_by_test_id("kb-example-question").get_by_text(question, exact=True))


def script_errors(errors: list[str]) -> list[str]:
    """Page errors, without the browser's log line for a 4xx the test provoked on purpose."""
    return [e for e in errors if not e.startswith("Failed to load resource")]


def flag_incorrect(page: Page, note: str) -> None:
    page.get_by_test_id("qa-incorrect").check()
    expect(page.get_by_test_id("qa-correct-article")).to_be_visible()
    with page.expect_response(lambda r: r.request.method == "PUT" and r.url.endswith("/qa") and note in (r.request.post_data or "")):
        page.get_by_test_id("qa-correction-note").fill(note)
        page.get_by_test_id("qa-correction-note").blur()
    expect(page.get_by_test_id("qa-saved")).to_have_text("Saved")


def pick(page: Page, label: str) -> dict:
    """Picks in "Which article should have answered?" and returns the PUT body it saved."""
    picker = page.get_by_test_id("qa-correct-article")
    expect(picker.locator("option", has_text=label)).to_have_count(1)
    with page.expect_response(lambda r: r.request.method == "PUT" and r.url.endswith("/qa")) as response:
        picker.select_option(label=label)
    assert response.value.status == 200, response.value.text()
    expect(page.get_by_test_id("qa-saved")).to_have_text("Saved")
    return json.loads(response.value.request.post_data)


def test_a_picked_article_gets_the_question_as_proposed_and_reviewing_the_correction_approves_it(
    switchboard, console, supervisor_token, output_dir
):
    tag = uuid.uuid4().hex[:8]
    question = f"Will my certificate still be valid in ten years? {tag}"
    note = f"Say certificates never expire ({tag})"
    certificates = article_id(switchboard, "Certificates")
    conversation_id, _ = start_conversation(switchboard, question)

    page, errors = console(switchboard.agent_token)
    page.goto(f"{switchboard.base_url}/console#/conversations/{conversation_id}")
    expect(page.get_by_test_id("qa-incorrect")).to_be_enabled()
    expect(page.get_by_test_id("qa-correct-article")).to_be_hidden()
    flag_incorrect(page, note)

    options = page.get_by_test_id("qa-correct-article").locator("option")
    expect(options.first).to_have_text("—")
    expect(options.last).to_have_text("No article covers this")
    expect(options.filter(has_text="Refund policy (Billing)")).to_have_count(1)
    body = pick(page, "Certificates (Courses)")
    # The choice goes with the flag and the note already typed.
    assert body == {"flaggedIncorrect": True, "correctionNote": note, "correctArticleId": certificates}, body
    page.screenshot(path=str(output_dir / "knowledge-base-picker-1440.png"))
    # Reopened after a reload, the picker still shows the article the correction picked.
    page.reload()
    expect(page.get_by_test_id("qa-correct-article")).to_have_value(certificates)

    open_article(page, switchboard, "Certificates", certificates)
    proposed = example_item(page, question)
    expect(proposed.get_by_test_id("kb-example-status")).to_have_text("Proposed")
    expect(proposed.get_by_test_id("kb-example-source")).to_contain_text("From a correction")

    supervisor, supervisor_errors = console(supervisor_token)
    supervisor.goto(f"{switchboard.base_url}/console#/queues")
    item = supervisor.get_by_test_id("correction-item").filter(has_text=note)
    with supervisor.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/reviewed")) as reviewed:
        item.get_by_test_id("correction-reviewed").check()
    assert reviewed.value.status == 200, reviewed.value.text()
    open_article(supervisor, switchboard, "Certificates", certificates)
    expect(example_item(supervisor, question).get_by_test_id("kb-example-status")).to_have_text("Approved")

    # Back on Carol's page, opening the page again shows the approval too.
    page.get_by_test_id("nav-queues").click()
    page.get_by_test_id("nav-knowledge-base").click()
    expect(example_item(page, question).get_by_test_id("kb-example-status")).to_have_text("Approved")
    stored = [e for e in examples_of(switchboard, certificates) if e["question"] == question]
    assert [(e["status"], e["source"]) for e in stored] == [("approved", "correction")], stored
    assert script_errors(errors) == [] and script_errors(supervisor_errors) == []


def test_no_article_covers_this_sends_the_chat_to_the_knowledge_base_review_queue(switchboard, console, output_dir):
    tag = uuid.uuid4().hex[:8]
    conversation_id, _ = start_conversation(switchboard, f"Do you have a discount for students? {tag}")
    page, errors = console(switchboard.agent_token, width=360, height=740)
    page.goto(f"{switchboard.base_url}/console#/conversations/{conversation_id}")
    expect(page.get_by_test_id("qa-incorrect")).to_be_enabled()
    flag_incorrect(page, f"We have no student discount article ({tag})")
    body = pick(page, "No article covers this")
    assert body.get("noArticleCovers") is True and "correctArticleId" not in body, body
    # The server also flagged "Knowledge base needs updating"; the panel shows it.
    expect(page.get_by_test_id("qa-kb")).to_be_checked()
    page.get_by_test_id("qa-correct-article").focus()
    page.screenshot(path=str(output_dir / "knowledge-base-picker-360.png"))

    page.goto(f"{switchboard.base_url}/console#/queues")
    expect(by_conversation(page.get_by_test_id("queue-kb"), "kb-item", conversation_id)).to_have_count(1)
    review = switchboard.agent("GET", f"/conversations/{conversation_id}").json()["review"]
    assert review["flaggedIncorrect"] and review["kbUpdateNeeded"], review
    assert script_errors(errors) == []


@pytest.mark.parametrize("width,height", [(1440, 900), (360, 740)])
def test_a_supervisor_adds_rewords_and_removes_examples_and_vocabulary_and_an_agent_only_reads_them(
    switchboard, console, supervisor_token, reader_token, output_dir, width, height
):
    tag = uuid.uuid4().hex[:8]
    passwords = article_id(switchboard, "Resetting your password")
    page, errors = console(supervisor_token, width=width, height=height)
    open_article(page, switchboard, "Resetting your password", passwords)
    page.get_by_test_id("kb-search").scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / f"knowledge-base-articles-{width}.png"))

    question = f"I forgot my password, what now? {tag}"
    page.get_by_test_id("kb-example-input").fill(question)
    page.get_by_test_id("kb-example-add").click()
    added = example_item(page, question)
    expect(added.get_by_test_id("kb-example-status")).to_have_text("Approved")
    expect(added.get_by_test_id("kb-example-source")).to_contain_text("Added in the console")

    # A near-duplicate is refused with the server's message.
    page.get_by_test_id("kb-example-input").fill(question.upper())
    page.get_by_test_id("kb-example-add").click()
    expect(page.get_by_test_id("kb-example-add-error")).to_have_text("This article already has that example question.")

    reworded = f"How do I reset a forgotten password? {tag}"
    added.get_by_test_id("kb-example-reword").click()
    page.get_by_test_id("kb-example-reword-input").fill(reworded)
    page.get_by_test_id("kb-example-reword-save").click()
    expect(example_item(page, reworded)).to_have_count(1)
    expect(example_item(page, question)).to_have_count(0)

    term, meaning = f"pw{tag}", "the password you sign in with"
    page.get_by_test_id("vocabulary-term-input").fill(term)
    page.get_by_test_id("vocabulary-meaning-input").fill(meaning)
    page.get_by_test_id("vocabulary-add").click()
    term_row = page.get_by_test_id("vocabulary-term").filter(has=page.get_by_text(term, exact=True))
    expect(term_row.get_by_test_id("vocabulary-term-meaning")).to_contain_text(meaning)
    page.get_by_test_id("vocabulary-term-input").fill(term)
    page.get_by_test_id("vocabulary-meaning-input").fill("something else")
    page.get_by_test_id("vocabulary-add").click()
    expect(page.get_by_test_id("vocabulary-error")).to_contain_text("already has")
    page.screenshot(path=str(output_dir / f"knowledge-base-supervisor-{width}.png"), full_page=True)

    # An agent sees the example and the term but no control that changes them.
    agent, agent_errors = console(reader_token, width=width, height=height)
    open_article(agent, switchboard, "Resetting your password", passwords)
    expect(example_item(agent, reworded).get_by_test_id("kb-example-status")).to_have_text("Approved")
    expect(agent.get_by_test_id("vocabulary-term").filter(has=agent.get_by_text(term, exact=True))).to_have_count(1)
    for control in ("kb-example-input", "kb-example-add", "kb-example-approve", "kb-example-reword",
                    "kb-example-remove", "vocabulary-term-input", "vocabulary-add", "vocabulary-remove"):
        expect(agent.get_by_test_id(control)).to_have_count(0)
    agent.screenshot(path=str(output_dir / f"knowledge-base-agent-{width}.png"), full_page=True)
    assert as_agent(switchboard, reader_token, "POST", f"/kb/articles/{passwords}/examples",
                    {"question": f"agent {tag}"}).status_code == 403

    # Removing asks first; both disappear.
    page.once("dialog", lambda dialog: dialog.accept())
    example_item(page, reworded).get_by_test_id("kb-example-remove").click()
    expect(example_item(page, reworded)).to_have_count(0)
    page.once("dialog", lambda dialog: dialog.accept())
    term_row.get_by_test_id("vocabulary-remove").click()
    expect(page.get_by_test_id("vocabulary-term").filter(has=page.get_by_text(term, exact=True))).to_have_count(0)
    assert not [e for e in examples_of(switchboard, passwords) if tag in e["question"]]
    terms = switchboard.agent("GET", "/kb/vocabulary").json()["terms"]
    assert not [t for t in terms if t["term"] == term], terms
    assert script_errors(errors) == [] and script_errors(agent_errors) == []


def test_markup_in_an_example_question_and_a_vocabulary_term_is_shown_as_text(
    switchboard, console, supervisor_token, output_dir
):
    refunds = article_id(switchboard, "Refund policy")
    page, errors = console(supervisor_token)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_article(page, switchboard, "Refund policy", refunds)
    page.get_by_test_id("kb-example-input").fill(HOSTILE)
    page.get_by_test_id("kb-example-add").click()
    expect(example_item(page, HOSTILE)).to_have_count(1)
    page.get_by_test_id("vocabulary-term-input").fill(HOSTILE)
    page.get_by_test_id("vocabulary-meaning-input").fill("<script>alert(2)</script>")
    page.get_by_test_id("vocabulary-add").click()
    hostile_term = page.get_by_test_id("vocabulary-term").filter(has=page.get_by_text(HOSTILE, exact=True))
    expect(hostile_term.get_by_test_id("vocabulary-term-meaning")).to_contain_text("<script>alert(2)</script>")

    # The reword field holds the text as its value, not as markup either.
    example_item(page, HOSTILE).get_by_test_id("kb-example-reword").click()
    expect(page.get_by_test_id("kb-example-reword-input")).to_have_value(HOSTILE)
    page.screenshot(path=str(output_dir / "knowledge-base-hostile-1440.png"), full_page=True)
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("kb-example-reword-input")).to_have_count(0)
    expect(example_item(page, HOSTILE)).to_have_count(1)
    expect(page.locator("main img")).to_have_count(0)
    expect(page.locator("main script")).to_have_count(0)
    assert dialogs == [] and script_errors(errors) == []

    stored = [t for t in switchboard.agent("GET", "/kb/vocabulary").json()["terms"] if t["term"] == HOSTILE]
    for term in stored:
        as_agent(switchboard, supervisor_token, "DELETE", f"/kb/vocabulary/{term['id']}")
