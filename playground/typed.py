"""What the person typed into a modal, kept as Slack's client keeps it: when the app refuses a
submission with inline errors, or updates the view after a button or menu in it, every input whose
block and action ids are unchanged still shows what was typed, ticked or chosen there. The playground
draws this by putting the typed values in place of the inputs' initial ones."""

from __future__ import annotations

from typing import Any

# For each input element: the key of its value in `state.values`, and its initial value's key.
VALUE_KEYS = {
    "plain_text_input": ("value", "initial_value"),
    "number_input": ("value", "initial_value"),
    "datepicker": ("selected_date", "initial_date"),
    "timepicker": ("selected_time", "initial_time"),
    "static_select": ("selected_option", "initial_option"),
    "radio_buttons": ("selected_option", "initial_option"),
    "checkboxes": ("selected_options", "initial_options"),
    "users_select": ("selected_user", "initial_user"),
    "multi_users_select": ("selected_users", "initial_users"),
}


def with_typed(view: dict[str, Any], values: dict[str, Any] | None) -> dict[str, Any]:
    """The view as the person sees it: its input blocks showing `values` (`state.values`)."""
    if not values:
        return view
    blocks = []
    for block in view.get("blocks", []):
        element = block.get("element") if block.get("type") == "input" else None
        if isinstance(element, dict):
            state = (values.get(block.get("block_id")) or {}).get(element.get("action_id"))
            if isinstance(state, dict) and state.get("type") == element.get("type"):
                block = {**block, "element": _showing(element, state)}
        blocks.append(block)
    return {**view, "blocks": blocks}


def _showing(element: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
    keys = VALUE_KEYS.get(str(element.get("type")))
    if keys is None:
        return element
    value_key, initial_key = keys
    shown = {k: v for k, v in element.items() if k != initial_key}
    value = state.get(value_key)
    if value:  # an input emptied (or a checkbox ticked off) stays so: no initial value comes back
        shown[initial_key] = value
    return shown
