"""The leads' weekly digests: a job of their own, each sent once a week; a send that fails is
released for the next run to try again."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services import digests
from bot.services.delivery import NETWORK, BotTokens
from bot.slack.team_views import digest_message

log = logging.getLogger("bot.reminders")


def send_digests(deps: Deps, client: WebClient, tokens: BotTokens | None = None) -> int:
    """The digests due now; returns how many went out."""
    tokens = tokens or BotTokens(deps)
    sent = 0
    for due in digests.due(deps, deps.now()):
        installed, bot_token = tokens.of(due.lead.team_id, due.lead.enterprise_id)
        if not installed:
            continue  # the workspace left: the week stays taken, nothing to send
        try:
            client.chat_postMessage(channel=due.lead.user_id, token=bot_token, **digest_message(due.at_risk))
            sent += 1
        except (SlackApiError, *NETWORK) as error:
            log.warning("weekly digest not sent, will retry: %s", type(error).__name__)
            digests.release(deps, due)
    if sent:
        log.info("weekly digests sent: %d", sent)
    return sent
