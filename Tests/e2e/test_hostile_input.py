"""What an attacker sends, against the session's real `switchboard serve`: every write route
(POST, PUT, PATCH) of the widget API, the console API and the REST API gets a corpus of hostile
bodies — too large, NUL characters in values and keys, combining marks at a length limit, bytes
that are not UTF-8, each field of the wrong JSON type, 10,000 levels of nesting, 10,000-element
arrays, SQL metacharacters and HTML. For every request: an answer (no dropped connection), never
a 5xx, a 4xx shaped `{"error": {"code", "message"}}`, and text that was accepted reads back
unchanged through the matching GET.

Who sends what:
- widget routes: customers of E2E Academy (the night school for the after-hours form), each chat
  from its own loopback address (127.0.x.y) so the per-address widget limits of the shared server
  are neither hit here nor used up for the tests that follow;
- console routes an agent may use: Carol, with her bearer token, on E2E Academy's chats;
- console routes that change an organisation (settings, sign-on, agents, keys, webhooks, clean-up,
  playbook, test plan, the caller's own name) and every REST route: Hana, an administrator of an
  organisation of this module's own ("E2E Hostile"), and an API key of it with every scope the
  OpenAPI document names — so nothing here renames Carol or rotates the widget key other tests use.

The console's write routes are listed here by hand and checked against the Swift sources; the
REST ones are read from the server's own /api/v1/openapi.json.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import requests
from requests.adapters import HTTPAdapter

from conftest import REPO, Switchboard, _run

MiB = 1_048_576
SQL = ["'; DROP TABLE x; --", "$1", "\\"]
HTML = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]
WRONG_TYPES = {"number": 12345, "object": {"a": "b"}, "array": ["a"], "null": None}
ACUTE_E = "e\u0301"  # two code points, one character on screen
# Webhook targets must resolve to a public address, and nothing resolves here: an address literal
# (example.com's). The session's server delivers nothing and the module deletes its subscriptions.
PUBLIC_RECEIVER = "https://93.184.215.14/switchboard"


# ----------------------------------------------------------------------------------------------
# Sessions from their own loopback addresses

_addresses = (f"127.0.{a}.{b}" for a, b in itertools.product(range(40, 250), range(1, 255)))


class _SourceAddressAdapter(HTTPAdapter):
    """Connects from one loopback address: Linux answers the whole of 127.0.0.0/8 on `lo`."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def move_to_a_new_address(session: requests.Session) -> str:
    address = next(_addresses)
    session.mount("http://", _SourceAddressAdapter(address))
    return address


# ----------------------------------------------------------------------------------------------
# The corpus

@dataclass
class Payload:
    """One hostile request body, made from a body the route accepts: JSON, or raw bytes."""

    name: str
    make: Callable[[dict], object]
    raw: bool = False
    # Strings that, if the write is accepted, must read back unchanged.
    texts: list[str] = field(default_factory=list)
    expect: Callable[[requests.Response], str | None] | None = None

    def data(self, base: dict) -> bytes:
        made = self.make(base)
        return made if self.raw else json.dumps(made, ensure_ascii=False).encode("utf-8")


def _status(*allowed: int, code: str | None = None):
    def check(response: requests.Response) -> str | None:
        if response.status_code not in allowed:
            return f"expected {allowed}, got {response.status_code}"
        if code is not None and response.json()["error"]["code"] != code:
            return f"expected error code {code}, got {response.json()['error']['code']}"
        return None
    return check


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _with(name: str, value):
    return lambda base: {**base, name: value}


