"""The HTTP side of the fake Slack Web API: the request handler and the decoding of JSON, form and multipart bodies.

Split from fake_slack.py, which keeps what a test talks to (FakeSlack, its recorded calls and canned answers).
"""

from __future__ import annotations

import json
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

if TYPE_CHECKING:
    from tests.support.fake_slack import FakeSlack

BOT_SCOPES = "app_mentions:read,chat:write,commands,files:write,im:history,im:write,users:read"

# Params slack-sdk (or a caller) sends as JSON strings inside a form body; decoded so tests see objects.
JSON_PARAMS = frozenset({
    "blocks", "attachments", "view", "files", "metadata", "user_auth_blocks", "unfurls", "message", "outputs",
})

Files = dict[str, tuple[str, bytes]]  # multipart field -> (filename, content)


class Handler(BaseHTTPRequestHandler):
    server_version = "FakeSlack/1.0"

    def do_POST(self) -> None:
        self._serve()

    def do_GET(self) -> None:
        # AsyncWebClient really sends GET with query params for http_verb="GET" methods like users.info.
        self._serve()

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        fake: FakeSlack = self.server.fake  # type: ignore[attr-defined]
        try:
            status, ctype, payload = fake._handle(parts.path, parts.query, headers, self._read_body())
        except Exception as exc:  # a broken fake must show up in the test, not hang the client
            status, ctype, payload = 500, "text/plain", f"fake slack error: {exc!r}".encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(payload)))
        if status == 429:
            self.send_header("Retry-After", "1")
        if status == 200 and parts.path == "/api/auth.test":
            self.send_header("x-oauth-scopes", BOT_SCOPES)  # Bolt copies these into AuthorizeResult
        self.end_headers()
        self.wfile.write(payload)

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            self.rfile.readline()
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep pytest output clean; every request is in FakeSlack.calls anyway


def parse_params(content_type: str, body: bytes) -> tuple[dict[str, Any], Files]:
    """Decode a JSON, form or multipart body into params (+ file parts as (filename, bytes))."""
    files: Files = {}
    if not body:
        return {}, files
    ctype = content_type.split(";")[0].strip().lower()
    params: dict[str, Any]
    if ctype == "application/json":
        params = json.loads(body)
    elif ctype == "multipart/form-data":
        params = {}
        head = f"Content-Type: {content_type}\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + body)
        for part in message.iter_parts():  # type: ignore[attr-defined]
            name = part.get_param("name", header="content-disposition")
            data = part.get_payload(decode=True) or b""
            if part.get_filename() is not None:
                files[name] = (part.get_filename(), data)
            else:
                params[name] = data.decode()
    else:
        params = dict(parse_qsl(body.decode(), keep_blank_values=True))
    return params, files


def decode_json_params(params: dict[str, Any]) -> dict[str, Any]:
    for key in JSON_PARAMS & params.keys():
        if isinstance(params[key], str):
            try:
                params[key] = json.loads(params[key])
            except ValueError:
                pass  # not JSON after all: leave it as sent
    return params
