"""Cross-origin protection: state-changing requests from another site are refused, on every
form and API call alike; same-origin browsers and non-browser clients pass."""

from __future__ import annotations

import pytest
from starlette.datastructures import Headers

from achillescare.web.csrf import refusal
from tests.web.conftest import SignIn, runner_id


class TestRefusal:
    @pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
    def test_safe_methods_always_pass(self, method: str) -> None:
        assert refusal(method, Headers({"sec-fetch-site": "cross-site"})) is None

    @pytest.mark.parametrize("site", ["same-origin", "none"])
    def test_a_same_origin_browser_passes(self, site: str) -> None:
        assert refusal("POST", Headers({"sec-fetch-site": site, "host": "a.example"})) is None

    @pytest.mark.parametrize("site", ["cross-site", "same-site"])
    def test_another_site_is_refused_whatever_its_origin_says(self, site: str) -> None:
        headers = Headers(
            {"sec-fetch-site": site, "origin": "http://a.example", "host": "a.example"}
        )
        assert refusal("POST", headers) is not None

    def test_an_old_browser_is_judged_by_its_origin(self) -> None:
        same = Headers({"origin": "http://a.example:8000", "host": "a.example:8000"})
        other = Headers({"origin": "http://b.example:8000", "host": "a.example:8000"})
        opaque = Headers({"origin": "null", "host": "a.example:8000"})
        assert refusal("POST", same) is None
        assert refusal("POST", other) is not None
        assert refusal("POST", opaque) is not None

    def test_a_client_sending_neither_header_is_not_a_browser_and_passes(self) -> None:
        assert refusal("DELETE", Headers({"host": "a.example"})) is None


class TestTheApp:
    def test_a_cross_site_check_in_form_is_refused_and_nothing_is_saved(
        self, sign_in: SignIn
    ) -> None:
        client = sign_in("steady")
        before = client.get(f"/api/v1/runners/{runner_id(client)}/today").json()
        response = client.post(
            "/checkin",
            data={"side": "left", "morning_pain": "9"},
            headers={"sec-fetch-site": "cross-site", "origin": "https://evil.example"},
        )
        assert response.status_code == 403
        after = client.get(f"/api/v1/runners/{runner_id(client)}/today").json()
        assert after["decision"] == before["decision"]

    def test_a_cross_site_api_call_is_refused(self, sign_in: SignIn) -> None:
        client = sign_in("steady")
        response = client.put(
            f"/api/v1/runners/{runner_id(client)}/settings",
            json={"units": "mi"},
            headers={"origin": "https://evil.example"},
        )
        assert response.status_code == 403

    def test_a_cross_site_sign_out_is_refused(self, sign_in: SignIn) -> None:
        client = sign_in("steady")
        refused = client.post("/signout", headers={"sec-fetch-site": "cross-site"})
        assert refused.status_code == 403
        assert client.get("/api/v1/me").status_code == 200

    def test_the_same_form_from_the_app_itself_is_accepted(self, sign_in: SignIn) -> None:
        client = sign_in("steady")
        response = client.post(
            "/checkin",
            data={"side": "left", "morning_pain": "1", "ran": "no"},
            headers={"sec-fetch-site": "same-origin", "origin": "http://testserver"},
            follow_redirects=False,
        )
        assert response.status_code == 303


class TestSecurityHeaders:
    def test_every_response_forbids_framing_and_sniffing(self, app_client, sign_in) -> None:
        responses = [
            app_client.get("/signin"),
            app_client.get("/api/v1/me"),
            app_client.get("/static/app.css"),
            sign_in("spike").get("/today"),
        ]
        for response in responses:
            assert response.headers["x-frame-options"] == "DENY"
            assert response.headers["x-content-type-options"] == "nosniff"
            policy = response.headers["content-security-policy"]
            assert "frame-ancestors 'none'" in policy
            assert "script-src 'self' 'unsafe-eval'" in policy
