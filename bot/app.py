"""The Bolt app: one WebClient configured once, listeners registered by kind."""

from __future__ import annotations

import logging
import uuid
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler, ServerErrorRetryHandler

from bot.answering import Answering
from bot.deps import Deps
from bot.installations import oauth_settings
from bot.listeners import register_all
from bot.logs import redact_refused_requests
from bot.web_client import KeepAliveWebClient

log = logging.getLogger("bot.app")
CLIENT_TIMEOUT_SECONDS = 10


def build_client(deps: Deps) -> WebClient:
    """Every call goes to SLACK_API_URL; rate limits and Slack's 5xx get one polite retry."""
    client = KeepAliveWebClient(
        token=deps.settings.bot_token, base_url=deps.settings.slack_api_url, timeout=CLIENT_TIMEOUT_SECONDS
    )
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))
    client.retry_handlers.append(ServerErrorRetryHandler(max_retry_count=1))
    return client


def build_sweeper_client(deps: Deps) -> WebClient:
    """The sweep schedules its own retries (honouring Retry-After), so its client never sleeps."""
    client = build_client(deps)
    client.retry_handlers = [
        h
        for h in client.retry_handlers
        if not isinstance(h, RateLimitErrorRetryHandler | ServerErrorRetryHandler)
    ]
    return client


class AnsweringApp(App):
    """Bolt's app, counting the requests it is answering (over HTTP and over Socket Mode alike).
    Bolt runs its global middleware before the listener, not around it, so the count is kept here."""

    def __init__(self, answering: Answering, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._answering = answering

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        with self._answering.request():
            return super().dispatch(req)


def build_app(deps: Deps, client: WebClient | None = None, listener_executor: Executor | None = None) -> App:
    settings = deps.settings
    redact_refused_requests()
    listener_executor = listener_executor or ThreadPoolExecutor(max_workers=5)  # as Bolt would make
    deps.background = listener_executor
    app = AnsweringApp(
        deps.answering,
        client=client or build_client(deps),
        signing_secret=settings.signing_secret or "",
        # Socket Mode has no signatures to check; over HTTP the check is always on.
        request_verification_enabled=settings.signing_secret is not None,
        # Listeners finish before the HTTP answer; slow follow-ups run as lazy listeners.
        process_before_response=True,
        listener_executor=listener_executor,
        ignoring_self_events_enabled=True,
        # The token was checked once at start-up (bot.startup), with a clear message if refused.
        token_verification_enabled=False,
        oauth_settings=oauth_settings(deps) if settings.oauth else None,
    )
    if deps.settings.bot_token or deps.settings.oauth:
        from bot.reminders.sweeper import Sweeper

        deps.deliver_now = Sweeper(deps, build_sweeper_client(deps), workers=1).deliver_now
    register_all(app, deps)

    @app.error
    def on_unexpected(error: Exception, body: dict[str, Any]) -> BoltResponse:
        reference = uuid.uuid4().hex[:10]
        log.error("unhandled error (ref %s): %s", reference, type(error).__name__, exc_info=error)
        return BoltResponse(status=200, body="")

    return app
