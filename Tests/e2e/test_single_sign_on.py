"""Console sign-in through a real OpenID Connect provider (oidc-provider-mock): the whole
authorization-code flow with `requests`, as a browser would follow it, against `switchboard serve`."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from urllib.parse import parse_qs, urlsplit

import requests
from oidc_provider_mock import run_server_in_thread

from conftest import Switchboard


def _configure_sso(switchboard: Switchboard, issuer: str) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".secret", delete=False) as secret_file:
        secret_file.write("e2e-client-secret\n")
    try:
        result = subprocess.run(
            [os.environ["SWITCHBOARD_BIN"], "org", "sso", "--org", "e2e", "--issuer", issuer,
             "--client-id", "switchboard-e2e", "--client-secret-file", secret_file.name,
             "--database-url", switchboard.app_db_url],
            env={**os.environ, "SWITCHBOARD_SECRET": switchboard.secret},
            capture_output=True, text=True, timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert "e2e-client-secret" not in result.stdout + result.stderr
    finally:
        os.unlink(secret_file.name)


def _sign_in(switchboard: Switchboard, issuer: str, sub: str) -> tuple[requests.Session, requests.Response]:
    """Follows the whole flow as a browser does; returns the browser and the callback's answer."""
    browser = requests.Session()
    start = browser.get(f"{switchboard.base_url}/console/auth/start?org=e2e", allow_redirects=False, timeout=15)
    assert start.status_code == 302, start.text
    authorize_url = start.headers["Location"]
    approved = browser.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=15)
    assert approved.status_code == 302, approved.text
    return browser, browser.get(approved.headers["Location"], allow_redirects=False, timeout=15)


def test_signing_in_through_the_provider_shows_the_name_claim(switchboard: Switchboard) -> None:
    with run_server_in_thread(require_nonce=True) as provider:
        issuer = f"http://localhost:{provider.server_port}"
        # The provider's user: its `name` claim becomes the agent's sign-in name.
        user = requests.put(
            f"{issuer}/users/zoe-1", json={"name": "Zoë Okafor", "email": "zoe@e2e.example"}, timeout=10
        )
        assert user.status_code == 204
        _configure_sso(switchboard, issuer)

        browser = requests.Session()
        start = browser.get(f"{switchboard.base_url}/console/auth/start?org=e2e", allow_redirects=False, timeout=15)
        assert start.status_code == 302, start.text
        authorize_url = start.headers["Location"]
        assert authorize_url.startswith(f"{issuer}/oauth2/authorize?")
        query = parse_qs(urlsplit(authorize_url).query)
        assert query["code_challenge_method"] == ["S256"]
        assert query["client_id"] == ["switchboard-e2e"]
        assert query["state"] and query["nonce"] and query["code_challenge"]
        signin_cookie = start.headers["Set-Cookie"]
        assert "HttpOnly" in signin_cookie and "SameSite=Lax" in signin_cookie

        # The provider shows its form; the person submits it (the form posts back to the same URL).
        form = browser.get(authorize_url, timeout=15)
        assert form.status_code == 200 and 'name="sub"' in form.text
        approved = browser.post(authorize_url, data={"sub": "zoe-1"}, allow_redirects=False, timeout=15)
        assert approved.status_code == 302, approved.text
        callback_url = approved.headers["Location"]
        assert callback_url.startswith(f"{switchboard.base_url}/console/auth/callback?")

        # A forged state is refused before the code is spent.
        forged = re.sub(r"state=[^&]+", "state=forged", callback_url)
        assert requests.get(forged, cookies=browser.cookies, allow_redirects=False, timeout=15).status_code == 400

        signed_in = browser.get(callback_url, allow_redirects=False, timeout=15)
        assert signed_in.status_code == 302, signed_in.text
        assert signed_in.headers["Location"] == "/console"
        session_cookie = signed_in.headers["Set-Cookie"]
        assert "sb_session=" in session_cookie and "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie

        me = browser.get(f"{switchboard.base_url}/console/api/me", timeout=15)
        assert me.status_code == 200, me.text
        body = me.json()
        assert body["agent"]["signInName"] == "Zoë Okafor"
        assert body["agent"]["displayName"] == "Zoë Okafor"
        assert body["agent"]["email"] == "zoe@e2e.example"
        assert body["agent"]["role"] == "agent"
        assert body["organisation"]["slug"] == "e2e"

        # Changes made with the cookie need the session's CSRF token.
        refused = browser.patch(f"{switchboard.base_url}/console/api/me", json={"displayNameOverride": "Zo"}, timeout=15)
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "csrf_failed"
        renamed = browser.patch(
            f"{switchboard.base_url}/console/api/me", json={"displayNameOverride": "Zo"},
            headers={"X-CSRF-Token": body["csrfToken"]}, timeout=15,
        )
        assert renamed.status_code == 200 and renamed.json()["agent"]["displayName"] == "Zo"

        stolen = browser.cookies.get("sb_session")
        logout = browser.post(
            f"{switchboard.base_url}/console/api/logout", headers={"X-CSRF-Token": body["csrfToken"]}, timeout=15
        )
        assert logout.status_code == 204
        assert browser.get(f"{switchboard.base_url}/console/api/me", timeout=15).status_code == 401
        # The session is revoked on the server, not just forgotten by the browser.
        replayed = requests.get(f"{switchboard.base_url}/console/api/me", cookies={"sb_session": stolen}, timeout=15)
        assert replayed.status_code == 401

        # Signing in again finds the same agent; `switchboard agent disable` ends that session
        # and refuses the next sign-in.
        again, answer = _sign_in(switchboard, issuer, "zoe-1")
        assert answer.status_code == 302
        assert again.get(f"{switchboard.base_url}/console/api/me", timeout=15).json()["agent"]["id"] == body["agent"]["id"]
        disabled = subprocess.run(
            [os.environ["SWITCHBOARD_BIN"], "agent", "disable", "--org", "e2e", "--id", body["agent"]["id"],
             "--database-url", switchboard.app_db_url],
            capture_output=True, text=True, timeout=60,
        )
        assert disabled.returncode == 0, disabled.stderr
        assert again.get(f"{switchboard.base_url}/console/api/me", timeout=15).status_code == 401
        _, refused_again = _sign_in(switchboard, issuer, "zoe-1")
        assert refused_again.status_code == 403
        assert "disabled" in refused_again.text and "sb_session" not in refused_again.headers.get("Set-Cookie", "")


def test_development_sign_in_refuses_to_start_outside_the_embedded_demo(switchboard: Switchboard) -> None:
    # The test database is not ops/demo's cluster: no superuser-set switchboard.embedded_demo marker.
    result = subprocess.run(
        [os.environ["SWITCHBOARD_BIN"], "serve", "--dev-sign-in", "--port", "0",
         "--database-url", switchboard.app_db_url, "--log-format", "text"],
        env={**os.environ, "SWITCHBOARD_SECRET": switchboard.secret},
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 78
    assert "--dev-sign-in is only for the embedded demo database" in result.stderr
    # And the running server (started without the flag) has no development sign-in at all.
    assert requests.get(f"{switchboard.base_url}/console/dev-login?org=e2e", timeout=15).status_code == 404
