"""What every listener may ask for by name, besides Bolt's own arguments: `deps` (settings, database,
clock) and `actor` (who is asking, or None when a request does not say)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext

from bot.core.validation import is_slack_id
from bot.deps import Deps
from bot.installations import tenant_of
from bot.services.actor import Actor


def actor_of(context: BoltContext) -> Actor | None:
    tenant = tenant_of(context.team_id, context.enterprise_id, context.is_enterprise_install)
    if not context.user_id or not tenant:
        return None
    if not all(is_slack_id(v) for v in (context.user_id, tenant, context.enterprise_id or "E")):
        return None  # no Slack id is like this (too long, a NUL): refused at the edge
    return Actor(team_id=tenant, user_id=context.user_id, enterprise_id=context.enterprise_id)


def injector(deps: Deps) -> Callable[..., Any]:
    def inject(context: BoltContext, next: Callable[[], Any]) -> Any:
        context["deps"] = deps
        context["actor"] = actor_of(context)
        return next()

    return inject
