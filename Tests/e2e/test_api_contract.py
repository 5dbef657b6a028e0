"""Contract test of the REST API: schemathesis against the served OpenAPI document.

An organisation of its own ("e2e-api", so the browser tests' organisation is untouched) gets a
conversation, an article and an all-scopes API key from the command line. schemathesis then
generates requests for every operation of /api/v1/openapi.json (examples, coverage and fuzzing
phases, valid and invalid data) and checks that no response is a 5xx and that every response's
status, content type, headers and body match the document. The number of generated requests is
printed for the record.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import requests

# The server the session fixture starts inherits this: the default 600 requests per minute per
# key would turn most generated requests into 429s. Set before the fixture runs (at collection).
os.environ.setdefault("SWITCHBOARD_API_RATE_PER_MINUTE", "1000000")

SCOPES = ["conversations:read", "conversations:write", "kb:write", "analytics:read", "admin"]
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
]


def _cli(binary: str, *args: str, env: dict | None = None) -> str:
    result = subprocess.run([binary, *args], capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})
    assert result.returncode == 0, f"{' '.join(args[:2])} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _seed_organisation(switchboard, database) -> str:
    """Creates the organisation with a chat, an article and an agent; returns an all-scopes key."""
    binary, app_url = database["binary"], database["app_url"]
    created = _cli(binary, "org", "create", "--slug", "e2e-api", "--name", "E2E API",
                   "--allowed-origin", switchboard.host_origin, "--database-url", app_url)
    widget_key = re.search(r"^\s*widget key\s+(\S+)\s*$", created, re.MULTILINE).group(1)
    _cli(binary, "agent", "token", "--org", "e2e-api", "--email", "api@e2e.example", "--name", "Api Agent",
         "--database-url", app_url, env={"SWITCHBOARD_SECRET": "x" * 40})
    key_output = _cli(binary, "apikey", "create", "--org", "e2e-api", "--name", "contract test",
                      *[arg for scope in SCOPES for arg in ("--scope", scope)], "--database-url", app_url)
    key = key_output.strip().splitlines()[-1].strip()
    assert key.startswith("sk_live_"), key_output

    origin = {"Origin": switchboard.host_origin}
    chat = requests.post(f"{switchboard.base_url}/widget/v1/conversations",
                         json={"widgetKey": widget_key, "pageUrl": f"{switchboard.host_origin}/pricing"}, headers=origin, timeout=15)
    assert chat.status_code == 201, chat.text
    started = chat.json()
    said = requests.post(f"{switchboard.base_url}/widget/v1/conversations/{started['conversationId']}/messages",
                         json={"body": "How do I get a refund?"},
                         headers={**origin, "Authorization": f"Bearer {started['customerToken']}"}, timeout=15)
    assert said.status_code == 201, said.text
    article = requests.post(f"{switchboard.base_url}/api/v1/kb/articles", timeout=15,
                            json={"title": "Refunds", "body": "Refunds within 30 days.", "external_id": "refunds"},
                            headers={"Authorization": f"Bearer {key}"})
    assert article.status_code == 201, article.text
    return key


def test_rest_api_matches_its_openapi_document(switchboard, database, output_dir: Path):
    key = _seed_organisation(switchboard, database)
    assert requests.get(f"{switchboard.base_url}/api/v1/me", headers={"Authorization": f"Bearer {key}"}, timeout=15).status_code == 200

    report = output_dir / "schemathesis-report.json"
    cassette = output_dir / "schemathesis-cassette.yaml"
    command = [
        str(Path(sys.executable).parent / "schemathesis"), "run", f"{switchboard.base_url}/api/v1/openapi.json",
        "--header", f"Authorization: Bearer {key}",
        "--checks", ",".join(CHECKS),
        "--phases", "examples,coverage,fuzzing",
        "--max-examples", os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "50"),
        "--seed", os.environ.get("SCHEMATHESIS_SEED", "20261126"),
        "--workers", "1",  # CPython 3.11's ast module is not safe across the threads of several workers
        "--no-color",
        "--generation-database", "none",
        "--report", "json,vcr", "--report-json-path", str(report), "--report-vcr-path", str(cassette),
    ]
    # Run inside the output folder so schemathesis's own caches stay out of the working tree.
    result = subprocess.run(command, capture_output=True, text=True, timeout=1200, cwd=output_dir)
    (output_dir / "schemathesis.log").write_text(result.stdout + result.stderr)

    # Every interaction in the cassette is one request sent; the summary line counts test cases.
    requests_sent = cassette.read_text().count("\n  request:") if cassette.exists() else 0
    generated = re.search(r"(\d+) generated", result.stdout)
    print(f"\nschemathesis: {generated.group(1) if generated else '?'} test cases generated, {requests_sent} requests sent")
    print(result.stdout[-1500:])
    assert result.returncode == 0, f"schemathesis found problems (see {output_dir / 'schemathesis.log'}):\n{result.stdout[-6000:]}"
    assert requests_sent > 100


def test_reference_page_renders_every_operation(switchboard, open_page, output_dir: Path):
    document = requests.get(f"{switchboard.base_url}/api/v1/openapi.json", timeout=15).json()
    operations = sum(len(item) for item in document["paths"].values())
    opened = open_page()
    opened.page.goto(f"{switchboard.base_url}/api/docs")
    opened.page.wait_for_selector("section.op")
    assert opened.page.locator("section.op").count() == operations
    assert opened.page.locator("nav a").count() == operations
    assert "Idempotency-Key" in opened.page.locator("#kb_createArticle").inner_text()
    opened.page.screenshot(path=str(output_dir / "api-docs.png"))
    assert opened.errors == []
