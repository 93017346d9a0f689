"""A fake Slack Web API over real HTTP: answers like Slack, records every call, enforces single-use
3-second trigger_ids, and fails on demand. Given checkers (`view_checker`, `blocks_checker`), it
refuses views and messages Slack would refuse, as the tests' Block Kit schema checker does."""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import re
import socket
import ssl
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs

Checker = Callable[[Any], list[str]]


def _accept(_: Any) -> list[str]:
    return []


TRIGGER_LIFETIME = 3.0
UPLOAD_PATH = "/upload/"
VIEW_STACK_MAX = 3
JSON_FIELDS = ("view", "blocks", "attachments", "files")


HELD_AT_MOST = 30  # seconds a held call waits for its release

# What Slack requires of the token for each method the fake serves (Slack's method reference),
# kept apart from the bot's own list (bot/scopes.py) so that a wrong entry there is caught here.
# Any one scope of a tuple will do; an empty tuple needs none.
REQUIRED_SCOPES: dict[str, tuple[str, ...]] = {
    "auth.test": (),
    "oauth.v2.access": (),
    "apps.connections.open": ("connections:write",),
    "views.open": (),
    "views.push": (),
    "views.update": (),
    "views.publish": (),
    "chat.postMessage": ("chat:write",),
    "chat.update": ("chat:write",),
    "chat.postEphemeral": ("chat:write",),
    "users.info": ("users:read",),
    # Slack also takes mpim:write, channels:manage or groups:write for other kinds of conversation;
    # a DM with one person needs im:write.
    "conversations.open": ("im:write",),
    "files.getUploadURLExternal": ("files:write",),
    "files.completeUploadExternal": ("files:write",),
}
APP_TOKEN_SCOPES = frozenset({"connections:write"})


def manifest_scopes() -> set[str]:
    """The bot scopes the app's manifest asks for: what a workspace grants when it installs the app."""
    from bot.manifest import manifest

    return set(manifest()["oauth_config"]["scopes"]["bot"])


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None


@dataclass
class Fault:
    status: int
    error: str
    retry_after: int | None = None


@dataclass(frozen=True)
class Grant:
    """Who approved an OAuth install: a workspace (`team`, inside `enterprise` on Enterprise Grid),
    or a whole Enterprise Grid org (an org-wide install: no team)."""

    team: str | None
    enterprise: str | None = None

    @property
    def org_wide(self) -> bool:
        return self.team is None

    @property
    def token(self) -> str:
        return f"xoxb-{(self.team or self.enterprise or '').lower()}-token"


