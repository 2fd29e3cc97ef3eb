"""A local fake of the Slack Web API that records every call, for tests that drive slack-sdk and Bolt."""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field, replace
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import Any, Callable
from urllib.parse import parse_qsl, unquote

from tests.support.fake_slack_http import BOT_SCOPES
from tests.support.fake_slack_http import Files as _Files
from tests.support.fake_slack_http import Handler as _Handler
from tests.support.fake_slack_http import decode_json_params as _decode_json_params
from tests.support.fake_slack_http import parse_params as _parse_params

__all__ = ["BOT_ID", "BOT_SCOPES", "BOT_USER_ID", "TEAM_DOMAIN", "TEAM_ID", "TEAM_NAME", "Call", "FakeSlack", "Upload"]

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0001"
TEAM_NAME = "MLOps Test"
TEAM_DOMAIN = "mlops-test"

Responder = Callable[["Call"], dict[str, Any]]


@dataclass(frozen=True)
class Call:
    """One request the fake received: `params` merges query, form/JSON and multipart fields."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]  # lower-cased names: urllib and aiohttp disagree on capitalisation
    at: float
    response: dict[str, Any] = field(default_factory=dict)

    @property
    def token(self) -> str | None:
        auth = self.headers.get("authorization", "")
        if auth.startswith("Bearer "):
            return auth.removeprefix("Bearer ")
        token = self.params.get("token")
        return token if isinstance(token, str) else None


@dataclass(frozen=True)
class Upload:
    """A file sent to the v2 upload URL or to legacy files.upload; `completed` once the upload is finished."""

    file_id: str
    filename: str
    content: bytes
    at: float
    title: str | None = None
    channel_id: str | None = None
    initial_comment: str | None = None
    thread_ts: str | None = None
    completed: bool = False


class FakeSlack:
    """Slack Web API on 127.0.0.1:<free port>; point `WebClient(base_url=fake.api_url)` at it."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._calls: list[Call] = []
        self._uploads: dict[str, Upload] = {}
        self._pending: dict[str, str] = {}  # file_id -> filename announced by files.getUploadURLExternal
        self._failures: dict[str, list[str]] = {}
        self._limited: dict[str, int] = {}  # method -> how many more calls answer HTTP 429
        self._overrides: dict[str, Responder] = {}
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        if self._server is not None:
            return self
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.fake = self  # type: ignore[attr-defined]
        self._server = server
        # A short poll interval keeps stop() (and so every test teardown) from waiting the default 0.5 s.
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-slack", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server, self._thread = None, None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, name: str = "r1") -> str:
        """A URL that takes the JSON POSTs Bolt's `respond()` makes, recorded as method "response_url"."""
        return f"{self.url}/response_url/{name}"

    # -- inspection ----------------------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        with self._cond:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    @property
    def uploads(self) -> list[Upload]:
        with self._cond:
            return list(self._uploads.values())

    def mark(self) -> int:
        """Index to pass as `after=` so `wait_for` ignores what happened before this point."""
        with self._cond:
            return len(self._calls)

    def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] = lambda c: True,
        timeout: float = 60.0,
        *,
        after: int = 0,
    ) -> Call:
        """First call (from index `after` on) to `method` matching `predicate`, waiting up to `timeout`.

        The default is generous on purpose: it returns at the first match, and on a loaded 2-core machine the work
        behind a post (a pool process importing the ML stack) can take well over 10 s. Speed is the benchmarks'."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for call in self._calls[after:]:
                    if call.method == method and predicate(call):
                        return call
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = "\n".join(f"  {c.method} {_brief(c.params)}" for c in self._calls) or "  (none)"
                    raise AssertionError(f"no matching {method} call within {timeout}s; calls seen:\n{seen}")
                self._cond.wait(remaining)

    def reset(self) -> None:
        with self._cond:
            self._calls.clear()
            self._uploads.clear()
            self._pending.clear()
            self._failures.clear()
            self._limited.clear()
            self._overrides.clear()

    # -- behaviour -----------------------------------------------------------------------------------

    def fail(self, method: str, error: str = "ratelimited", times: int = 1) -> None:
        """The next `times` calls to `method` answer `{"ok": false, "error": error}` with HTTP 200."""
        with self._cond:
            self._failures.setdefault(method, []).extend([error] * times)

    def rate_limit(self, method: str, times: int = 1) -> None:
        """The next `times` calls to `method` answer HTTP 429 with `Retry-After: 1`, as Slack does past its limits."""
        with self._cond:
            self._limited[method] = self._limited.get(method, 0) + times

    def set_response(self, method: str, response: dict[str, Any] | Responder) -> None:
        """Replace the canned answer for `method` (a dict, or a function of the Call) until `reset()`."""
        responder: Responder = response if callable(response) else (lambda _c, r=response: dict(r))
        with self._cond:
            self._overrides[method] = responder

    # -- request handling (runs on server threads) ---------------------------------------------------

    def _handle(self, path: str, query: str, headers: dict[str, str], body: bytes) -> tuple[int, str, bytes]:
        if path.startswith("/api/"):
            params, files = _parse_params(headers.get("content-type", ""), body)
            # AsyncWebClient puts `params=` in the query string even on POST, so both sources count.
            params = _decode_json_params({**dict(parse_qsl(query, keep_blank_values=True)), **params})
            return self._api(unquote(path.removeprefix("/api/")), params, files, headers)
        if path.startswith("/upload/v1/"):
            return self._receive_upload(path.removeprefix("/upload/v1/"), headers, body)
        if path.startswith("/response_url/"):
            payload = json.loads(body or b"{}")
            name = path.removeprefix("/response_url/")
            self._record("response_url", {**payload, "_name": name}, headers, {})
            return 200, "text/html", b"ok"
        self._record(f"unknown:{path}", {}, headers, {})
        return 404, "text/plain", b"not found"

    def _api(
        self, method: str, params: dict[str, Any], files: _Files, headers: dict[str, str]
    ) -> tuple[int, str, bytes]:
        with self._cond:
            limited = self._limited.get(method, 0) > 0
            if limited:
                self._limited[method] -= 1
        if limited:
            self._record(method, params, headers, {"ok": False, "error": "ratelimited", "status": 429})
            return 429, "application/json; charset=utf-8", b'{"ok": false, "error": "ratelimited"}'
        with self._cond:
            queue = self._failures.get(method)
            error = queue.pop(0) if queue else None
            override = self._overrides.get(method)
        probe = Call(method, params, headers, time.time())
        if error is not None:
            response: dict[str, Any] = {"ok": False, "error": error}
        elif override is not None:
            response = override(probe)
        else:
            response = self._canned(method, params, files)
        self._record(method, params, headers, response)
        return 200, "application/json; charset=utf-8", json.dumps(response).encode()

    def _canned(self, method: str, p: dict[str, Any], files: _Files) -> dict[str, Any]:
        ok: dict[str, Any] = {"ok": True}
        channel = p.get("channel") or p.get("channel_id")
        if method == "auth.test":
            return ok | {
                "url": f"https://{TEAM_DOMAIN}.slack.com/", "team": TEAM_NAME, "user": "mlops-bot",
                "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            ts = self._next_ts()
            message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "text": p.get("text", ""),
                       "blocks": p.get("blocks", []), "ts": ts}
            if p.get("thread_ts"):
                message["thread_ts"] = p["thread_ts"]
            return ok | {"channel": channel, "ts": ts, "message": message}
        if method == "chat.update":
            return ok | {"channel": channel, "ts": p.get("ts"), "text": p.get("text", ""),
                         "message": {"text": p.get("text", ""), "blocks": p.get("blocks", [])}}
        if method == "chat.postEphemeral":
            return ok | {"message_ts": self._next_ts()}
        if method == "chat.startStream":  # Slack's streaming API (assistant threads): a message that grows
            return ok | {"channel": channel, "ts": self._next_ts()}
        if method in ("chat.appendStream", "chat.stopStream"):
            return ok | {"channel": channel, "ts": p.get("ts")}
        if method == "chat.delete":
            return ok | {"channel": channel, "ts": p.get("ts")}
        if method in ("views.publish", "views.open", "views.update", "views.push"):
            view = p.get("view") if isinstance(p.get("view"), dict) else {}
            return ok | {"view": {**view, "id": f"V{next(self._ids):08d}", "team_id": TEAM_ID,
                                  "app_id": "A0MLOPS", "bot_id": BOT_ID}}
        if method == "conversations.open":
            users = str(p.get("users", "U")).replace(",", "")
            return ok | {"channel": {"id": "D" + users.removeprefix("U")}}
        if method == "users.info":
            user = str(p.get("user", "U0"))
            return ok | {"user": {"id": user, "team_id": TEAM_ID, "name": user.lower(), "real_name": user,
                                  "tz": "UTC", "is_bot": False, "profile": {"display_name": user,
                                                                             "real_name": user}}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ids):08d}"
            with self._cond:
                self._pending[file_id] = str(p.get("filename", "file"))
            return ok | {"upload_url": f"{self.url}/upload/v1/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            return ok | {"files": [self._complete(f, p) for f in p.get("files", [])]}
        if method == "files.upload":
            return ok | {"file": self._legacy_upload(p, files)}
        return ok

    def _complete(self, f: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            upload = self._uploads.get(f["id"])
            if upload is not None:
                upload = replace(upload, title=f.get("title"), channel_id=p.get("channel_id"),
                                 initial_comment=p.get("initial_comment"), thread_ts=p.get("thread_ts"),
                                 completed=True)
                self._uploads[f["id"]] = upload
        name = upload.filename if upload else f["id"]
        return {"id": f["id"], "title": f.get("title") or name, "name": name}

    def _legacy_upload(self, p: dict[str, Any], files: _Files) -> dict[str, Any]:
        part_name, content = files.get("file", (None, str(p.get("content", "")).encode()))
        file_id = f"F{next(self._ids):08d}"
        filename = str(p.get("filename") or part_name or "file")
        upload = Upload(file_id, filename, content, time.time(), title=p.get("title"),
                        channel_id=p.get("channels"), initial_comment=p.get("initial_comment"),
                        thread_ts=p.get("thread_ts"), completed=True)
        with self._cond:
            self._uploads[file_id] = upload
        return {"id": file_id, "name": filename, "title": p.get("title") or filename, "size": len(content)}

    def _receive_upload(self, file_id: str, headers: dict[str, str], body: bytes) -> tuple[int, str, bytes]:
        with self._cond:
            filename = self._pending.pop(file_id, None)
        if filename is None:
            self._record("upload", {"file_id": file_id, "error": "unknown upload url"}, headers, {})
            return 404, "text/plain", b"unknown upload url"
        with self._cond:
            self._uploads[file_id] = Upload(file_id, filename, body, time.time())
        params = {"file_id": file_id, "filename": filename, "length": len(body), "content": body}
        self._record("upload", params, headers, {})
        # files.slack.com answers plain text; AsyncWebClient branches on that content type.
        return 200, "text/plain", f"OK - {len(body)}".encode()

    def _record(
        self, method: str, params: dict[str, Any], headers: dict[str, str], response: dict[str, Any]
    ) -> None:
        call = Call(method, params, headers, time.time(), response)
        with self._cond:
            self._calls.append(call)
            self._cond.notify_all()

    def _next_ts(self) -> str:
        # Microsecond-style suffix keeps ts strings unique and ordered, as Slack's are within a channel.
        micros = 1_700_000_000_000_000 + next(self._ts) * 100
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"


def _brief(params: dict[str, Any]) -> str:
    text = json.dumps(params, default=lambda o: f"<{len(o)} bytes>" if isinstance(o, bytes) else str(o))
    return text if len(text) <= 200 else text[:197] + "..."
