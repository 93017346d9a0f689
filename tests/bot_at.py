"""`python -m tests.bot_at MOMENT [ARGS…]` runs `python -m bot ARGS…` with the process's clock
starting at MOMENT (ISO 8601) and running on from there, so tests can run real bot processes on a
chosen day."""

from __future__ import annotations

import faulthandler
import runpy
import sys
from datetime import datetime

import time_machine


def main() -> None:
    faulthandler.enable()  # a crash of the process shows its Python stacks in the log the tests keep
    moment = datetime.fromisoformat(sys.argv[1])
    sys.argv = ["bot", *sys.argv[2:]]
    with time_machine.travel(moment, tick=True):
        runpy.run_module("bot", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
