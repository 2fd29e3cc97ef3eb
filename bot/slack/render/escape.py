"""Slack's escaping of user text, in one place: the Message → Block Kit / `text` boundary.

A renderer writes ordinary strings, user text and all, and never escapes anything itself: when a Message becomes
blocks or fallback text, every string is escaped (`&`, `<`, `>` → entities, Slack's documented three; quotes stay,
Slack decodes nothing else). The one exception is `Mrkdwn`, the type of our own markup: `mention`, `channel` and
`link` make it, and `md` builds a line from a template of ours in which every interpolated value is escaped unless
it is itself `Mrkdwn`. So a renderer that forgets nothing has nothing to remember: a raw `<!channel>` can only
reach Slack by being typed into a template in this code base.
"""

from __future__ import annotations

import re
from typing import Any

_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_DECODE = re.compile(r"&(amp|lt|gt);")
_SLACK_ID = re.compile(r"[UW][A-Z0-9_]{1,31}")  # ids are alphanumeric; tests use U_ADMIN
_CHANNEL_ID = re.compile(r"[CGD][A-Z0-9_]{1,31}")


class Mrkdwn(str):
    """Slack mrkdwn that is ours: passed to Slack as it is. Only `md`, `mention`, `channel` and `link` make it."""

    __slots__ = ()

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        # pydantic would turn a str subclass into a plain str, and the boundary would then escape our markup.
        return core_schema.is_instance_schema(cls)


Text = Mrkdwn | str  # what a Message's text fields hold: our markup, or anything else (escaped at the boundary)


def escape(text: object) -> str:
    """Make text inert in Slack: no `<!channel>`, no fake mentions or links."""
    return str(text).translate(_ENTITIES)


def unescape(text: str) -> str:
    """Slack's three entities back to characters: what a person reads, for the terminal."""
    return _DECODE.sub(lambda m: {"amp": "&", "lt": "<", "gt": ">"}[m.group(1)], text)


def to_mrkdwn(text: Text) -> str:
    """The one boundary: our markup as it is, every other string escaped."""
    return str(text) if isinstance(text, Mrkdwn) else escape(text)


def md(template: str, *args: object, **kwargs: object) -> Mrkdwn:
    """Our template (`str.format` syntax) with each value escaped, unless the value is our own `Mrkdwn`.

    Numbers, dates and None keep their type so format specs (`{:.4f}`, `{:%H:%M}`) work; anything else is text.
    """
    return Mrkdwn(template.format(*(_value(a) for a in args), **{k: _value(v) for k, v in kwargs.items()}))


def join(separator: str, parts: list[Text]) -> Mrkdwn:
    """`separator.join(parts)` that keeps our markup and escapes the rest."""
    return Mrkdwn(to_mrkdwn(separator).join(to_mrkdwn(p) for p in parts))


def mention(user_id: str) -> Mrkdwn:
    """A user mention we add ourselves; anything that is not a plain Slack id is shown escaped instead."""
    return Mrkdwn(f"<@{user_id}>" if _SLACK_ID.fullmatch(user_id or "") else escape(user_id))


def channel(channel_id: str) -> Mrkdwn:
    """A channel link we add ourselves (`<#C123>`); a name or anything else is shown as escaped text."""
    return Mrkdwn(f"<#{channel_id}>" if _CHANNEL_ID.fullmatch(channel_id or "") else escape(channel_id))


def link(url: str, label: str) -> Mrkdwn:
    """A link we add ourselves: the label is escaped and the URL may not close the link early."""
    safe_url = url.replace("&", "&amp;").replace("|", "%7C").replace(">", "%3E").replace("<", "%3C")
    return Mrkdwn(f"<{safe_url}|{escape(label)}>")


def _value(value: object) -> object:
    if isinstance(value, Mrkdwn) or value is None or isinstance(value, (int, float)):
        return value
    if hasattr(value, "strftime"):  # dates and times: format specs such as {:%H:%M} must still apply
        return value
    return escape(value)
