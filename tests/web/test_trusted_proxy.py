"""Behind a reverse proxy the sign-in limit per address must count each client, not the proxy:
``achilles serve`` believes X-Forwarded-For from the proxies it trusts (127.0.0.1 by default,
``--trusted-proxy`` otherwise) and from nobody else. Real server processes, real HTTP."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.serving import serving

CLIENT_A = "203.0.113.7"
CLIENT_B = "203.0.113.8"


def sign_in_from(url: str, address: str, email: str) -> int:
    response = httpx.post(
        f"{url}/api/v1/auth/signin",
        json={"email": email, "password": "not-the-password"},
        headers={"X-Forwarded-For": address},
        timeout=30,
    )
    return response.status_code


def five_failures_then(url: str, next_address: str) -> int:
    """Five failed sign-ins (different accounts) from client A, then one from ``next_address``."""
    for n in range(5):
        assert sign_in_from(url, CLIENT_A, f"nobody{n}@example.org") == 401
    return sign_in_from(url, next_address, "someone@example.org")


def test_a_local_proxy_s_forwarded_address_is_what_the_limit_counts(tmp_path: Path) -> None:
    with serving(tmp_path / "a.db", tmp_path) as server:
        assert five_failures_then(server.url, CLIENT_B) == 401  # B is not A: not locked out
        assert sign_in_from(server.url, CLIENT_A, "someone@example.org") == 429


def test_an_untrusted_peer_cannot_pick_its_address(tmp_path: Path) -> None:
    """Trusting only another proxy, the header from this peer is ignored: A and B are one."""
    with serving(tmp_path / "b.db", tmp_path, ["--trusted-proxy", "192.0.2.1"]) as server:
        assert five_failures_then(server.url, CLIENT_B) == 429
