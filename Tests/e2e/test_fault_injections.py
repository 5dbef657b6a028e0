"""The browser tests see the real server: the only requests they intercept are faults a test is
about (a 503, a dropped request or socket), and each such handler is a function named `inject_…`
with a docstring saying what it simulates. An answer faked for a route the server lacks, or a
lambda that quietly fulfils a request, fails here."""

from __future__ import annotations

import ast
from pathlib import Path

INTERCEPTIONS = {"route", "route_web_socket", "route_from_har"}


def _interceptions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in INTERCEPTIONS:
            yield node


def test_every_interception_is_a_named_and_documented_fault_injection():
    problems: list[str] = []
    checked = 0
    for path in sorted(Path(__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        functions = {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
        for call in _interceptions(tree):
            checked += 1
            where = f"{path.name}:{call.lineno}"
            handler = call.args[1] if len(call.args) > 1 else None
            if not isinstance(handler, ast.Name):
                problems.append(f"{where}: the handler must be a named inject_… function, not {ast.dump(handler)[:60]}")
                continue
            if not handler.id.startswith("inject_"):
                problems.append(f"{where}: handler {handler.id} is not named inject_…")
            elif handler.id not in functions or not ast.get_docstring(functions[handler.id]):
                problems.append(f"{where}: {handler.id} has no docstring saying which fault it simulates")
    assert checked > 0, "no interception found at all; is the scan looking at the right files?"
    assert problems == [], "\n".join(problems)
