"""`switchboard eval` against the running test organisation's database: a file of cases runs
through the organisation's engine without recording, prints a table and "N/M passed", and exits 0
only when every case passed; a bad line is reported with its number; the plan's own runnable
checks are run and recorded as "switchboard eval"."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from pathlib import Path

import requests

from conftest import Switchboard


def run_eval(switchboard: Switchboard, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [os.environ["SWITCHBOARD_BIN"], "eval", "--org", "e2e", "--database-url", switchboard.app_db_url,
         "--log-level", "warning", *args],
        capture_output=True, text=True, timeout=120)


def write_cases(tmp_path: Path, cases: list[dict | str]) -> str:
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(c if isinstance(c, str) else json.dumps(c) for c in cases) + "\n")
    return str(path)


def plan(switchboard: Switchboard) -> list[dict]:
    return requests.get(f"{switchboard.base_url}/console/api/test-plan",
                        headers={"Authorization": f"Bearer {switchboard.agent_token}"}, timeout=15).json()["items"]


def test_a_file_of_cases_passes_fails_and_reports_bad_lines(switchboard: Switchboard, tmp_path: Path) -> None:
    before = plan(switchboard)
    passing = [
        {"question": "How do I get a refund for my course?", "expect": "article", "article": "refund policy"},
        {"question": "Will it rain tomorrow?", "expect": "decline"},
        {"question": "Can I talk to a real person please?", "expect": "handoff"},
    ]
    ok = run_eval(switchboard, "--file", write_cases(tmp_path, passing))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    lines = ok.stdout.strip().splitlines()
    assert lines[0].split() == ["#", "RESULT", "QUESTION", "EXPECTED", "GOT"]
    assert [line.split()[1] for line in lines[1:4]] == ["pass", "pass", "pass"]
    assert lines[-1] == "3/3 passed"
    # Not a terminal: progress is plain lines on stderr, never on stdout.
    assert "eval: 3/3 done" in ok.stderr and "\r" not in ok.stderr

    failing = run_eval(switchboard, "--file", write_cases(tmp_path, passing + [
        {"question": "I forgot my password, how do I reset it?", "expect": "article", "article": "Certificates"}]))
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "FAIL" in failing.stdout.splitlines()[4]
    assert failing.stdout.strip().splitlines()[-1] == "3/4 passed"

    bad = run_eval(switchboard, "--file", write_cases(tmp_path, [passing[0], "", '{"question": "hi", "expect": "maybe"}']))
    assert bad.returncode != 0
    assert 'line 3: "expect" must be "article", "decline" or "handoff"' in bad.stderr
    unknown = run_eval(switchboard, "--file", write_cases(tmp_path, [{"question": "hi", "expect": "article", "article": "Nope"}]))
    assert unknown.returncode != 0
    assert 'line 1: no article has the title or id "Nope"' in unknown.stderr
    # Files record nothing.
    assert plan(switchboard) == before


def supervisor_token(switchboard: Switchboard) -> str:
    result = subprocess.run(
        [os.environ["SWITCHBOARD_BIN"], "agent", "token", "--org", "e2e", "--email", "eve.eval@e2e.example",
         "--name", "Eve Eval", "--role", "supervisor", "--database-url", switchboard.app_db_url, "--log-level", "warning"],
        env={**os.environ, "SWITCHBOARD_SECRET": switchboard.secret}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].strip()


def test_the_plans_runnable_checks_are_run_and_recorded(switchboard: Switchboard) -> None:
    title = f"Eval person {uuid.uuid4().hex[:6]}"
    created = requests.post(
        f"{switchboard.base_url}/console/api/test-plan",
        json={"title": title, "question": "Can I talk to a real person please?", "expect": "handoff"},
        headers={"Authorization": f"Bearer {supervisor_token(switchboard)}"}, timeout=15)
    assert created.status_code == 201, created.text
    result = run_eval(switchboard)
    runnable = [i for i in plan(switchboard) if i["question"]]
    assert result.stdout.strip().splitlines()[-1].endswith(f"/{len(runnable)} passed"), result.stdout
    item = next(i for i in plan(switchboard) if i["title"] == title)
    assert item["result"]["outcome"] == "pass"
    assert item["result"]["tester"] == "switchboard eval"
    assert item["result"]["note"].startswith("Recognised as a request for a person")
