"""Who is asking: a user in a tenant (a workspace, or an Enterprise Grid org for org-wide installs)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    team_id: str
    user_id: str
    enterprise_id: str | None = None
