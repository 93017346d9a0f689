"""The playground's page on 127.0.0.1:PORT: GET / draws what Slack would show; each form posts
one thing the person does (a command, a submitted modal, a pressed button, a time jump), which the
playground sends to the bot as Slack would, then the page is drawn again (post, redirect, get)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs

from bot.playground.render import page
from bot.playground.world import Playground, Where

StartResponse = Callable[..., Any]
MAX_FORM_BYTES = 256 * 1024


def create_page_app(playground: Playground) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    version = [0]

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
        if method == "GET" and path == "/":
            nonce = secrets.token_urlsafe(16)
            body = page(playground.snapshot(), version[0], nonce).encode()
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
            if do(path, parse_qs(raw, keep_blank_values=True)):
                version[0] += 1
                start_response("303 See Other", [("Location", "/"), ("Content-Length", "0")])
                return [b""]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    return app
