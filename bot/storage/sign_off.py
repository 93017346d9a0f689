"""Where the bot's DM asking a lead to sign a plan off is: kept so that the bot updates its own
message, found from its records and never from what a request names."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.storage.models import Case


def remember_request_dm(session: Session, case_id: int, lead: str, channel: str, ts: str) -> None:
    """The DM just sent to `lead`, kept only while the request it carries is still theirs."""
    session.execute(
        update(Case)
        .where(Case.id == case_id, Case.sign_off_lead == lead)
        .values(sign_off_channel=channel, sign_off_ts=ts)
        .execution_options(synchronize_session=False)
    )
