"""Slack's escaping of user text: the one place `&`, `<`, `>` become entities before mrkdwn or `text`.

Anything a person typed, a config holds or a dataset carries goes through `escape` before it enters a message;
only our own formatting adds `<@U…>` mentions or `<url|label>` links (through `mention` and `link`).
"""

from __future__ import annotations

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape(text: object) -> str:
    """Make user-supplied text inert in Slack: no `<!channel>`, no fake mentions or links."""
    return "".join(_ENTITIES.get(ch, ch) for ch in str(text))


def mention(user_id: str) -> str:
    """A user mention we add ourselves; anything that is not a plain Slack id is shown escaped instead."""
    ok = user_id[:1] in ("U", "W") and user_id.isalnum() and len(user_id) <= 32
    return f"<@{user_id}>" if ok else escape(user_id)


def link(url: str, label: str) -> str:
    """A link we add ourselves: the label is escaped and the URL may not close the link early."""
    safe_url = url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C")
    return f"<{safe_url}|{escape(label)}>"
