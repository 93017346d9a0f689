"""A firm's policy: App Home's part, the admin's form, and the lines the flow's first step shows."""

from __future__ import annotations

from typing import Any

from bot.copydeck import POLICY
from bot.core.policy import (
    MINIMUM_NOTICE_MAX,
    MINIMUM_NOTICE_MIN,
    YEARS_CHOICES,
    Policy,
    PolicyProblem,
)
from bot.services.policy import PolicyHome
from bot.slack import blocks as b
from bot.slack.ids import Action, Block, Callback

FOR_CAUSE, SHORT_NOTICE = "for_cause", "short_notice"  # the sign-off checkboxes' values
SHARE_ON, SHARE_OFF = "on", "off"
YEARS_OFF = "off"
PROBLEM_BLOCKS = {
    PolicyProblem.YEARS: Block.POLICY_OVER_YEARS,
    PolicyProblem.MINIMUM_NOTICE: Block.POLICY_MINIMUM_NOTICE,
}


def policy_blocks(home: PolicyHome, tz: str | None) -> list[b.Block]:
    """An admin sees the policy, a button to edit it and its latest changes; anyone else, one line
    when the policy asks something of them, else nothing."""
    if not home.is_admin:
        if home.policy is None or not home.policy.asks_anything:
            return []
        return [b.context(POLICY.home_summary(home.policy))]
    blocks: list[b.Block] = [
        b.divider(),
        b.section(
            POLICY.home_admin(home.policy),
            accessory=b.button("Edit policy", Action.EDIT_POLICY),
            block_id=Block.HOME_POLICY,
        ),
    ]
    if home.changes:
        changes_block = b.context(POLICY.changes_log(list(home.changes), tz))
        blocks.append({**changes_block, "block_id": Block.HOME_POLICY_CHANGES})
    return blocks


def flow_policy_blocks(policy: Policy | None) -> list[b.Block]:
    """What the firm's policy asks, on the flow's first step; nothing without one."""
    if policy is None or not policy.asks_anything:
        return []
    return [{**b.context(POLICY.flow_lines(policy)), "block_id": Block.FLOW_POLICY}]


def policy_form(policy: Policy | None) -> dict[str, Any]:
    current = policy or Policy()
    checks = [
        b.option("Endings for cause", FOR_CAUSE),
        b.option("Less notice than recommended", SHORT_NOTICE),
    ]
    chosen = {
        value
        for value, on in (
            (FOR_CAUSE, current.sign_off_for_cause),
            (SHORT_NOTICE, current.sign_off_short_notice),
        )
        if on
    }
    over = current.sign_off_over_years
    years = [b.option("No", YEARS_OFF)] + [
        b.option(f"Clients of {POLICY.client_years(y)}", str(y)) for y in YEARS_CHOICES
    ]
    share = [
        b.option("Yes: share them and ask for sign-off as soon as the plan is made", SHARE_ON),
        b.option("No: the person asks their lead from the case", SHARE_OFF),
    ]
    blocks = [
        b.input_block(
            Block.POLICY_SIGN_OFF,
            "A lead signs off before the client is told",
            b.checkboxes(checks, chosen),
            optional=True,
        ),
        b.input_block(
            Block.POLICY_OVER_YEARS,
            "A lead also signs off long relationships",
            b.radio_buttons(years, YEARS_OFF if over is None else str(over)),
            hint="As the person answers how long they have been a client.",
        ),
        b.input_block(
            Block.POLICY_AUTO_SHARE,
            "Share those plans with the lead automatically?",
            b.radio_buttons(share, SHARE_ON if current.auto_share else SHARE_OFF),
        ),
        b.input_block(
            Block.POLICY_MINIMUM_NOTICE,
            "The firm's minimum notice, in working days",
            b.number_input(current.minimum_notice_days, MINIMUM_NOTICE_MIN, MINIMUM_NOTICE_MAX),
            optional=True,
            hint="Empty: none. The bot recommends more when the client needs it, never less than this.",
        ),
    ]
    return b.modal(Callback.FIRM_POLICY, "Firm policy", blocks, submit="Save")


def problem_errors(problems: tuple[PolicyProblem, ...]) -> dict[str, str]:
    return {PROBLEM_BLOCKS[p].value: POLICY.problem(p.value) for p in problems}


def refused_errors() -> dict[str, str]:
    return {Block.POLICY_SIGN_OFF.value: POLICY.refused()}


def _element(values: dict[str, Any], block: Block) -> dict[str, Any]:
    element = (values.get(block.value) or {}).get(Action.INPUT.value)
    return element if isinstance(element, dict) else {}


def _number(values: dict[str, Any], block: Block) -> tuple[int | None, bool]:
    """The number typed (None when empty), and whether what was sent was a whole number at all."""
    raw = _element(values, block).get("value")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, True
    try:
        return int(str(raw).strip()), True
    except ValueError:
        return None, False


def _years(values: dict[str, Any]) -> tuple[int | None, bool]:
    """The long relationships chosen (None: no), and whether what was sent was a number at all
    (whether it is one of the choices is the policy's own check)."""
    chosen = (_element(values, Block.POLICY_OVER_YEARS).get("selected_option") or {}).get("value")
    if chosen in (None, YEARS_OFF):
        return None, True
    try:
        return int(str(chosen)), True
    except ValueError:
        return None, False


def read_policy(values: dict[str, Any]) -> tuple[Policy, tuple[PolicyProblem, ...]]:
    """The policy the form submitted, and what in it is not a number it could hold."""
    selected = _element(values, Block.POLICY_SIGN_OFF).get("selected_options")
    checked = (
        {o.get("value") for o in selected if isinstance(o, dict)} if isinstance(selected, list) else set()
    )
    share = (_element(values, Block.POLICY_AUTO_SHARE).get("selected_option") or {}).get("value")
    years, years_ok = _years(values)
    days, days_ok = _number(values, Block.POLICY_MINIMUM_NOTICE)
    problems = tuple(
        problem
        for problem, ok in ((PolicyProblem.YEARS, years_ok), (PolicyProblem.MINIMUM_NOTICE, days_ok))
        if not ok
    )
    policy = Policy(
        sign_off_for_cause=FOR_CAUSE in checked,
        sign_off_short_notice=SHORT_NOTICE in checked,
        sign_off_over_years=years,
        auto_share=share == SHARE_ON,
        minimum_notice_days=days,
    )
    return policy, problems
