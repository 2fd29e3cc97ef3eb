"""A rendered reply as data, turned into Block Kit (within Slack's limits) or terminal text.

Text fields hold what a person should read: user text as typed, our markup as `Mrkdwn`. `to_blocks` and
`fallback` are the one place it is escaped for Slack (see bot/render/escape.py); `to_text` shows it as typed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from bot.slack.render.escape import Text, escape, to_mrkdwn, unescape

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_HEADER_CHARS = 150
MAX_BUTTON_TEXT = 75
MAX_FALLBACK_CHARS = 3000


class Table(BaseModel):
    header: list[str]
    rows: list[list[str]]
    align: list[Literal["l", "r"]] = Field(default_factory=list)

    def lines(self) -> list[str]:
        cells = [self.header, *self.rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(self.header))]
        align = self.align or ["l"] + ["r"] * (len(self.header) - 1)
        fmt = lambda row: "  ".join(c.ljust(w) if a == "l" else c.rjust(w) for c, w, a in zip(row, widths, align))  # noqa: E731
        return [fmt(self.header), "  ".join("-" * w for w in widths), *(fmt(r) for r in self.rows)]


class Button(BaseModel):
    text: str
    action_id: str
    value: str = ""
    style: Literal["primary", "danger"] | None = None
    url: str | None = None


class Section(BaseModel):
    text: Text | None = None
    table: Table | None = None  # cells are plain text, escaped at the boundary like any other


class Message(BaseModel):
    title: str  # plain text (a header): never our markup
    summary: Text  # the verdict, first thing read
    sections: list[Section] = Field(default_factory=list)
    context: list[Text] = Field(default_factory=list)
    buttons: list[Button] = Field(default_factory=list)
    images: list[Path] = Field(default_factory=list)
    ephemeral: bool = False  # errors go only to the person who asked

    def to_blocks(self) -> list[dict[str, Any]]:
        from slack_sdk.models.blocks import (
            ActionsBlock,
            ButtonElement,
            ContextBlock,
            HeaderBlock,
            MarkdownTextObject,
            SectionBlock,
        )

        blocks: list[Any] = [HeaderBlock(text=_clip(escape(self.title), MAX_HEADER_CHARS))]
        blocks += [SectionBlock(text=MarkdownTextObject(text=chunk)) for chunk in _chunks(to_mrkdwn(self.summary))]
        for section in self.sections:
            text = to_mrkdwn(section.text or "")
            if section.table is not None:
                text = "\n".join(filter(None, [text, *_table_chunks(section.table)]))
            blocks += [SectionBlock(text=MarkdownTextObject(text=chunk)) for chunk in _split_blocks(text)]
        tail: list[Any] = []
        if self.context:
            tail.append(ContextBlock(elements=[MarkdownTextObject(text=_clip(to_mrkdwn(c), MAX_SECTION_CHARS))
                                               for c in self.context[:10]]))
        if self.buttons:
            tail.append(ActionsBlock(elements=[
                ButtonElement(text=_clip(escape(b.text), MAX_BUTTON_TEXT), action_id=b.action_id, value=b.value[:2000] or None,
                              style=b.style, url=b.url) for b in self.buttons[:25]]))
        room = MAX_BLOCKS - len(tail)
        if len(blocks) > room:
            blocks = blocks[: room - 1] + [SectionBlock(text=MarkdownTextObject(text="_…cut to fit Slack; see MLflow for the rest._"))]
        return [b.to_dict() for b in blocks + tail]

    def to_text(self, *, limit: int | None = None) -> str:
        """Terminal text: our markup made plain, the user's text exactly as typed (no `&lt;`)."""
        lines = [self.title, _plain(self.summary)]
        for section in self.sections:
            if section.text:
                lines.append(_plain(section.text))
            if section.table is not None:
                lines += section.table.lines()
        lines += [_plain(c) for c in self.context]
        lines += [f"[{b.text}] {b.url}" for b in self.buttons if b.url]
        text = "\n".join(line for line in lines if line)
        return _clip(text, limit) if limit else text

    def fallback(self) -> str:
        """The notification and screen-reader text Slack shows when blocks cannot be: plain, then escaped."""
        return _clip(escape(f"{self.title}: {_plain(self.summary)}"), MAX_FALLBACK_CHARS)


def _table_chunks(table: Table) -> list[str]:
    """A table as monospaced blocks, split by rows so no section passes Slack's 3,000 characters."""
    lines = [escape(line) for line in table.lines()]  # aligned on the text as read, then escaped
    head, body = lines[:2], lines[2:]
    chunks, current = [], list(head)
    for line in body:
        if sum(len(x) + 1 for x in current) + len(line) + 8 > MAX_SECTION_CHARS - 100:
            chunks.append("```" + "\n".join(current) + "```")
            current = list(head)
        current.append(line)
    chunks.append("```" + "\n".join(current) + "```")
    return chunks


def _split_blocks(text: str) -> list[str]:
    out, current = [], ""
    for piece in re.split(r"(?<=```)\n(?=```)|\n(?=```)", text):
        if len(current) + len(piece) + 1 > MAX_SECTION_CHARS:
            if current:
                out.append(current)
            current = piece
        else:
            current = f"{current}\n{piece}" if current else piece
    if current:
        out.append(current)
    return [chunk for c in out for chunk in _chunks(c)]


def _chunks(text: str) -> list[str]:
    text = text or " "
    out = []
    while len(text) > MAX_SECTION_CHARS:
        cut = _safe_cut(text, MAX_SECTION_CHARS)
        out.append(text[:cut])
        text = text[cut:]
    return out + [text] if text else out


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: _safe_cut(text, limit - 1)] + "…"


def _safe_cut(text: str, at: int) -> int:
    """Where to cut escaped text at most `at` characters in without splitting an entity such as `&lt;` or one of
    our `<@U…>` / `<url|label>` tokens (escaped text has no other `<`)."""
    opened = text.rfind("<", 0, at)
    if opened > text.rfind(">", 0, at) and opened > 0:
        at = opened
    amp = text.rfind("&", max(0, at - 4), at)
    return amp if amp > 0 and text.find(";", amp, amp + 5) >= at else at


def _plain(text: Text) -> str:
    """Terminal text of a field: rendered for Slack first, so only our markup can look like markup here."""
    text = to_mrkdwn(text)
    text = re.sub(r"<([^|>]+)\|([^>]+)>", r"\2 (\1)", text)  # our links
    text = re.sub(r"<[@#]([^|>]+)(?:\|[^>]*)?>", lambda m: m.group(0)[1] + m.group(1), text)  # our mentions, channels
    # Emoji codes mean nothing on a terminal; a code has a letter, so "13:32:49" keeps its minutes.
    text = re.sub(r":(?=[a-z0-9_+-]*[a-z_+-])[a-z0-9_+-]+: ?", "", text)
    text = text.replace("```", "")
    return unescape(re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"\1", text))
