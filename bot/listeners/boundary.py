"""The one error boundary: a listener that raises is logged under a reference id, and the person
gets a short apology with that id, never a trace. When Slack refused a call for want of a
permission (`missing_scope`), the log names the scope and the person is told what to ask their
admin instead. It keeps the wrapped listener's parameters, so Bolt still injects exactly what the
listener asks for."""

from __future__ import annotations

import inspect
import logging
import uuid
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.slack.flow_views import notice_view
from bot.slack.messages import Message, apology
from bot.slack.problems import log_missing_scope, missing_permission_message, missing_scope

log = logging.getLogger("bot.listeners")
NEEDED = ("ack", "body", "client", "context")


def guarded(listener: Callable[..., None], *, after_ack: bool = False) -> Callable[..., None]:
    """`after_ack` marks work that runs after Slack was answered (lazy listeners): the apology then
    goes by DM."""
    wanted = list(inspect.signature(listener).parameters)

    def run(**kwargs: Any) -> None:
        try:
            listener(**{name: kwargs[name] for name in wanted})
        except Exception as error:
            body = kwargs["body"]
            missing = missing_scope(error)
            if missing is not None:
                log_missing_scope(log, missing)
                message = missing_permission_message(missing)
                reference = f"missing scope {missing.needed}"
            else:
                reference = uuid.uuid4().hex[:10]
                log.exception("listener failed (ref %s, type %s)", reference, body.get("type") or "command")
                message = apology(reference)
            _tell(kwargs["ack"], body, kwargs["client"], kwargs["context"], message, reference, after_ack)

    # Bolt reads a listener's parameter names (inspect.getfullargspec) to decide what to pass: this
    # one asks for what the listener asks for, plus what an apology needs.
    parameters = [
        inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        for name in dict.fromkeys([*NEEDED, *wanted])
    ]
    run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run.__name__, run.__qualname__, run.__doc__ = listener.__name__, listener.__qualname__, listener.__doc__
    return run


def _tell(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    message: Message,
    reference: str,
    after_ack: bool,
) -> None:
    acked = after_ack or ack.response is not None
    try:
        if body.get("type") == "view_submission" and not acked:
            # Pushed on top, so the form underneath keeps everything typed.
            ack(response_action="push", view=notice_view(message["blocks"][0]["text"]["text"]))
            return
        if "command" in body and not acked:
            ack(**message)
            return
        if not acked:
            ack()
        if context.user_id:
            client.chat_postMessage(channel=context.user_id, **message)
    except Exception as error:
        missing = missing_scope(error)
        if missing is not None:
            log_missing_scope(log, missing)
        else:
            log.exception("could not tell the user about error ref %s", reference)


def ack_only(ack: Ack) -> None:
    ack()
