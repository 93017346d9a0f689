"""Every callback_id, block_id and action_id the app sends or listens for."""

from __future__ import annotations

from enum import StrEnum

from bot.core.steps import Step

COMMAND = "/end-client"


class Event(StrEnum):
    """The events the bot subscribes to (the manifest lists exactly these)."""

    APP_HOME_OPENED = "app_home_opened"
    APP_UNINSTALLED = "app_uninstalled"
    TOKENS_REVOKED = "tokens_revoked"


class Callback(StrEnum):
    STEP_CHANGE = "flow_change"
    STEP_NOTICE = "flow_notice"
    STEP_CONVERSATION = "flow_conversation"
    STEP_REFERRALS = "flow_referrals"
    STEP_REVIEW = "flow_review"
    FLOW_DONE = "flow_done"
    CASE = "case_detail"
    FEEDBACK = "case_feedback"
    EDIT_DATES = "case_edit_dates"
    NOTICE = "notice"


STEP_CALLBACKS: dict[Step, Callback] = {
    Step.CHANGE: Callback.STEP_CHANGE,
    Step.NOTICE: Callback.STEP_NOTICE,
    Step.CONVERSATION: Callback.STEP_CONVERSATION,
    Step.REFERRALS: Callback.STEP_REFERRALS,
    Step.REVIEW: Callback.STEP_REVIEW,
}
CALLBACK_STEPS: dict[str, Step] = {callback.value: step for step, callback in STEP_CALLBACKS.items()}


class Block(StrEnum):
    """Input blocks are named after the answer field they collect."""

    CLIENT_NAME = "client_name"
    CHANGE_KIND = "change_kind"
    REASON = "reason"
    EFFECTIVE_DATE = "effective_date"
    CONTRACT_NOTICE_DAYS = "contract_notice_days"
    TENURE = "tenure"
    NOTICE_DAYS = "notice_days"
    METHOD = "method"
    CONVERSATION_DATE = "conversation_date"
    CONVERSATION_TIME = "conversation_time"
    CLIENT_IMPACT = "client_impact"
    APPRECIATION = "appreciation"
    REFERRAL_0 = "referral_0"
    REFERRAL_1 = "referral_1"
    REFERRAL_2 = "referral_2"
    TRANSITION_NEEDS = "transition_needs"
    TRANSITION_NOTES = "transition_notes"
    FLOW_NAV = "flow_nav"
    CASE_ACTIONS = "case_actions"
    CHECKLIST_PREFIX = "checklist_"
    HOME_ACTIONS = "home_actions"
    HOME_CASE_PREFIX = "home_case_"
    REMINDER_ACTIONS = "reminder_actions"
    FEEDBACK_TEXT = "feedback_text"
    FEEDBACK_CONCERNS = "feedback_concerns"


REFERRAL_BLOCKS = (Block.REFERRAL_0, Block.REFERRAL_1, Block.REFERRAL_2)


class Action(StrEnum):
    INPUT = "value"  # the single element inside each input block
    BACK = "flow_back"
    NEW_CASE = "new_case"
    OPEN_CASE = "open_case"
    CHECKLIST_TOGGLE = "checklist_toggle"
    CLIENT_TOLD = "case_client_told"
    CLOSE_CASE = "case_close"
    CANCEL_CASE = "case_cancel"
    REOPEN_CASE = "case_reopen"
    TOGGLE_REMINDERS = "case_toggle_reminders"
    LOG_FEEDBACK = "case_log_feedback"
    EDIT_DATES = "case_edit_dates"
    EXPORT_CASE = "case_export"
    DELETE_CASE = "case_delete"
    REMINDER_DONE = "reminder_done"
    REMINDER_SNOOZE = "reminder_snooze"
    REMINDER_OPEN = "reminder_open"
