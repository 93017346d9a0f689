"""Every callback_id, block_id and action_id the app sends or listens for."""

from __future__ import annotations

from enum import StrEnum

COMMAND = "/end-client"


class Event(StrEnum):
    """The events the bot subscribes to (the manifest lists exactly these)."""

    APP_HOME_OPENED = "app_home_opened"
    APP_UNINSTALLED = "app_uninstalled"
    TOKENS_REVOKED = "tokens_revoked"


class Callback(StrEnum):
    STEP_SITUATION = "flow_situation"
    STEP_CHANGE = "flow_change"
    STEP_NOTICE = "flow_notice"
    STEP_CONVERSATION = "flow_conversation"
    STEP_ONWARD = "flow_onward"
    STEP_PEOPLE = "flow_people"
    STEP_REVIEW = "flow_review"
    FLOW_DONE = "flow_done"
    CASE = "case_detail"
    FEEDBACK = "case_feedback"
    EDIT_DATES = "case_edit_dates"
    EDIT_DRAFTS = "case_edit_drafts"
    CLOSE_CONFIRM = "case_close_confirm"  # closing a case that still has loose ends
    NOTICE = "notice"
    TEAM_LEAD = "team_lead"
    SHARED_CASE = "case_shared"
    SIGN_OFF_CHANGES = "sign_off_changes"
    FIRM_POLICY = "firm_policy"
    REHEARSAL = "rehearsal"  # one client line at a time, with the feedback on the answer before
    REHEARSAL_DONE = "rehearsal_done"  # the round's summary


class Block(StrEnum):
    """Input blocks are named after the answer field they collect."""

    CLIENT_NAME = "client_name"
    CONTACT_NAME = "contact_name"
    GREET_BY = "greet_by"
    GREET_TITLE = "greet_title"
    SITUATION = "situation"
    TENURE = "tenure"
    REASON = "reason"
    EFFECTIVE_DATE = "effective_date"
    CONTRACT_NOTICE_AMOUNT = "contract_notice_amount"
    CONTRACT_NOTICE_UNIT = "contract_notice_unit"
    CLAUSE = "clause"
    CAUSE_KIND = "cause_kind"
    BALANCE = "balance"
    WORK_PRODUCT = "work_product"
    CURE_PERIOD = "cure_period"
    SERVE_NOTICE = "serve_notice"
    UNSERVED_NOTICE = "unserved_notice"
    SUCCESSOR_SENIORITY = "successor_seniority"
    SPONSOR = "sponsor"
    CHANGE_KIND = "change_kind"
    BUDGET_MONTH = "budget_month"
    NOTIFY_BY = "notify_by"
    METHOD = "method"
    CONVERSATION_DATE = "conversation_date"
    CONVERSATION_TIME = "conversation_time"
    CLIENT_IMPACT = "client_impact"
    APPRECIATION = "appreciation"
    HISTORY = "history"
    REFERRAL_0 = "referral_0"
    REFERRAL_1 = "referral_1"
    REFERRAL_2 = "referral_2"
    OPTIONS = "options"
    DOOR_OPEN = "door_open"
    SUCCESSOR = "successor"
    INTRO_DATE = "intro_date"
    TRANSITION_NEEDS = "transition_needs"
    TRANSITION_NOTES = "transition_notes"
    STAKEHOLDERS = "stakeholders"
    STAKEHOLDER_NOTES = "stakeholder_notes"
    TALKING_POINTS = "talking_points"
    CONFIRMATION = "confirmation"
    REFERRAL_NOTE = "referral_note"
    INTRODUCTION = "introduction"
    THANK_YOU_NOTE = "thank_you_note"
    CLOSE_OUT = "close_out"
    FLOW_NAV = "flow_nav"
    CASE_ACTIONS = "case_actions"
    CHECKLIST_PREFIX = "checklist_"
    HOME_CASE_PREFIX = "home_case_"
    REMINDER_ACTIONS = "reminder_actions"
    REMINDER_ACTIONS_PREFIX = "reminder_actions_"  # one per nudge, in a DM that carries several
    FEEDBACK_TEXT = "feedback_text"
    FEEDBACK_CONCERNS = "feedback_concerns"
    FEEDBACK_PROMISES = "feedback_promises"
    LEAD = "lead"
    LEAD_MEMBERS = "members"
    HOME_TEAM = "home_team"
    HOME_SHARED_PREFIX = "home_shared_"
    SIGN_OFF_NOTE = "sign_off_note"
    SIGN_OFF_ACTIONS = "sign_off_actions"
    HELD_SIGN_OFF_PREFIX = "held_sign_off_"  # + the case id: a request to send on after a change of lead
    HOME_DIGEST = "home_digest"
    HOME_RETENTION = "home_retention"
    HOME_PATTERNS = "home_patterns"
    HOME_TEAM_PATTERNS = "home_team_patterns"
    HOME_LEDGER_ACTIONS = "home_ledger_actions"
    CALENDAR_ACTIONS = "calendar_actions"
    HOME_POLICY = "home_policy"
    HOME_POLICY_CHANGES = "home_policy_changes"
    FLOW_POLICY = "flow_policy"  # the firm's policy lines on the flow's first step
    POLICY_SIGN_OFF = "policy_sign_off"
    POLICY_OVER_YEARS = "policy_over_years"
    POLICY_AUTO_SHARE = "policy_auto_share"
    POLICY_MINIMUM_NOTICE = "policy_minimum_notice"
    REHEARSAL_ANSWER = "rehearsal_answer"
    REHEARSAL_RATINGS = "rehearsal_ratings"
    REHEARSE_OFFER = "rehearse_offer"  # the plan's DM: Rehearse it


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
    EDIT_DRAFTS = "case_edit_drafts"
    EXPORT_CASE = "case_export"
    DELETE_CASE = "case_delete"
    REMINDER_DONE = "reminder_done"
    REMINDER_SNOOZE = "reminder_snooze"
    REMINDER_OPEN = "reminder_open"
    REMINDER_TICK = "reminder_tick"  # one item of a nudge that names several
    TOLD_YES = "told_yes"
    TOLD_ON = "told_on"
    TOLD_MOVED = "told_moved"
    TOLD_NOT_YET = "told_not_yet"
    MOVE_DATES = "move_dates"
    NAME_LEAD = "team_name_lead"
    SHARE_CASE = "case_share"
    UNSHARE_CASE = "case_unshare"
    OPEN_SHARED = "open_shared_case"
    ASK_SIGN_OFF = "case_ask_sign_off"
    APPROVE_SIGN_OFF = "sign_off_approve"
    REQUEST_CHANGES = "sign_off_request_changes"
    SEND_SIGN_OFF_ON = "sign_off_send_on"  # after a change of lead, the owner sends a request on
    TOGGLE_DIGEST = "team_toggle_digest"
    SET_RETENTION = "workspace_retention"
    LEDGER_PERIOD = "ledger_period"
    EXPORT_LEDGER = "ledger_export"
    CALENDAR_LINK_PREFIX = "calendar_link_"  # + entry + service: a url button, acknowledged only
    SEND_ICS = "calendar_send_ics"
    EDIT_POLICY = "policy_edit"
    REHEARSE = "case_rehearse"  # from the case, the plan's DM and the nudges before the conversation
