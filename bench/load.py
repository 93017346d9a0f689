"""Signed Slack-shaped requests sent concurrently, and the arithmetic of the results."""

from __future__ import annotations

import http.client
import json
import statistics
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlencode

from playground.fakes.client import sign

SECRET = "bench-signing-secret"
TEAM = "T0001"


def post(port: int, body: bytes, content_type: str) -> tuple[int, bytes]:
    ts = int(time.time())
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": sign(body, ts, SECRET),
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", "/slack/events", body=body, headers=headers)
        reply = connection.getresponse()
        return reply.status, reply.read()
    finally:
        connection.close()


def slash(port: int, user: str, text: str, trigger: str) -> tuple[int, bytes]:
    fields = {
        "team_id": TEAM,
        "user_id": user,
        "command": "/end-client",
        "text": text,
        "api_app_id": "A1",
        "channel_id": "C1",
        "trigger_id": trigger,
        "response_url": "https://hooks.slack.invalid/x",
    }
    return post(port, urlencode(fields).encode(), "application/x-www-form-urlencoded")


def submit(port: int, user: str, view: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM},
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A1",
        "trigger_id": f"bench-{uuid.uuid4()}",
        "view": {**view, "id": "VBENCH", "state": {"values": values}, "hash": "h"},
    }
    status, body = post(
        port, urlencode({"payload": json.dumps(payload)}).encode(), "application/x-www-form-urlencoded"
    )
    assert status == 200, body
    return json.loads(body) if body else {}


def home_opened(port: int, user: str) -> None:
    body = {
        "team_id": TEAM,
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": f"Ev{uuid.uuid4().hex}",
        "event_time": int(time.time()),
        "event": {"type": "app_home_opened", "user": user, "tab": "home"},
        "authorizations": [{"team_id": TEAM, "user_id": "UBOT", "is_bot": True}],
    }
    status, _ = post(port, json.dumps(body).encode(), "application/json")
    assert status == 200


def together(users: int, work: Callable[[int], float]) -> list[float]:
    """Run `work(i)` for every user at the same moment; each returns one latency in seconds."""
    barrier = threading.Barrier(users)

    def start(i: int) -> float:
        barrier.wait()
        return work(i)

    with ThreadPoolExecutor(users) as pool:
        return list(pool.map(start, range(users)))


def percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": cuts[49] * 1000, "p95": cuts[94] * 1000, "p99": cuts[98] * 1000}
