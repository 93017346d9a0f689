"""Who is asking (bot/core/actor.py), as the services and everything above them name it."""

from __future__ import annotations

from bot.core.actor import Actor as Actor
