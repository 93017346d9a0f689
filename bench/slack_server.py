"""The fake Slack for benchmarks, in its own process: no schema checks (the tests do those), any
`bench-` trigger is accepted, and arrival times are recorded on the shared monotonic clock."""

from __future__ import annotations

import gc
import sys
import time
from collections import deque
from typing import Any

from playground.fakes.slack_api import FakeSlack


class BenchSlack(FakeSlack):
    def __post_init__(self) -> None:
        super().__post_init__()
        self.arrivals: dict[str, float] = {}
        self.rate_limit_every = 0
        self._posts = 0
        self.delivered: dict[str, int] = {}
        self.calls = deque(maxlen=1000)  # type: ignore[assignment]  # bounded: a bench makes many

    def handle(
        self, method: str, raw: bytes, content_type: str, token: str | None
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        if method == "chat.postMessage" and self.rate_limit_every:
            with self._lock:
                self._posts += 1
                limited = self._posts % self.rate_limit_every == 0
            if limited:
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}
        return super().handle(method, raw, content_type, token)

    def _check_view(self, method: str, view: Any) -> str | None:
        return None if isinstance(view, dict) else "invalid_arguments"

    def _blocks_problems(self, blocks: Any) -> list[str]:
        return []

    def _consume_trigger(self, trigger: Any) -> str | None:
        self.arrivals[str(trigger)] = time.monotonic()
        return None if str(trigger).startswith("bench-") else "invalid_trigger_id"

    def api_users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = str(args.get("user"))
        return {
            "ok": True,
            "user": {"id": user, "tz": "Europe/London", "deleted": False, "real_name": f"Person {user}"},
        }

    def api_views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        self.arrivals["home:" + str(args.get("user_id"))] = time.monotonic()
        return {"ok": True, "view": {"id": "VHOME"}}

    def api_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        for block in args.get("blocks") or []:
            if block.get("type") == "actions":
                value = str(block["elements"][0].get("value"))
                self.delivered[value] = self.delivered.get(value, 0) + 1
        ts = f"{time.time():.6f}"
        return {"ok": True, "channel": "D" + str(args.get("channel"))[1:], "ts": ts}

    # ---- control, for the benchmark driver ----------------------------------------------
    def api_bench_arrivals(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "arrivals": self.arrivals}

    def api_bench_delivered(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "delivered": self.delivered}

    def api_bench_reset(self, args: dict[str, Any]) -> dict[str, Any]:
        self.arrivals, self.delivered, self._posts = {}, {}, 0
        self.rate_limit_every = int(args.get("rate_limit_every") or 0)
        return {"ok": True}


if __name__ == "__main__":
    fake = BenchSlack().start()
    # The instrument must not add pauses to what it times: a full collection of this process's
    # start-up heap stalled every answer (and so its recorded arrival) for about 50 ms.
    gc.collect()
    gc.freeze()
    print(fake.base_url, flush=True)
    sys.stdin.read()  # runs until the driver closes our stdin
    fake.stop()
