"""The playground's page on 127.0.0.1:PORT: GET / draws what Slack would show; each form posts
one thing the person does (a command, a submitted modal, a pressed button, a time jump), which the
playground sends to the bot as Slack would, then the page is drawn again (post, redirect, get).

Only this page may drive it: a request naming another host (a DNS-rebinding page) is answered 421,
and a post is refused 403 unless it carries the token drawn into this page's forms and, when the
browser says where it comes from (Origin, Referer), comes from this page's own origin."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from playground.render import page
from playground.world import Playground, Where

StartResponse = Callable[..., Any]
MAX_FORM_BYTES = 256 * 1024
OWN_NAMES = ("127.0.0.1", "localhost")  # the names the page is served under, with its port
TOKEN_FIELD = "token"


def own_origin(environ: Mapping[str, Any]) -> str | None:
    """`http://host:port` when the request names this server (its loopback names and the port it
    listens on, as the server reports it, never as the client says); None for any other host."""
    host = str(environ.get("HTTP_HOST") or "").lower()
    name, _, port = host.rpartition(":")
    if name in OWN_NAMES and port == str(environ.get("SERVER_PORT")):
        return f"http://{host}"
    return None


def from_this_page(
    environ: Mapping[str, Any], origin: str, form: Mapping[str, list[str]], token: str
) -> bool:
    """A post sent by a form of this page: the page's token, and its own origin where the browser
    names one (browsers send Origin on every form post; Referer is the fallback)."""
    sent = (form.get(TOKEN_FIELD) or [""])[0]
    if not secrets.compare_digest(sent.encode(), token.encode()):
        return False
    if "HTTP_ORIGIN" in environ:
        return bool(environ["HTTP_ORIGIN"] == origin)
    referer = environ.get("HTTP_REFERER")
    if referer is not None:
        parts = urlsplit(str(referer))
        return f"{parts.scheme}://{parts.netloc}".lower() == origin
    return True


def create_page_app(playground: Playground) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    version = [0]
    token = secrets.token_urlsafe(32)  # drawn into every form of the page; a page elsewhere cannot read it

    def do(path: str, form: dict[str, list[str]]) -> bool:
        if path == "/command":
            playground.command((form.get("text") or [""])[0])
        elif path == "/submit":
            playground.submit(form)
        elif path == "/close":
            playground.close_modal()
        elif path == "/action":
            where = Where.parse(next((v for v in reversed(form.get("act", [])) if v), ""))
            if where is not None:
                playground.act(where, form)
        elif path == "/home":
            playground.open_home()
        elif path == "/jump":
            playground.jump()
        elif path == "/wait":
            playground.wait(timedelta(days=1))
        else:
            return False
        return True

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/")
        origin = own_origin(environ)
        if origin is None:
            start_response("421 Misdirected Request", [("Content-Type", "text/plain")])
            return [b"this server answers only to its own address"]
        if method == "GET" and path == "/":
            nonce = secrets.token_urlsafe(16)
            body = page(playground.snapshot(), version[0], nonce, token).encode()
            start_response(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Cache-Control", "no-store"),
                    # Only this page's own style and its one script (by nonce); nothing from elsewhere.
                    (
                        "Content-Security-Policy",
                        f"default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; "
                        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
                    ),
                ],
            )
            return [body]
        if method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            if length > MAX_FORM_BYTES:
                start_response("413 Payload Too Large", [("Content-Type", "text/plain")])
                return [b"too large"]
            raw = environ["wsgi.input"].read(length).decode("utf-8", errors="replace")
            form = parse_qs(raw, keep_blank_values=True)
            if not from_this_page(environ, origin, form, token):
                start_response("403 Forbidden", [("Content-Type", "text/plain")])
                return [b"only the playground's own page can do this; reload it"]
            if do(path, form):
                version[0] += 1
                start_response("303 See Other", [("Location", "/"), ("Content-Length", "0")])
                return [b""]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    return app
