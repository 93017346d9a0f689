"""slack_sdk's WebClient on connections that stay open between calls.

The stock client opens a new connection (with TLS, a new handshake) for every call and closes it
after the answer. Slack keeps HTTP/1.1 connections open, so each thread here keeps one per host
and sends its next call down it. Everything above the transport (retry handlers, errors, the
parsed response) is slack_sdk's own; with a proxy the stock transport is used unchanged."""

from __future__ import annotations

import http.client
import io
import select
import socket
import threading
import time
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request

from slack_sdk import WebClient

# A connection left idle this long is opened afresh rather than reused: a server or a proxy on the
# way may drop an idle connection without a word, and a call sent down it would wait its timeout.
IDLE_SECONDS = 20.0

_connections = threading.local()


class _Open:
    def __init__(self, connection: http.client.HTTPConnection) -> None:
        self.connection = connection
        self.used = time.monotonic()

    def usable(self) -> bool:
        """Not idle too long, and not closed by the other end (an idle connection with something to
        read has been closed: the server says nothing unasked)."""
        sock = self.connection.sock
        if sock is None or time.monotonic() - self.used >= IDLE_SECONDS:
            return False
        return not _readable(sock)


def _readable(sock: socket.socket) -> bool:
    if hasattr(select, "poll"):  # not limited to the first 1024 descriptors, as select() is
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        return bool(poller.poll(0))
    return bool(select.select([sock], [], [], 0)[0])


class KeepAliveWebClient(WebClient):
    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        parts = urlsplit(url)
        if self.proxy is not None or parts.scheme not in ("http", "https"):
            return super()._perform_urllib_http_request_internal(url, req)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            # As urllib does, a failure to connect or to send is a URLError (slack_sdk's
            # connection-error retry handler and the sweep's network retries know it by that).
            try:
                held = self._connection(parts.scheme, parts.netloc)
                held.connection.request("POST", target, body=req.data, headers=dict(req.header_items()))
            except OSError as error:
                raise URLError(error) from error
            response = held.connection.getresponse()
            body = response.read()
        except BaseException:
            # Whether Slack acted on the call is unknown: no second try here (the caller's retry
            # handlers, or the sweep's own retries, decide).
            self._drop(parts.scheme, parts.netloc)
            raise
        held.used = time.monotonic()
        if response.will_close:  # the other end closes it after this answer
            self._drop(parts.scheme, parts.netloc)
        if response.status >= 400:  # as urllib answers: slack_sdk reads 429 and 5xx from this
            raise HTTPError(url, response.status, response.reason, response.headers, io.BytesIO(body))
        if response.headers.get_content_type() == "application/gzip":
            return {"status": response.status, "headers": response.headers, "body": body}
        charset = response.headers.get_content_charset() or "utf-8"
        return {"status": response.status, "headers": response.headers, "body": body.decode(charset)}

    def _key(self, scheme: str, host: str) -> tuple[object, ...]:
        """Clients that connect alike share a thread's connection (Bolt makes one per request);
        one with another TLS context or timeout gets its own."""
        return scheme, host, self.ssl, self.timeout

    def _connection(self, scheme: str, host: str) -> _Open:
        """This thread's open connection to `host`, opened now if it has none it can use."""
        found = _held().get(self._key(scheme, host))
        if found is not None and found.usable():
            return found
        self._drop(scheme, host)
        connection: http.client.HTTPConnection
        if scheme == "https":
            connection = http.client.HTTPSConnection(host, timeout=self.timeout, context=self.ssl)
        else:
            connection = http.client.HTTPConnection(host, timeout=self.timeout)
        connection.connect()
        # Headers and body go in separate writes; without this the answer can wait on a delayed ACK.
        if connection.sock is not None:
            connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        opened = _held()[self._key(scheme, host)] = _Open(connection)
        return opened

    def _drop(self, scheme: str, host: str) -> None:
        found = _held().pop(self._key(scheme, host), None)
        if found is not None:
            found.connection.close()


def _held() -> dict[tuple[object, ...], _Open]:
    """This thread's open connections, by what a client connects with."""
    held: dict[tuple[object, ...], _Open] = _connections.__dict__.setdefault("held", {})
    return held


def keeping_alive(client: WebClient) -> WebClient:
    """The same client (token, address, timeout, retry handlers) on kept-open connections. Bolt
    makes a stock WebClient for each request; the listeners are handed this one instead."""
    if isinstance(client, KeepAliveWebClient):
        return client
    return KeepAliveWebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        ssl=client.ssl,
        proxy=client.proxy,
        headers=client.headers,
        team_id=client.default_params.get("team_id"),
        logger=client.logger,
        retry_handlers=client.retry_handlers,
    )
