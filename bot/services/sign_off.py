"""Sign-off that stays true after the plan changes: a material change to a signed-off plan (its
dates, its drafts) asks the lead again, and the lead hears once what changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.core.checklist import SIGN_OFF_KEY
from bot.deps import Deps
from bot.services.inputs import CaseId
from bot.storage import cases as case_store
from bot.storage import roles
from bot.storage import sign_off as sign_off_store
from bot.storage.models import Case, EventKind, SignOff

# Waiting for the lead's answer: asked, or asked again after a change to a signed-off plan.
WAITING = (SignOff.REQUESTED, SignOff.ASKED_AGAIN)


@dataclass(frozen=True)
class AskedAgain:
    lead: str  # the owner's lead now, who is asked
    changed: str  # what changed, in words: "the dates", "the drafts"


def ask_again_if_signed(
    session: Session, case: Case, actor_id: str, now: datetime, changed: str
) -> AskedAgain | None:
    """After a material change to `case`: a plan its lead had signed off is theirs to look at
    again. The sign-off becomes "asked again", its checklist item waits again, and the owner's lead
    now (the lead at the time of asking) is the one to answer. Without a lead any more, the plan is
    simply no longer signed off."""
    if case.sign_off != SignOff.APPROVED:
        return None
    for item in case.items:
        if item.key == SIGN_OFF_KEY:
            item.done_at = item.done_by = None
    lead = roles.lead_of(session, case.team_id, case.owner_id)
    case.sign_off_channel = case.sign_off_ts = None
    if lead is None:
        case.sign_off, case.sign_off_lead = None, None
        case_store.record(case, EventKind.SIGN_OFF, actor_id, now, f"No longer signed off: {changed} changed")
        return None
    case.sign_off, case.sign_off_note, case.sign_off_lead = SignOff.ASKED_AGAIN, None, lead
    if case.shared_at is None:
        case.shared_at = now
        case_store.record(case, EventKind.SHARED, actor_id, now, "Shared with the team lead (read-only)")
    case_store.record(case, EventKind.SIGN_OFF, actor_id, now, f"Sign-off asked again: {changed} changed")
    return AskedAgain(lead, changed)


def remember_request_dm(deps: Deps, case_id: CaseId, lead: str, channel: str, ts: str) -> None:
    """Where the DM asking `lead` landed, so that their answer updates that message and no other;
    kept only while the request is still theirs."""
    with deps.db.session(write=True) as session:
        sign_off_store.remember_request_dm(session, case_id, lead, channel, ts)
