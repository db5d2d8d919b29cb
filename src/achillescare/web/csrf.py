"""Cross-origin request forgery protection from the ``Sec-Fetch-Site`` and ``Origin`` headers.

The algorithm of Go 1.25's ``http.CrossOriginProtection``, described by Filippo Valsorda
(https://words.filippo.io/csrf/) and used by datasette's ``datasette/csrf.py``: a state-changing
request (anything but GET, HEAD, OPTIONS) passes only if the browser says it is same-origin
(``Sec-Fetch-Site: same-origin`` or ``none``), or, from a browser too old to send that header, if
its ``Origin`` names this host. A request with neither header is not from a browser (curl, the
test client, scripts) and cannot carry a forged cross-site form, so it passes; the session cookie
is also ``SameSite=Lax``, which keeps it off cross-site POSTs in every current browser. No form
tokens are needed, so every form and every API call is covered the same way.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def refusal(method: str, headers: Headers) -> str | None:
    """Why a request must be refused as cross-origin, or None when it may pass."""
    if method in SAFE_METHODS:
        return None
    site = headers.get("sec-fetch-site")
    if site is not None:
        return None if site in {"same-origin", "none"} else f"Sec-Fetch-Site is {site!r}"
    origin = headers.get("origin")
    if origin is None:
        return None
    parts = urlsplit(origin)
    origin_host = parts.netloc if parts.scheme in {"http", "https"} else ""
    host = headers.get("host", "")
    return None if origin_host == host else f"Origin {origin!r} does not match Host {host!r}"


class CrossOriginProtection:
    """ASGI middleware answering 403 to cross-origin state-changing requests."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            reason = refusal(scope["method"], Headers(scope=scope))
            if reason is not None:
                response = PlainTextResponse(
                    f"Cross-origin request refused: {reason}.", status_code=403
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        b"img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    ),
)
"""Sent with every response: no MIME sniffing, no framing (clickjacking on the forms), scripts
and styles from this server only. Vega compiles chart expressions with ``Function`` (hence
'unsafe-eval') and vega-embed injects its styles (hence 'unsafe-inline' for styles only)."""

HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
"""Sent only on responses to https requests (RFC 6797 §7.2: a host must not send it over plain
HTTP): browsers then use https for a year, so a first plain-HTTP request cannot be intercepted.
Behind a TLS-terminating proxy the scheme comes from its X-Forwarded-Proto (trusted proxies only)."""


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                wanted = (
                    (*SECURITY_HEADERS, HSTS)
                    if scope.get("scheme") == "https"
                    else SECURITY_HEADERS
                )
                extra = [(k, v) for k, v in wanted if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)