def corpus(route: Route, sample: dict) -> list[Payload]:
    """Every hostile body for `route`; `sample` is a body it accepts (its keys and value types)."""
    refused = _status(400, 422)
    payloads = [
        Payload("oversized", lambda base: json.dumps({**base, "padding": "x" * (route.limit + 16)}).encode(), raw=True,
                expect=_status(413, code="payload_too_large")),
        Payload("nul-in-key", _with("pad\u0000ding", "x"), expect=_status(422, code="invalid_text")),
        Payload("invalid-utf8", lambda base: json.dumps(base).encode()[:-1] + b'%s"x": "\xff\xfe\xc3\x28"}' % (b", " if base else b""),
                raw=True, expect=refused),
        Payload("invalid-utf8-bare", lambda base: b"\xff\xfe\xfd", raw=True, expect=refused),
        Payload("nested-10000", lambda base: _nested(10_000), raw=True, expect=refused),
        Payload("nested-10000-in-field", lambda base: json.dumps({**base, "deep": "@@"}).encode().replace(b'"@@"', _nested(10_000)),
                raw=True, expect=refused),
        Payload("array-10000-top", lambda base: json.dumps(["x"] * 10_000).encode(), raw=True, expect=refused),
    ]
    for name, value in sample.items():
        for kind, wrong in WRONG_TYPES.items():
            # A wrong type that is the field's own type (a number for an int, a list for a list) is no wrong type.
            if (wrong is None and name in route.nullable) or (kind == "number" and type(value) is int) \
                    or (kind == "array" and isinstance(value, list)):
                continue
            payloads.append(Payload(f"{name}={kind}", _with(name, wrong), expect=None if name in route.lenient else refused))
        payloads.append(Payload(f"{name}=array-10000", lambda base, name=name: {**base, name: [base[name]] * 10_000},
                                expect=None if isinstance(value, list) or name in route.lenient else refused))
        if isinstance(value, str):
            payloads.append(Payload(f"{name}=nul", lambda base, name=name: {**base, name: f"a\u0000{base[name]}"},
                                    expect=_status(422, code="invalid_text")))
            for text in SQL + HTML:
                if name in route.free_text:
                    mixed = f"{text} {uuid.uuid4().hex[:6]}"
                    payloads.append(Payload(f"{name}={text!r}", _with(name, mixed), texts=[mixed], expect=_status(*route.accepts)))
                else:
                    payloads.append(Payload(f"{name}={text!r}", _with(name, text)))
    for name, limit in route.limits.items():
        at_limit = ACUTE_E * (limit // 2)
        payloads.append(Payload(f"{name}=combining-marks-at-{limit}", _with(name, at_limit), texts=[at_limit],
                                expect=_status(*route.accepts)))
        payloads.append(Payload(f"{name}=combining-marks-over-{limit}", _with(name, at_limit + ACUTE_E), expect=_status(422)))
    if route.takes_a_file:
        for payload in payloads:
            payload.expect, payload.texts = _status(400, 413, 415, 422), []
    if route.ignores_body:
        # Routes that take no input answer without reading a body: no 5xx and no dropped connection is all to ask.
        for payload in payloads:
            payload.expect = None
    return payloads


# ----------------------------------------------------------------------------------------------
# Routes

@dataclass
class Route:
    """A write route with a body it accepts; `{id}` and friends are filled in by `prepare`."""

    method: str
    path: str
    # (base body, path parameters) for one request: a fresh chat, entry… as the route needs.
    prepare: Callable[[], tuple[dict, dict]]
    # Where accepted text can be read again: (response, path parameters) → the GET's JSON.
    read_back: Callable[[requests.Response, dict], object] | None = None
    free_text: tuple[str, ...] = ()
    limits: dict[str, int] = field(default_factory=dict)
    nullable: tuple[str, ...] = ()
    # Fields whose wrong types the route may accept (ignored or coerced by design).
    lenient: tuple[str, ...] = ()
    accepts: tuple[int, ...] = (200, 201, 204)
    limit: int = MiB
    ignores_body: bool = False
    # Routes that take a file (an image or a PDF), not JSON: every body of the corpus is refused.
    takes_a_file: bool = False
    session: requests.Session | None = None
    headers: Callable[[dict], dict] = lambda params: {}

    def url(self, base_url: str, params: dict) -> str:
        return base_url + self.path.format(**params)

    def name(self) -> str:
        return f"{self.method} {self.path}"


# The console's write routes, as the Swift sources register them under /console/api.
CONSOLE_WRITE_ROUTES = {
    ("POST", "conversations/{id}/take-over"), ("POST", "conversations/{id}/messages"),
    ("POST", "conversations/{id}/hand-back"), ("POST", "conversations/{id}/transfer"),
    ("PATCH", "me"), ("POST", "logout"),
    ("PUT", "sso"), ("PUT", "admin/agents/{id}"), ("PUT", "answer-engine"),
    ("POST", "cleanup"), ("POST", "presence/heartbeat"),
    ("POST", "admin/api-keys"), ("POST", "admin/api-keys/{id}/revoke"),
    ("POST", "queues/corrections/{id}/reviewed"), ("POST", "queues/kb-review/{id}/updated"),
    ("PUT", "settings"), ("POST", "settings/widget-key/rotate"),
    ("POST", "playbook"), ("PUT", "playbook/{id}"),
    ("PUT", "conversations/{id}/qa"), ("PUT", "conversations/{id}/kb-update"),
    ("PUT", "conversations/{id}/followup"), ("POST", "conversations/{id}/followup/complete"),
    ("POST", "conversations/{id}/close"), ("POST", "conversations/{id}/archive"), ("POST", "conversations/{id}/notes"), ("PUT", "conversations/{id}/labels"), ("PUT", "assignment"),
    ("POST", "conversations/{id}/attachments"),
    ("POST", "admin/webhooks"), ("PATCH", "admin/webhooks/{id}"), ("POST", "admin/webhooks/{id}/rotate-secret"),
    ("POST", "admin/webhooks/{id}/deliveries/{deliveryId}/redeliver"), ("POST", "admin/webhooks/{id}/test"),
    ("POST", "test-plan"), ("PUT", "test-plan/{id}"), ("POST", "test-plan/{id}/results"), ("POST", "test-plan/{id}/run"),
    ("POST", "kb/articles/{id}/examples"), ("PATCH", "kb/examples/{id}"), ("POST", "kb/vocabulary"),
    ("POST", "conversations/{id}/emails/transcript"), ("PUT", "email"), ("POST", "email/test"),
}

WIDGET_WRITE_ROUTES = {
    ("POST", "conversations"), ("POST", "conversations/{id}/messages"), ("POST", "conversations/{id}/handoff"),
    ("POST", "conversations/{id}/after-hours"), ("POST", "conversations/{id}/token"),
    ("POST", "conversations/{id}/rating"), ("POST", "conversations/{id}/attachments"),
    ("POST", "conversations/{id}/transcript-email"),
}


def console_write_routes_in_the_sources() -> set[tuple[str, str]]:
    """POST/PUT/PATCH routes under console/api, read from the Swift sources: groups made with
    `router.group("console/api…", context: AgentRequestContext.self)` and handlers given such a
    group (`addRoutes(to api: RouterGroup<AgentRequestContext>)`), and the role groups made from
    them (`api.group(context: AdminRequestContext.self)`), which keep their parent's path."""
    found: set[tuple[str, str]] = set()
    for path in sorted((REPO / "Sources" / "SwitchboardHTTP").rglob("*.swift")):
        # A role group adds no path: read `let admins = api.group(context: …)` as `let admins = api`.
        source = re.sub(r"\s*\.group\(context: \w+RequestContext\.self\)", "", path.read_text(encoding="utf-8"))
        groups: dict[str, str] = {}
        for name, prefix in re.findall(r'let (\w+) = router\.group\("(console/api[^"]*)", context: AgentRequestContext\.self\)', source):
            groups[name] = prefix
        for name in re.findall(r"func addRoutes\(to (\w+): RouterGroup<AgentRequestContext>\)", source):
            groups[name] = "console/api"
        for name, parent in re.findall(r"let (\w+) = (\w+)\n", source):
            if parent in groups:
                groups[name] = groups[parent]
        for name, prefix in groups.items():
            for method, route in re.findall(rf'\b{name}\.(post|put|patch)\((?:"([^"]*)"\s*,\s*)?use:', source):
                full = "/".join(part for part in (prefix, route) if part)
                found.add((method.upper(), full.removeprefix("console/api").lstrip("/")))
    return found


def widget_write_routes_in_the_sources() -> set[tuple[str, str]]:
    """POST/PUT/PATCH routes of the widget: on `widget` itself, and on the customer's group
    `let conversation = widget.group("conversations/{id}")…`, whose path prefixes its routes."""
    source = (REPO / "Sources" / "SwitchboardHTTP" / "Controllers" / "WidgetController.swift").read_text(encoding="utf-8")
    found = {(m.upper(), p) for m, p in re.findall(r'\bwidget\.(post|put|patch)\("([^"]*)"', source)}
    for name, prefix in re.findall(r'let (\w+) = widget\.group\("([^"]*)"\)', source):
        found |= {(m.upper(), f"{prefix}/{p}") for m, p in re.findall(rf'\b{name}\.(post|put|patch)\("([^"]*)"', source)}
    return found


def test_the_console_route_list_matches_the_swift_sources():
    in_sources = console_write_routes_in_the_sources()
    assert len(in_sources) > 20, f"the route scan found too little; has the registration style changed? {in_sources}"
    assert in_sources - CONSOLE_WRITE_ROUTES == set(), "write routes missing from CONSOLE_WRITE_ROUTES"
    assert CONSOLE_WRITE_ROUTES - in_sources == set(), "CONSOLE_WRITE_ROUTES lists routes the server no longer has"
    assert widget_write_routes_in_the_sources() == WIDGET_WRITE_ROUTES


# ----------------------------------------------------------------------------------------------
# The organisation of this module and its principals

@dataclass
class Hostile:
    """Everything the corpus needs: sessions per area, principals, and ways to make chats."""

    switchboard: Switchboard
    hostile_widget_key: str
    admin_token: str
    api_key: str
    api_scopes: list[str]
    carol_id: str
    hana_id: str
    widget: requests.Session
    console: requests.Session
    rest: requests.Session

    @property
    def base(self) -> str:
        return self.switchboard.base_url

    def console_call(self, token: str, method: str, path: str, body: dict | None = None) -> requests.Response:
        response = self.console.request(method, f"{self.base}/console/api{path}", json=body,
                                        headers={"Authorization": f"Bearer {token}"}, timeout=30)
        assert response.status_code < 400, f"setup: {method} {path} → {response.status_code} {response.text[:300]}"
        return response

    def rest_call(self, method: str, path: str, body: dict | None = None) -> requests.Response:
        response = self.rest.request(method, f"{self.base}/api/v1{path}", json=body,
                                     headers={"Authorization": f"Bearer {self.api_key}"}, timeout=30)
        assert response.status_code < 400, f"setup: {method} {path} → {response.status_code} {response.text[:300]}"
        return response

    def chat(self, widget_key: str | None = None) -> tuple[str, dict]:
        """A new customer, from a new address: (conversation id, the customer's headers)."""
        move_to_a_new_address(self.widget)
        origin = {"Origin": self.switchboard.host_origin}
        started = self.widget.post(f"{self.base}/widget/v1/conversations", headers=origin, timeout=30,
                                   json={"widgetKey": widget_key or self.switchboard.widget_key})
        assert started.status_code == 201, f"setup: start → {started.status_code} {started.text[:300]}"
        body = started.json()
        return body["conversationId"], {**origin, "Authorization": f"Bearer {body['customerToken']}"}

    def handed_off(self, widget_key: str | None = None) -> tuple[str, dict]:
        conversation_id, customer = self.chat(widget_key)
        response = self.widget.post(f"{self.base}/widget/v1/conversations/{conversation_id}/handoff",
                                    headers=customer, json={"reason": "a person, please"}, timeout=30)
        assert response.status_code == 200, f"setup: handoff → {response.status_code} {response.text[:300]}"
        return conversation_id, customer

    def live(self, token: str, widget_key: str | None = None) -> str:
        conversation_id, _ = self.handed_off(widget_key)
        self.console_call(token, "POST", f"/conversations/{conversation_id}/take-over", {"expectedOwnerId": None})
        return conversation_id


def _cli(switchboard: Switchboard, *args: str) -> str:
    return _run([os.environ["SWITCHBOARD_BIN"], *args, "--database-url", switchboard.app_db_url],
                env={"SWITCHBOARD_SECRET": switchboard.secret})


@pytest.fixture(scope="module")
def hostile(switchboard: Switchboard) -> Hostile:
    created = _cli(switchboard, "org", "create", "--slug", "e2e-hostile", "--name", "E2E Hostile",
                   "--allowed-origin", switchboard.host_origin)
    widget_key = re.search(r"^\s*widget key\s+(\S+)\s*$", created, re.MULTILINE).group(1)
    admin_token = _cli(switchboard, "agent", "token", "--org", "e2e-hostile", "--email", "hana@hostile.example",
                       "--name", "Hana Hostile", "--role", "admin").strip().splitlines()[-1].strip()
    document = requests.get(f"{switchboard.base_url}/api/v1/openapi.json", timeout=15).json()
    scopes = sorted({scope for ops in document["paths"].values() for op in ops.values() if isinstance(op, dict)
                     for scope in re.findall(r"Scope: `([^`]+)`", op.get("description", "")) if scope != "any"})
    assert len(scopes) >= 5, scopes
    key_args = ["apikey", "create", "--org", "e2e-hostile", "--name", "hostile input"]
    for scope in scopes:
        key_args += ["--scope", scope]
    api_key = _cli(switchboard, *key_args).strip().splitlines()[-1].strip()
    assert api_key.startswith("sk_live_"), api_key

    sessions = [requests.Session() for _ in range(3)]
    for session in sessions:
        move_to_a_new_address(session)
    carol = sessions[1].get(f"{switchboard.base_url}/console/api/me",
                            headers={"Authorization": f"Bearer {switchboard.agent_token}"}, timeout=15).json()
    hana = sessions[1].get(f"{switchboard.base_url}/console/api/me",
                           headers={"Authorization": f"Bearer {admin_token}"}, timeout=15).json()
    hostile = Hostile(switchboard, widget_key, admin_token, api_key, scopes, carol["agent"]["id"], hana["agent"]["id"],
                      *sessions)
    yield hostile
    # Nothing of this module's may be delivered by another test's webhook sender.
    for webhook in hostile.rest_call("GET", "/webhooks?limit=100").json()["data"]:
        hostile.rest_call("DELETE", f"/webhooks/{webhook['id']}")
    # And whatever else points at the address literal, with its pending deliveries (cascade): the
    # webhook test's server delivers from the shared outbox, and this address is never a target.
    subprocess.run(["psql", switchboard.admin_db_url, "-XAtc",
                    f"DELETE FROM switchboard.webhook_subscriptions WHERE url LIKE '{PUBLIC_RECEIVER}%'"],
                   capture_output=True, check=True, timeout=60)
    for session in sessions:
        session.close()


# ----------------------------------------------------------------------------------------------
# The engine

def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def send_corpus(hostile: Hostile, routes: list[Route]) -> tuple[list[str], dict]:
    """Sends every payload to every route; returns the failures (route + payload + why) and counts."""
    failures: list[str] = []
    counts = {"requests": 0, "accepted": 0, "read_back": 0}
    for route in routes:
        sample, _ = route.prepare()
        for payload in corpus(route, sample):
            base, params = route.prepare()
            where = f"{route.name()} with {payload.name}"
            session = route.session
            try:
                response = session.request(route.method, route.url(hostile.base, params), data=payload.data(base),
                                           headers={"Content-Type": "application/json", **route.headers(params)}, timeout=60)
            except requests.RequestException as error:
                failures.append(f"{where}: no answer ({type(error).__name__}: {error})")
                continue
            counts["requests"] += 1
            status = response.status_code
            if status >= 500:
                failures.append(f"{where}: {status} {response.text[:300]} (request id {response.headers.get('X-Request-Id')})")
                continue
            if status >= 400:
                try:
                    error = response.json()["error"]
                    assert isinstance(error["code"], str) and isinstance(error["message"], str) and error["message"]
                except Exception:  # noqa: BLE001 - any deviation from the shape is the finding
                    failures.append(f"{where}: {status} without the error shape: {response.text[:300]!r}")
                    continue
            if payload.expect and (problem := payload.expect(response)):
                failures.append(f"{where}: {problem}: {response.text[:300]}")
                continue
            if 200 <= status < 300:
                counts["accepted"] += 1
                if payload.texts and route.read_back:
                    stored = _strings(route.read_back(response, params))
                    counts["read_back"] += 1
                    for text in payload.texts:
                        if text not in stored:
                            failures.append(f"{where}: accepted ({status}) but {text[:60]!r}… does not read back unchanged")
    return failures, counts


def assert_no_failures(failures: list[str], counts: dict, area: str) -> None:
    print(f"{area}: {counts}")
    assert counts["requests"] > 0
    assert failures == [], f"{len(failures)} of {counts['requests']} requests to the {area} went wrong:\n" + "\n".join(failures)


# ----------------------------------------------------------------------------------------------
# Widget

def test_the_widget_api_withstands_the_corpus(hostile: Hostile):
    switchboard = hostile.switchboard
    widget = hostile.widget
    chats: dict[str, tuple[str, dict, int]] = {}

    def customer(name: str, make: Callable[[], tuple[str, dict]], uses: int) -> tuple[str, dict]:
        """A chat reused `uses` times, under the widget's 20 messages a minute per chat."""
        conversation_id, headers, used = chats.get(name, (None, None, uses))
        if used >= uses:
            conversation_id, headers = make()
            used = 0
        chats[name] = (conversation_id, headers, used + 1)
        return conversation_id, headers

    def messages(_response, params):
        return widget.get(f"{hostile.base}/widget/v1/conversations/{params['id']}/messages?after=0",
                          headers=params["_headers"], timeout=30).json()

    def in_console(response, params):
        conversation_id = params.get("id") or response.json()["conversationId"]
        return hostile.console.get(f"{hostile.base}/console/api/conversations/{conversation_id}",
                                   headers={"Authorization": f"Bearer {switchboard.agent_token}"}, timeout=30).json()

    def start():
        move_to_a_new_address(widget)
        return {"widgetKey": switchboard.widget_key, "pageUrl": f"{switchboard.host_origin}/pricing",
                "context": {"plan": "trial"}}, {}

    def with_chat(body: dict, name: str, make, uses: int):
        def prepare():
            conversation_id, headers = customer(name, make, uses)
            return dict(body), {"id": conversation_id, "_headers": headers}
        return prepare

    def message_body():
        conversation_id, headers = customer("messages", hostile.chat, 8)
        return {"clientMessageId": str(uuid.uuid4()), "body": "Do certificates expire?"}, {"id": conversation_id, "_headers": headers}

    def ended_chat() -> tuple[str, dict]:
        """A chat Carol took over and closed: the customer may rate it (again, to change it)."""
        conversation_id, headers = hostile.handed_off()
        hostile.console_call(switchboard.agent_token, "POST", f"/conversations/{conversation_id}/take-over", {"expectedOwnerId": None})
        hostile.console_call(switchboard.agent_token, "POST", f"/conversations/{conversation_id}/close", {"chatReviewed": True})
        return conversation_id, headers

    origin_headers = lambda params: params.get("_headers") or {"Origin": switchboard.host_origin}  # noqa: E731
    routes = [
        Route("POST", "/widget/v1/conversations", start, read_back=in_console, free_text=("pageUrl",),
              lenient=("pageUrl", "context"), nullable=("pageUrl", "context")),
        Route("POST", "/widget/v1/conversations/{id}/token", with_chat({}, "token", hostile.chat, 40), ignores_body=True),
        Route("POST", "/widget/v1/conversations/{id}/messages", message_body, read_back=messages,
              free_text=("body",), limits={"body": 4000}, nullable=("clientMessageId",)),
        Route("POST", "/widget/v1/conversations/{id}/handoff", with_chat({"reason": "a person, please"}, "handoff", hostile.chat, 1),
              read_back=in_console, free_text=("reason",), nullable=("reason",)),
        Route("POST", "/widget/v1/conversations/{id}/after-hours",
              with_chat({"name": "Night Owl", "email": "owl@example.com", "reason": "Call me tomorrow"}, "after-hours",
                        lambda: hostile.handed_off(switchboard.night_widget_key), 1),
              free_text=("name", "reason")),
        Route("POST", "/widget/v1/conversations/{id}/rating",
              with_chat({"rating": 4, "comment": "Quick and kind"}, "rating", ended_chat, 20), read_back=messages,
              free_text=("comment",), limits={"comment": 1000}, nullable=("comment",)),
        Route("POST", "/widget/v1/conversations/{id}/transcript-email",
              with_chat({"email": "dana@example.com"}, "transcript-email", ended_chat, 40)),
        Route("POST", "/widget/v1/conversations/{id}/attachments?name=notes.txt",
              with_chat({}, "attachments", hostile.chat, 40), takes_a_file=True),
    ]
    for route in routes:
        route.session = widget
        route.headers = origin_headers
    assert {(r.method, r.path.removeprefix("/widget/v1/").split("?")[0]) for r in routes} == WIDGET_WRITE_ROUTES
    failures, counts = send_corpus(hostile, routes)
    assert_no_failures(failures, counts, "widget API")


# ----------------------------------------------------------------------------------------------
# Console

def test_the_console_api_withstands_the_corpus(hostile: Hostile):
    switchboard = hostile.switchboard
    carol, hana = switchboard.agent_token, hostile.admin_token
    hostile_key = lambda: hostile.hostile_widget_key  # noqa: E731 - rotated by one of the routes
    reused: dict[str, tuple[str, int]] = {}

    def chat_in(name: str, make: Callable[[], str], uses: int) -> str:
        conversation_id, used = reused.get(name, (None, uses))
        if used >= uses:
            conversation_id, used = make(), 0
        reused[name] = (conversation_id, used + 1)
        return conversation_id

    def on_chat(body: dict, name: str, make: Callable[[], str], uses: int = 1):
        def prepare():
            return dict(body), {"id": chat_in(name, make, uses)}
        return prepare

    def static(body: dict, **params):
        return lambda: (dict(body), dict(params))

    def unique(body_of: Callable[[], dict], **params):
        return lambda: (body_of(), dict(params))

    def get(token: str, path: str):
        return lambda response, params: hostile.console.get(
            f"{hostile.base}/console/api{path.format(**params)}", headers={"Authorization": f"Bearer {token}"}, timeout=30).json()

    def flagged(token: str, flag_path: str, flag_body: dict, widget_key=None) -> Callable[[], str]:
        def make() -> str:
            conversation_id = hostile.live(token, widget_key() if widget_key else None)
            hostile.console_call(token, "PUT", f"/conversations/{conversation_id}/{flag_path}", flag_body)
            return conversation_id
        return make

    def closed_in_hostile() -> str:
        conversation_id = hostile.live(hana, hostile_key())
        hostile.console_call(hana, "POST", f"/conversations/{conversation_id}/close", {"chatReviewed": True})
        return conversation_id

    def in_followup() -> str:
        conversation_id = flagged(carol, "followup", {"followupNeeded": True, "note": "call back"})()
        hostile.console_call(carol, "POST", f"/conversations/{conversation_id}/close", {"chatReviewed": True})
        return conversation_id

    def fresh_key() -> tuple[dict, dict]:
        created = hostile.console_call(hana, "POST", "/admin/api-keys", {"name": "to revoke", "scopes": ["conversations:read"]})
        return {}, {"id": created.json()["apiKey"]["id"]}

    live_carol = lambda: hostile.live(carol)  # noqa: E731
    needs_carol = lambda: hostile.handed_off()[0]  # noqa: E731
    webhook = hostile.console_call(hana, "POST", "/admin/webhooks", {
        "url": PUBLIC_RECEIVER, "events": ["followup.flagged"], "description": "hostile"}).json()
    webhook_id = (webhook.get("webhook") or webhook)["id"]
    entry = hostile.console_call(hana, "POST", "/playbook", {"section": "S", "phrase": "P", "answer": "A", "owner": "O"}).json()
    entry_id = (entry.get("entry") or entry)["id"]
    item = hostile.console_call(hana, "POST", "/test-plan", {"title": "T", "steps": "S", "expectedResult": "R"}).json()
    item_id = (item.get("item") or item)["id"]
    runnable = hostile.console_call(hana, "POST", "/test-plan", {
        "title": "Asking for a person", "question": "Can I talk to a person please?", "expect": "handoff"}).json()
    runnable_id = (runnable.get("item") or runnable)["id"]
    kb_article_id = _id_of(hostile.rest_call("POST", "/kb/articles", {
        "external_id": f"examples-{uuid.uuid4().hex[:6]}", "title": "Refunds", "body": "Within 30 days."}).json())
    example_id = hostile.console_call(hana, "POST", f"/kb/articles/{kb_article_id}/examples",
                                      {"question": "how do refunds work"}).json()["example"]["id"]
    _cli(switchboard, "agent", "token", "--org", "e2e-hostile", "--email", "ivan@hostile.example", "--name", "Ivan Idle")
    ivan = next(a for a in hostile.console_call(hana, "GET", "/admin/agents").json()["agents"] if a["email"] == "ivan@hostile.example")

    n = lambda prefix: f"{prefix} {uuid.uuid4().hex[:6]}"  # noqa: E731
    routes = [
        # Carol, an agent of E2E Academy, on its chats.
        Route("POST", "conversations/{id}/take-over", on_chat({"expectedOwnerId": None}, "take-over", needs_carol),
              nullable=("expectedOwnerId",)),
        Route("POST", "conversations/{id}/messages",
              lambda: ({"body": "Let me check that.", "clientMessageId": str(uuid.uuid4())}, {"id": chat_in("reply", live_carol, 15)}),
              read_back=get(carol, "/conversations/{id}"), free_text=("body",), limits={"body": 4000}, nullable=("clientMessageId",)),
        Route("POST", "conversations/{id}/hand-back", on_chat({}, "hand-back", live_carol), ignores_body=True),
        Route("POST", "conversations/{id}/transfer", on_chat({"toAgentId": hostile.carol_id}, "transfer", live_carol)),
        Route("PUT", "conversations/{id}/qa", on_chat({"flaggedIncorrect": True, "correctionNote": "wrong days"}, "review", live_carol, 15),
              read_back=get(carol, "/conversations/{id}"), free_text=("correctionNote",), nullable=("correctionNote",)),
        Route("PUT", "conversations/{id}/kb-update", on_chat({"kbUpdateNeeded": True, "note": "add the days"}, "review", live_carol, 15),
              read_back=get(carol, "/conversations/{id}"), free_text=("note",), nullable=("note",)),
        Route("PUT", "conversations/{id}/followup", on_chat({"followupNeeded": True, "note": "call back"}, "review", live_carol, 15),
              read_back=get(carol, "/conversations/{id}"), free_text=("note",), nullable=("note",)),
        Route("POST", "conversations/{id}/followup/complete", on_chat({"resolutionNote": "called back"}, "followup", in_followup),
              free_text=("resolutionNote",)),
        Route("POST", "conversations/{id}/close", on_chat({"chatReviewed": True, "kbNeedsUpdate": False}, "close", live_carol),
              nullable=("chatReviewed", "kbNeedsUpdate")),
        Route("POST", "queues/corrections/{id}/reviewed",
              on_chat({}, "corrections", flagged(carol, "qa", {"flaggedIncorrect": True, "correctionNote": "x"})), ignores_body=True),
        Route("POST", "queues/kb-review/{id}/updated",
              on_chat({}, "kb-review", flagged(carol, "kb-update", {"kbUpdateNeeded": True, "note": "x"})), ignores_body=True),
        Route("POST", "presence/heartbeat", static({}), ignores_body=True),
        Route("POST", "conversations/{id}/notes", on_chat({"body": "@Carol see the refund rules"}, "notes", live_carol, 15),
              read_back=get(carol, "/conversations/{id}"), free_text=("body",), limits={"body": 4000}),
        Route("PUT", "conversations/{id}/labels", on_chat({"labels": ["billing", "vip"]}, "labels", live_carol, 15),
              read_back=get(carol, "/conversations/{id}")),
        Route("POST", "conversations/{id}/attachments?name=notes.txt", on_chat({}, "attachments", live_carol, 40),
              takes_a_file=True),
        # Email is off for E2E Academy unless a test turned it on: queued (202) or refused (409), never a 5xx.
        Route("POST", "conversations/{id}/emails/transcript", on_chat({}, "emails", live_carol, 40), ignores_body=True),
        # Hana, an administrator of E2E Hostile.
        Route("POST", "conversations/{id}/archive", on_chat({}, "archive", closed_in_hostile), ignores_body=True),
        Route("PATCH", "me", static({"displayNameOverride": "Hana H."}), read_back=get(hana, "/me"),
              free_text=("displayNameOverride",), nullable=("displayNameOverride",)),
        Route("POST", "logout", static({}), ignores_body=True),
        Route("PUT", "sso", static({"issuer": "https://sso.hostile.example", "clientId": "switchboard", "clientSecret": "s3cret",
                                    "roleClaim": "role", "scopes": ["openid", "email"]}),
              read_back=get(hana, "/sso"), free_text=("clientId", "roleClaim"), nullable=("clientSecret", "roleClaim", "scopes")),
        Route("PUT", "admin/agents/{id}", static({"role": "agent", "disabled": False}, id=ivan["id"]), nullable=("role", "disabled")),
        # Off, so no answer in this module ever calls the (unreachable) provider.
        Route("PUT", "answer-engine", static({"enabled": False, "baseUrl": "http://127.0.0.1:9/v1", "model": "gpt-4o-mini",
                                              "apiKey": "sk-hostile-0123", "instructions": "Be brief."}),
              read_back=get(hana, "/answer-engine"), free_text=("instructions",), limits={"instructions": 4000},
              nullable=("enabled", "baseUrl", "model", "apiKey", "instructions")),
        # Off, so nothing of this module is ever emailed.
        Route("PUT", "email", static({"enabled": False, "host": "smtp.hostile.example", "port": 587, "security": "starttls",
                                      "username": "hana", "password": "s3cret", "fromAddress": "help@hostile.example",
                                      "fromName": "Hostile Help"}),
              read_back=get(hana, "/email"), free_text=("fromName",), limits={"fromName": 100},
              nullable=("enabled", "host", "port", "security", "username", "password", "fromAddress", "fromName")),
        # The SMTP host is no public address the session's server may reach: refused at once, nothing sent.
        Route("POST", "email/test", static({"to": "hana@hostile.example"})),
        # Off, so no chat of this module is ever joined by a sweep.
        Route("PUT", "assignment", static({"enabled": False, "maxChatsPerAgent": 3}), read_back=get(hana, "/assignment")),
        Route("POST", "cleanup", static({"before": "2000-01-01", "confirmation": "delete 0"})),
        Route("POST", "admin/api-keys", unique(lambda: {"name": n("CRM sync"), "scopes": ["conversations:read"]}),
              read_back=get(hana, "/admin/api-keys"), free_text=("name",)),
        Route("POST", "admin/api-keys/{id}/revoke", fresh_key, ignores_body=True),
        Route("PUT", "settings", static({"aiChatEnabled": True, "timeZone": "Europe/London", "idleCloseMinutes": 30,
                                         "widgetAllowedOrigins": [switchboard.host_origin]}),
              nullable=("aiChatEnabled", "timeZone", "idleCloseMinutes", "widgetAllowedOrigins")),
        Route("POST", "playbook", unique(lambda: {"section": "Billing", "phrase": n("refund"), "answer": "30 days", "owner": "Hana"}),
              read_back=get(hana, "/playbook"), free_text=("section", "phrase", "answer", "owner"),
              nullable=("section", "phrase", "answer", "owner")),
        Route("PUT", "playbook/{id}", static({"section": "Billing", "phrase": "refund", "answer": "30 days", "owner": "Hana"}, id=entry_id),
              read_back=get(hana, "/playbook"), free_text=("section", "phrase", "answer", "owner"),
              nullable=("section", "phrase", "answer", "owner")),
        Route("POST", "admin/webhooks", unique(lambda: {"url": PUBLIC_RECEIVER, "events": ["followup.flagged"],
                                                        "description": n("CRM")}),
              read_back=get(hana, "/admin/webhooks"), free_text=("description",), nullable=("description",)),
        Route("PATCH", "admin/webhooks/{id}", static({"description": "CRM", "active": False}, id=webhook_id),
              read_back=get(hana, "/admin/webhooks"), free_text=("description",), nullable=("description", "active")),
        Route("POST", "admin/webhooks/{id}/rotate-secret", static({}, id=webhook_id), ignores_body=True),
        Route("POST", "admin/webhooks/{id}/deliveries/{deliveryId}/redeliver", static({}, id=webhook_id, deliveryId=str(uuid.uuid4())),
              ignores_body=True),
        Route("POST", "admin/webhooks/{id}/test", static({}, id=webhook_id), ignores_body=True),
        Route("POST", "test-plan", unique(lambda: {"title": n("Refunds"), "steps": "Ask", "expectedResult": "30 days"}),
              read_back=get(hana, "/test-plan"), free_text=("title", "steps", "expectedResult"),
              nullable=("title", "steps", "expectedResult")),
        Route("PUT", "test-plan/{id}", static({"title": "Refunds", "steps": "Ask", "expectedResult": "30 days",
                                               "question": "Will it rain tomorrow?", "expect": "decline"}, id=item_id),
              read_back=get(hana, "/test-plan"), free_text=("title", "steps", "expectedResult", "question"),
              limits={"question": 1000}, nullable=("title", "steps", "expectedResult")),
        Route("POST", "test-plan/{id}/results", static({"outcome": "pass", "note": "fine"}, id=item_id),
              read_back=get(hana, "/test-plan"), free_text=("note",), nullable=("note",)),
        Route("POST", "test-plan/{id}/run", static({}, id=runnable_id), ignores_body=True),
        Route("POST", "kb/articles/{id}/examples", unique(lambda: {"question": n("can i get my money back")}, id=kb_article_id),
              read_back=get(hana, "/kb/articles/{id}/examples"), free_text=("question",), limits={"question": 1000}),
        Route("PATCH", "kb/examples/{id}", static({"question": "how do refunds work", "approved": True}, id=example_id),
              nullable=("question", "approved")),
        Route("POST", "kb/vocabulary", unique(lambda: {"term": n("PTO"), "meaning": "paid time off"}),
              read_back=get(hana, "/kb/vocabulary"), free_text=("term", "meaning"), limits={"term": 100, "meaning": 200}),
        # Last: it changes the widget key that E2E Hostile's chats are started with.
        Route("POST", "settings/widget-key/rotate", static({}), ignores_body=True),
    ]
    assert {(r.method, r.path.split("?")[0]) for r in routes} == CONSOLE_WRITE_ROUTES
    agent_routes = 16
    for index, route in enumerate(routes):
        token = carol if index < agent_routes else hana
        route.path = "/console/api/" + route.path
        route.session = hostile.console
        route.headers = lambda params, token=token: {"Authorization": f"Bearer {token}"}
    failures, counts = send_corpus(hostile, routes)
    hostile.hostile_widget_key = hostile.console_call(hana, "GET", "/settings").json()["widgetKey"]
    assert_no_failures(failures, counts, "console API")


# ----------------------------------------------------------------------------------------------
# REST

def _id_of(created: dict) -> str:
    """The id of a created resource: `{"id"}`, or `{"entry": {"id"}}` and the like."""
    if "id" in created:
        return created["id"]
    inner = [value for value in created.values() if isinstance(value, dict) and "id" in value]
    assert len(inner) == 1, created
    return inner[0]["id"]


def test_the_rest_api_withstands_the_corpus(hostile: Hostile):
    switchboard = hostile.switchboard
    hana, hana_id = hostile.admin_token, hostile.hana_id
    document = hostile.rest.get(f"{hostile.base}/api/v1/openapi.json", timeout=15).json()
    operations = {(method.upper(), path.removeprefix("/api/v1")) for path, ops in document["paths"].items()
                  for method in ops if method in ("post", "put", "patch")}
    n = lambda prefix: f"{prefix} {uuid.uuid4().hex[:6]}"  # noqa: E731
    reused: dict[str, tuple[str, int]] = {}

    def live_chat(name: str, uses: int) -> str:
        conversation_id, used = reused.get(name, (None, uses))
        if used >= uses:
            conversation_id, used = hostile.live(hana, hostile.hostile_widget_key), 0
        reused[name] = (conversation_id, used + 1)
        return conversation_id

    def get(path: str):
        def read(response, params):
            url = f"{hostile.base}/api/v1{path.format(**params)}"
            pages, cursor = [], None
            while True:
                page = hostile.rest.get(url, params={"limit": 100, **({"cursor": cursor} if cursor else {})},
                                        headers={"Authorization": f"Bearer {hostile.api_key}"}, timeout=30).json()
                pages.append(page)
                cursor = page.get("next_cursor") if isinstance(page, dict) else None
                if not cursor:
                    return pages
        return read

    def created(path: str):
        """The resource the response created, read again by its id."""
        return lambda response, params: get(path.replace("{id}", _id_of(response.json())))(response, params)

    article = hostile.rest_call("POST", "/kb/articles", {"external_id": n("hostile"), "title": "Refunds", "body": "30 days"}).json()
    entry = hostile.rest_call("POST", "/playbook/entries", {"agent_id": hana_id, "section": "Billing", "phrase": "refund", "answer": "30 days"}).json()
    item = hostile.rest_call("POST", "/test-plan/items", {"title": "Refunds", "steps": "Ask",
                                                          "question": "Can I talk to a person please?", "expect": "handoff"}).json()
    webhook = hostile.rest_call("POST", "/webhooks", {"url": PUBLIC_RECEIVER, "events": ["followup.flagged"]}).json()
    ids = {name: _id_of(value) for name, value in
           (("article", article), ("entry", entry), ("item", item), ("webhook", webhook))}

    prepared = {
        ("POST", "/conversations/{id}/messages"): Route(
            "POST", "/conversations/{id}/messages",
            lambda: ({"agent_id": hana_id, "body": "Let me check.", "client_message_id": str(uuid.uuid4())},
                     {"id": live_chat("messages", 15)}),
            read_back=get("/conversations/{id}"), free_text=("body",), limits={"body": 4000}, nullable=("client_message_id",)),
        ("POST", "/conversations/{id}/mode"): Route(
            "POST", "/conversations/{id}/mode",
            lambda: ({"action": "hand_back", "agent_id": hana_id}, {"id": live_chat("mode", 1)})),
        ("PATCH", "/conversations/{id}/flags"): Route(
            "PATCH", "/conversations/{id}/flags",
            lambda: ({"agent_id": hana_id, "flagged_incorrect": True, "correction_note": "wrong", "kb_update_needed": True,
                      "kb_note": "add it", "followup_needed": False}, {"id": live_chat("flags", 15)}),
            read_back=get("/conversations/{id}"), free_text=("correction_note", "kb_note"), limits={"correction_note": 2000},
            nullable=("correction_note", "kb_note")),
        ("POST", "/kb/articles"): Route(
            "POST", "/kb/articles",
            lambda: ({"external_id": n("ext"), "title": n("Refunds"), "body": "Within 30 days.", "section": "Billing",
                      "url": "https://academy.example/help"}, {}),
            read_back=created("/kb/articles/{id}"), free_text=("external_id", "title", "body", "section")),
        ("POST", "/kb/articles/{id}/examples"): Route(
            "POST", "/kb/articles/{id}/examples",
            lambda: ({"questions": [n("can i get my money back")]}, {"id": ids["article"]})),
        ("POST", "/kb/articles/bulk"): Route(
            "POST", "/kb/articles/bulk",
            lambda: ({"articles": [{"external_id": n("bulk"), "title": "Refunds", "body": "Within 30 days."}]}, {})),
        ("PATCH", "/kb/articles/{id}"): Route(
            "PATCH", "/kb/articles/{id}",
            lambda: ({"title": "Refunds", "body": "Within 30 days.", "section": "Billing"}, {"id": ids["article"]}),
            read_back=get("/kb/articles/{id}"), free_text=("title", "body", "section")),
        ("POST", "/playbook/entries"): Route(
            "POST", "/playbook/entries",
            lambda: ({"agent_id": hana_id, "section": "Billing", "phrase": n("refund"), "answer": "30 days", "owner": "Hana",
                      "position": 1}, {}),
            read_back=get("/playbook/entries"), free_text=("section", "phrase", "answer", "owner")),
        ("PATCH", "/playbook/entries/{id}"): Route(
            "PATCH", "/playbook/entries/{id}",
            lambda: ({"agent_id": hana_id, "section": "Billing", "phrase": "refund", "answer": "30 days", "owner": "Hana"},
                     {"id": ids["entry"]}),
            read_back=get("/playbook/entries"), free_text=("section", "phrase", "answer", "owner")),
        ("POST", "/test-plan/items"): Route(
            "POST", "/test-plan/items",
            lambda: ({"title": n("Refunds"), "steps": "Ask", "expected_result": "30 days", "position": 1}, {}),
            read_back=get("/test-plan/items"), free_text=("title", "steps", "expected_result")),
        ("PATCH", "/test-plan/items/{id}"): Route(
            "PATCH", "/test-plan/items/{id}",
            lambda: ({"title": "Refunds", "steps": "Ask", "expected_result": "30 days",
                      "question": "Can I talk to a person please?", "expect": "handoff"}, {"id": ids["item"]}),
            read_back=get("/test-plan/items"), free_text=("title", "steps", "expected_result", "question"),
            limits={"question": 1000}),
        ("POST", "/test-plan/items/{id}/run"): Route(
            "POST", "/test-plan/items/{id}/run", lambda: ({}, {"id": ids["item"]}), ignores_body=True),
        ("POST", "/test-plan/run"): Route("POST", "/test-plan/run", lambda: ({}, {}), ignores_body=True),
        ("POST", "/test-plan/items/{id}/results"): Route(
            "POST", "/test-plan/items/{id}/results",
            lambda: ({"agent_id": hana_id, "outcome": "pass", "note": "fine"}, {"id": ids["item"]}),
            read_back=get("/test-plan/items"), free_text=("note",)),
        ("PATCH", "/settings"): Route(
            "PATCH", "/settings",
            lambda: ({"agent_id": hana_id, "ai_chat_enabled": True, "time_zone": "Europe/London", "idle_close_minutes": 30,
                      "widget_allowed_origins": [switchboard.host_origin]}, {})),
        # Off, and a loopback port nothing listens on: no answer here ever reaches a provider.
        ("PATCH", "/settings/answer-engine"): Route(
            "PATCH", "/settings/answer-engine",
            lambda: ({"enabled": False, "base_url": "http://127.0.0.1:9/v1", "model": "gpt-4o-mini", "api_key": "sk-hostile-0123",
                      "instructions": "Be brief."}, {}),
            read_back=get("/settings/answer-engine"), free_text=("instructions",), limits={"instructions": 4000},
            nullable=("enabled", "base_url", "model", "api_key", "instructions")),
        ("POST", "/webhooks"): Route(
            "POST", "/webhooks",
            lambda: ({"url": PUBLIC_RECEIVER, "events": ["followup.flagged"], "description": n("CRM")}, {}),
            read_back=created("/webhooks/{id}"), free_text=("description",), nullable=("description",)),
        ("PATCH", "/webhooks/{id}"): Route(
            "PATCH", "/webhooks/{id}",
            lambda: ({"description": "CRM", "active": False}, {"id": ids["webhook"]}),
            read_back=get("/webhooks/{id}"), free_text=("description",)),
        ("PATCH", "/settings/email"): Route(
            "PATCH", "/settings/email",
            lambda: ({"enabled": False, "host": "smtp.hostile.example", "port": 587, "security": "starttls", "username": "hana",
                      "password": "s3cret", "from_address": "help@hostile.example", "from_name": "Hostile Help"}, {}),
            read_back=get("/settings/email"), free_text=("from_name",), limits={"from_name": 100}),
        ("POST", "/conversations/{id}/transcript-email"): Route(
            "POST", "/conversations/{id}/transcript-email", lambda: ({}, {"id": live_chat("transcript-email", 40)}),
            ignores_body=True),
        ("POST", "/webhooks/{id}/rotate-secret"): Route(
            "POST", "/webhooks/{id}/rotate-secret", lambda: ({}, {"id": ids["webhook"]}), ignores_body=True),
        ("POST", "/webhooks/{id}/deliveries/{delivery_id}/redeliver"): Route(
            "POST", "/webhooks/{id}/deliveries/{delivery_id}/redeliver",
            lambda: ({}, {"id": ids["webhook"], "delivery_id": str(uuid.uuid4())}), ignores_body=True),
    }
    assert set(prepared) == operations, "every write operation of the OpenAPI document needs a body here"
    schemas = document["components"]["schemas"]
    routes = []
    for (method, path), route in prepared.items():
        # Optional fields may be null (absent, or "leave as it is" in a PATCH), as the document says.
        reference = document["paths"]["/api/v1" + path][method.lower()].get("requestBody", {}) \
            .get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
        if reference:
            schema = schemas[reference.rsplit("/", 1)[-1]]
            route.nullable = tuple(set(schema.get("properties", {})) - set(schema.get("required", [])))
        # A key per route: the per-key rate limit (600 a minute) must not be what answers.
        key_args = ["apikey", "create", "--org", "e2e-hostile", "--name", f"hostile {route.name()}"]
        for scope in hostile.api_scopes:
            key_args += ["--scope", scope]
        key = _cli(switchboard, *key_args).strip().splitlines()[-1].strip()
        route.path = "/api/v1" + route.path
        route.limit = 4 * MiB
        route.session = hostile.rest
        route.headers = lambda params, key=key: {"Authorization": f"Bearer {key}"}
        routes.append(route)
    failures, counts = send_corpus(hostile, routes)
    assert_no_failures(failures, counts, "REST API")