@dataclass
class FakeSlack:
    team_id: str = "T0001"
    bot_token: str = "xoxb-test-token"
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    schema_errors: list[str] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)
    view_checker: Checker = _accept
    blocks_checker: Checker = _accept
    revoked: set[str] = field(default_factory=set)  # tokens Slack answers with token_revoked
    # The scopes every bot token was granted at install; a method needing another answers missing_scope.
    installed_scopes: set[str] = field(default_factory=manifest_scopes)

    def __post_init__(self) -> None:
        self.tokens.add(self.bot_token)
        self._lock = threading.RLock()
        self._answered = threading.Condition(self._lock)
        self._triggers: dict[str, float] = {}
        self._trigger_origins: dict[str, str] = {}
        self._valid_shapes: set[str] = set()
        self.oauth_codes: dict[str, Grant] = {}
        self.token_grants: dict[str, Grant] = {}
        self.client_secret = "client-secret"
        self.basic_secret: str | None = None
        self._current_token: str | None = None
        self._ids = itertools.count(1)
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._held: dict[str, threading.Event] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.stacks: dict[str, list[str]] = {}
        self.homes: dict[str, dict[str, Any]] = {}
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        self.posted: list[dict[str, Any]] = []  # every message delivered, as first posted
        self.files: dict[str, dict[str, Any]] = {}  # uploaded files by id: name, bytes, channel
        self.server: _Server | None = None
        self.socket_url: str | None = None  # where apps.connections.open sends Socket Mode clients

    # ---- test controls -------------------------------------------------------------------
    def add_user(
        self,
        user_id: str,
        tz: str = "Europe/London",
        deleted: bool = False,
        real_name: str | None = None,
        is_admin: bool = False,
        team_id: str | None = None,
        **more: Any,
    ) -> None:
        """A person as users.info answers; `more` sets any other field Slack sends (is_bot,
        is_stranger, is_restricted, is_ultra_restricted, enterprise_user, ...)."""
        self.users[user_id] = {
            "id": user_id,
            "team_id": team_id or self.team_id,
            "name": user_id.lower(),
            "deleted": deleted,
            "tz": tz,
            "is_admin": is_admin,
            "is_owner": False,
            "is_bot": False,
            "real_name": real_name or "",
            "profile": {"real_name": real_name or "", "display_name": user_id.lower()},
            **more,
        }

    def issue_trigger(self, origin_view: str | None = None) -> str:
        """A trigger as Slack sends with an interaction; `origin_view` is the modal it came from."""
        with self._lock:
            trigger = f"{next(self._ids)}.{int(time.time())}.trigger"
            self._triggers[trigger] = time.monotonic()
            if origin_view:
                self._trigger_origins[trigger] = origin_view
            return trigger

    def fail_next(
        self,
        method: str,
        status: int = 500,
        error: str = "internal_error",
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        with self._lock:
            for _ in range(times):
                self._faults[method].append(Fault(status, error, retry_after))

    def hold(self, method: str) -> threading.Event:
        """Calls to `method` go unanswered until the returned event is set (for half a minute at
        most): the app's request that made the call stays in flight meanwhile."""
        release = threading.Event()
        with self._lock:
            self._held[method] = release
        return release

    def wait_for(self, condition: Callable[[], bool], timeout: float = 30) -> bool:
        """Block until `condition` holds, re-checked as each API call arrives and as it is answered
        (for work done by other processes); False if it still does not hold after `timeout` seconds."""
        with self._answered:
            return self._answered.wait_for(condition, timeout)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    @property
    def base_url(self) -> str:
        assert self.server is not None
        scheme = "https" if self.server.tls else "http"
        return f"{scheme}://127.0.0.1:{self.server.server_address[1]}/api/"

    def start(self, tls: ssl.SSLContext | None = None) -> Self:
        """Serve on a loopback port; with `tls` (a server context), over HTTPS as Slack does."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            # As Slack does, a connection stays open for the next call unless the client closes it.
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if self.path.startswith(UPLOAD_PATH):  # a file's bytes, to the URL Slack handed out
                    ok = fake.receive_upload(self.path.removeprefix(UPLOAD_PATH), raw)
                    self.send_response(200 if ok else 404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                method = self.path.removeprefix("/api/")
                auth = self.headers.get("Authorization", "")
                token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None
                if auth.startswith("Basic "):  # oauth.v2.access sends client id and secret this way
                    fake.basic_secret = base64.b64decode(auth[6:]).decode().partition(":")[2]
                status, payload, headers = fake.handle(
                    method, raw, self.headers.get("Content-Type", ""), token
                )
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
            self.server.tls = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    @property
    def connections_opened(self) -> int:
        """How many connections clients have opened to this Slack."""
        assert self.server is not None
        return self.server.opened

    def close_connections(self) -> int:
        assert self.server is not None
        return self.server.close_connections()

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    # ---- the API ---------------------------------------------------------------------------
    def handle(
        self, method: str, raw: bytes, content_type: str, token: str | None
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        args = _parse(raw, content_type)
        token = token or args.pop("token", None)
        with self._lock:
            self.calls.append(Call(method, args, token))
            held = self._held.get(method)
            self._answered.notify_all()
        if held is not None:
            held.wait(HELD_AT_MOST)
        with self._lock:
            if self._faults[method]:
                fault = self._faults[method].popleft()
                headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
                return fault.status, {"ok": False, "error": fault.error}, headers
        if token in self.revoked and method != "oauth.v2.access":
            return 200, {"ok": False, "error": "token_revoked"}, {}
        if token not in self.tokens and method != "oauth.v2.access":
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        handler = getattr(self, "api_" + method.replace(".", "_"), None)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method"}, {}
        refused = self._missing_scope(method, token)
        if refused is not None:
            return 200, *refused
        with self._lock:
            self._current_token = token
            answer = handler(args)
            self._answered.notify_all()
            return 200, answer, {"X-OAuth-Scopes": ",".join(sorted(self.scopes_of(token)))}

    def scopes_of(self, token: str | None) -> set[str]:
        if str(token).startswith("xapp-"):
            return set(APP_TOKEN_SCOPES)
        with self._lock:
            return set(self.installed_scopes)

    def _missing_scope(self, method: str, token: str | None) -> tuple[dict[str, Any], dict[str, str]] | None:
        """Slack's answer (HTTP 200) when the token lacks the scope `method` needs, as its
        `needed`/`provided` fields and X-OAuth-Scopes headers say it; None when it is allowed."""
        accepted = REQUIRED_SCOPES.get(method)
        if accepted is None:
            self.schema_errors.append(f"{method}: the fake Slack does not know which scope it needs")
            return None
        granted = self.scopes_of(token)
        if not accepted or granted.intersection(accepted):
            return None
        provided = ",".join(sorted(granted))
        needed = ",".join(accepted)
        headers = {"X-OAuth-Scopes": provided, "X-Accepted-OAuth-Scopes": needed}
        return {"ok": False, "error": "missing_scope", "needed": needed, "provided": provided}, headers

    def _check_view(self, method: str, view: Any) -> str | None:
        if not isinstance(view, dict):
            return "invalid_arguments"
        problems = self.view_checker(view)
        if problems:
            self.schema_errors.extend(f"{method}: {p}" for p in problems)
            return "invalid_arguments"
        return None

    def _blocks_problems(self, blocks: Any) -> list[str]:
        if not isinstance(blocks, list):
            return ["blocks is not a list"]
        # Messages that differ only in their digits (ids, dates) validate alike: check each shape once.
        shape = re.sub(r"\d", "0", json.dumps(blocks, sort_keys=True))
        if shape not in self._valid_shapes:
            problems = self.blocks_checker(blocks)
            if problems:
                return problems
            self._valid_shapes.add(shape)
        return []

    def _check_message(self, method: str, args: dict[str, Any]) -> str | None:
        blocks = args.get("blocks")
        if blocks is not None:
            problems = self._blocks_problems(blocks)
            if problems:
                self.schema_errors.extend(f"{method}: {p}" for p in problems)
                return "invalid_blocks"
            if not args.get("text"):
                self.schema_errors.append(f"{method}: blocks sent without a text fallback")
        if not args.get("text") and not blocks:
            return "no_text"
        if "link_names" in args and str(args["link_names"]).lower() in ("1", "true"):
            self.schema_errors.append(f"{method}: link_names was sent")
        return None

    def _new_view(self, view: dict[str, Any]) -> dict[str, Any]:
        view_id = f"V{next(self._ids):08d}"
        stored = {
            **view,
            "id": view_id,
            "team_id": self.team_id,
            "hash": f"{time.time():.6f}.{view_id}",
            "state": {"values": {}},
        }
        self.views[view_id] = stored
        return stored

    def _consume_trigger(self, trigger: Any) -> str | None:
        issued = self._triggers.pop(str(trigger), None)
        if issued is None:
            return "invalid_trigger_id"
        if time.monotonic() - issued > TRIGGER_LIFETIME:
            return "expired_trigger_id"
        return None

    def api_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        grant = self.token_grants.get(str(self._current_token), Grant(self.team_id))
        return {
            "ok": True,
            "url": "https://example.slack.com/",
            "team": "Example",
            "user": "coach",
            "team_id": grant.team or grant.enterprise,
            "user_id": "UBOT",
            "bot_id": "BBOT",
            **({"enterprise_id": grant.enterprise} if grant.enterprise else {}),
            "is_enterprise_install": grant.org_wide,
        }

    def api_oauth_v2_access(self, args: dict[str, Any]) -> dict[str, Any]:
        """The OAuth code exchange: `oauth_codes` maps a code to whoever approved the install."""
        grant = self.oauth_codes.pop(str(args.get("code")), None)
        secret = args.get("client_secret") or self.basic_secret
        if grant is None or secret != self.client_secret:
            return {"ok": False, "error": "invalid_code"}
        self.tokens.add(grant.token)
        self.token_grants[grant.token] = grant
        return {
            "ok": True,
            "app_id": "A0000000001",
            "access_token": grant.token,
            "token_type": "bot",
            "scope": ",".join(sorted(self.installed_scopes)),
            "bot_user_id": "UBOT",
            "team": {"id": grant.team, "name": grant.team} if grant.team else None,
            "enterprise": {"id": grant.enterprise, "name": "Org"} if grant.enterprise else None,
            "is_enterprise_install": grant.org_wide,
            "authed_user": {"id": "UINSTALLER"},
        }

    def api_apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        if not str(self._current_token).startswith("xapp-"):
            return {"ok": False, "error": "not_allowed_token_type"}
        if self.socket_url is None:
            return {"ok": False, "error": "internal_error"}
        return {"ok": True, "url": self.socket_url}

    def revoke(self, token: str) -> None:
        """The workspace uninstalled the app: its token stops working."""
        self.tokens.discard(token)

    def api_views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        error = self._consume_trigger(args.get("trigger_id")) or self._check_view(
            "views.open", args.get("view")
        )
        if error:
            return {"ok": False, "error": error}
        view = self._new_view(args["view"])
        self.stacks[view["id"]] = [view["id"]]
        return {"ok": True, "view": view}

    def api_views_push(self, args: dict[str, Any]) -> dict[str, Any]:
        origin = self._trigger_origins.get(str(args.get("trigger_id")))
        error = self._consume_trigger(args.get("trigger_id")) or self._check_view(
            "views.push", args.get("view")
        )
        if error:
            return {"ok": False, "error": error}
        stack = next((s for s in self.stacks.values() if origin in s), None)
        if stack is None:
            return {"ok": False, "error": "invalid_trigger_id"}
        if stack is not None and len(stack) >= VIEW_STACK_MAX:
            return {"ok": False, "error": "push_limit_reached"}
        view = self._new_view(args["view"])
        if stack is not None:
            view["previous_view_id"] = stack[-1]
            stack.append(view["id"])
        return {"ok": True, "view": view}

    def api_views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        view_id = args.get("view_id")
        current = self.views.get(str(view_id))
        if current is None:
            return {"ok": False, "error": "not_found"}
        if args.get("hash") and args["hash"] != current["hash"]:
            return {"ok": False, "error": "hash_conflict"}
        error = self._check_view("views.update", args.get("view"))
        if error:
            return {"ok": False, "error": error}
        updated = {
            **args["view"],
            "id": current["id"],
            "team_id": self.team_id,
            "hash": f"{time.time():.6f}.{current['id']}.{next(self._ids)}",
            "state": {"values": {}},
        }
        self.views[current["id"]] = updated
        return {"ok": True, "view": updated}

    def api_views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        error = self._check_view("views.publish", args.get("view"))
        if error:
            return {"ok": False, "error": error}
        user = str(args.get("user_id"))
        if user not in self.users:
            return {"ok": False, "error": "user_not_found"}
        self.homes[user] = args["view"]
        return {"ok": True, "view": {**args["view"], "id": f"VHOME{user}"}}

    def _channel_for(self, channel: str) -> str | None:
        if channel.startswith("U"):
            user = self.users.get(channel)
            if user is None:
                return None
            return "D" + channel[1:]
        return channel

    def api_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel") or "")
        if channel.startswith("U"):
            user = self.users.get(channel)
            if user is None:
                return {"ok": False, "error": "channel_not_found"}
            if user["deleted"]:
                return {"ok": False, "error": "account_inactive"}
        error = self._check_message("chat.postMessage", args)
        if error:
            return {"ok": False, "error": error}
        resolved = self._channel_for(channel) or channel
        ts = f"{int(time.time())}.{next(self._ids):06d}"
        message = {
            "type": "message",
            "ts": ts,
            "text": args.get("text"),
            "blocks": args.get("blocks", []),
            "user": "UBOT",
            "bot_id": "BBOT",
            "to": channel,
        }
        self.messages[(resolved, ts)] = message
        self.posted.append(message)
        return {"ok": True, "channel": resolved, "ts": ts, "message": message}

    def api_chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        key = (str(args.get("channel")), str(args.get("ts")))
        if key not in self.messages:
            return {"ok": False, "error": "message_not_found"}
        error = self._check_message("chat.update", args)
        if error:
            return {"ok": False, "error": error}
        self.messages[key] = {
            **self.messages[key],
            "text": args.get("text"),
            "blocks": args.get("blocks", []),
        }
        return {"ok": True, "channel": key[0], "ts": key[1]}

    def api_chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        error = self._check_message("chat.postEphemeral", args)
        if error:
            return {"ok": False, "error": error}
        return {"ok": True, "message_ts": f"{int(time.time())}.{next(self._ids):06d}"}

    def api_users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(args.get("user")))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": user}

    def api_conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        users = str(args.get("users") or "")
        if users not in self.users:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "channel": {"id": "D" + users[1:]}}

    # ---- files (files.getUploadURLExternal, the upload, files.completeUploadExternal) ------------
    def api_files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("filename") or not str(args.get("length") or "").isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._ids):08d}"
        self.files[file_id] = {"name": args["filename"], "length": int(args["length"]), "content": None}
        upload_url = self.base_url.removesuffix("/api/") + UPLOAD_PATH + file_id
        return {"ok": True, "upload_url": upload_url, "file_id": file_id}

    def receive_upload(self, file_id: str, raw: bytes) -> bool:
        with self._lock:
            found = self.files.get(file_id)
            if found is None:
                return False
            found["content"] = raw
            return True

    def api_files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        files = args.get("files")
        if not isinstance(files, list) or not files:
            return {"ok": False, "error": "invalid_arguments"}
        channel = str(args.get("channel_id") or "")
        shared = []
        for item in files:
            found = self.files.get(str(item.get("id")))
            if found is None or found["content"] is None:
                return {"ok": False, "error": "file_not_found"}
            found.update(title=item.get("title"), channel=channel, comment=args.get("initial_comment"))
            shared.append({"id": item["id"], "title": item.get("title"), "name": found["name"]})
        return {"ok": True, "files": shared}

    def files_in(self, channel: str) -> list[dict[str, Any]]:
        with self._lock:
            return [{"id": k, **v} for k, v in self.files.items() if v.get("channel") == channel]

    # ---- what Slack's client does with a modal --------------------------------------------
    def stack_of(self, view_id: str | None) -> list[dict[str, Any]]:
        """The modal stack holding `view_id`, bottom first."""
        with self._lock:
            stack = next((s for s in self.stacks.values() if view_id in s), [])
            return [self.views[v] for v in stack]

    def newest_stack(self) -> str | None:
        """The root of the modal opened last, while any of it is still open."""
        with self._lock:
            open_roots = [root for root, stack in self.stacks.items() if stack]
            return open_roots[-1] if open_roots else None

    def close_view(self, view_id: str) -> None:
        """The person closes the view on top (Slack's Close button): the one under it shows again."""
        with self._lock:
            for stack in self.stacks.values():
                if stack and stack[-1] == view_id:
                    stack.pop()

    def answer_submission(self, view_id: str, answer: Any) -> dict[str, str]:
        """Apply what the app answered to a view_submission as Slack does: `update` replaces the
        view, `push` adds one on top, `clear` closes the modal, an empty answer closes this view.
        `errors` leave it open; they are returned, by block id, to show under the inputs."""
        answer = answer if isinstance(answer, dict) else {}
        action = answer.get("response_action")
        with self._lock:
            stack = next((s for s in self.stacks.values() if view_id in s), None)
            if stack is None:
                return {}
            if action == "errors":
                return {str(k): str(v) for k, v in (answer.get("errors") or {}).items()}
            if action == "update" and isinstance(answer.get("view"), dict):
                self.views[view_id] = {
                    **answer["view"],
                    "id": view_id,
                    "team_id": self.team_id,
                    "hash": f"{time.time():.6f}.{view_id}.{next(self._ids)}",
                    "state": {"values": {}},
                    "previous_view_id": self.views[view_id].get("previous_view_id"),
                }
            elif action == "push" and isinstance(answer.get("view"), dict) and len(stack) < VIEW_STACK_MAX:
                pushed = self._new_view(answer["view"])
                pushed["previous_view_id"] = stack[-1]
                stack.append(pushed["id"])
            elif action == "clear":
                stack.clear()
            else:
                self.close_view(view_id)
            return {}

    # ---- what tests read ---------------------------------------------------------------
    def dms_to(self, user_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return [m for (channel, _), m in self.messages.items() if channel == "D" + user_id[1:]]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the benchmarks connect many clients at once

    def __init__(self, address: tuple[str, int], handler: Any) -> None:
        super().__init__(address, handler)
        self.tls = False
        self.opened = 0  # connections accepted, ever
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self.opened += 1
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> int:
        """Close every open connection, as Slack closes one left idle; returns how many."""
        with self._open_lock:
            found, self._open = self._open, set()
        for connection in found:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        return len(found)


def _parse(raw: bytes, content_type: str) -> dict[str, Any]:
    if "json" in content_type:
        try:
            args = json.loads(raw or b"{}")
        except ValueError:
            return {}
    else:
        args = {k: v[0] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}
    for key in JSON_FIELDS:
        if isinstance(args.get(key), str):
            try:
                args[key] = json.loads(args[key])
            except ValueError:
                args[key] = None
    return args
