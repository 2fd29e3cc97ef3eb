"""A plain picture of Block Kit blocks (header, sections, code tables, context, buttons) for the README.

Not Slack's renderer: a faithful-enough sketch drawn with matplotlib from the very blocks the bot posts.
`uv run --frozen python docs/picture.py docs/alert.png` makes a real alert on the demo model first.
"""

from __future__ import annotations

import re
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

WIDTH_CHARS = 92


def render_png(blocks: list[dict[str, Any]], path: Path, *, chart: Path | None = None) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch

    lines = _layout(blocks)
    chart_rows = 16 if chart else 0
    height = 0.22 * (len(lines) + chart_rows) + 0.6
    fig = plt.figure(figsize=(8.6, height), dpi=130)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, height)
    ax.axis("off")
    ax.add_patch(FancyBboxPatch((0.015, 0.05), 0.97, height - 0.1, boxstyle="round,pad=0,rounding_size=0.02",
                                fc="white", ec="#d0d0d0"))
    ax.add_patch(FancyBboxPatch((0.015, 0.05), 0.006, height - 0.1, boxstyle="square,pad=0", fc="#e01e5a", ec="none"))
    y = height - 0.35
    for kind, text in lines:
        if kind == "buttons":
            x = 0.05
            for label in text.split("\x1f"):
                w = 0.018 + 0.0105 * len(label)
                ax.add_patch(FancyBboxPatch((x, y - 0.09), w, 0.24, boxstyle="round,pad=0,rounding_size=0.04",
                                            fc="#007a5a" if label == "Retrain" else "white", ec="#b0b0b0"))
                ax.text(x + w / 2, y + 0.03, label, ha="center", va="center", fontsize=8.5, weight="bold",
                        color="white" if label == "Retrain" else "#1d1c1d")
                x += w + 0.015
            y -= 0.32
            continue
        style = {"header": dict(fontsize=12.5, weight="bold"), "text": dict(fontsize=9),
                 "code": dict(fontsize=8, family="monospace"), "context": dict(fontsize=7.5, color="#616061")}[kind]
        ax.text(0.05, y, text, va="center", ha="left", **style)  # type: ignore[arg-type]
        y -= 0.3 if kind == "header" else 0.22
    if chart is not None:
        image = plt.imread(str(chart))
        inset = fig.add_axes((0.05, 0.06 / height, 0.6, (chart_rows * 0.22) / height))
        inset.imshow(image)
        inset.axis("off")
        ax.text(0.67, (chart_rows * 0.22) / 2 / height * height, "the drift chart,\nuploaded in the\nalert's thread",
                fontsize=8, color="#616061", va="center")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path


def _layout(blocks: list[dict[str, Any]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for block in blocks:
        kind = block["type"]
        if kind == "header":
            out.append(("header", _emoji(block["text"]["text"])))
        elif kind == "section":
            for part in re.split(r"(```.*?```)", block["text"]["text"], flags=re.S):
                if part.startswith("```"):
                    out += [("code", line) for line in part.strip("`").splitlines()]
                else:
                    for line in _plain(part).splitlines():
                        out += [("text", w) for w in textwrap.wrap(line, WIDTH_CHARS) or [""]]
        elif kind == "context":
            out += [("context", _plain(e["text"])) for e in block["elements"]]
        elif kind == "actions":
            out.append(("buttons", "\x1f".join(e["text"]["text"] for e in block["elements"])))
    return [line for line in out if line[1].strip() or line[0] == "buttons"]


def _plain(text: str) -> str:
    text = re.sub(r"<([^|>]+)\|([^>]+)>", r"\2", text)
    return _emoji(text.replace("*", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))


def _emoji(text: str) -> str:
    # The DejaVu font has no colour emoji: severity dots become words' worth of plain marks.
    text = re.sub(r":(large_yellow_circle|large_orange_circle|red_circle|large_blue_circle):", "●", text)
    return re.sub(r"[🔵🟡🟠🔴]", "●", re.sub(r":[a-z0-9_+-]+:", "", text)).strip()


def _demo_alert() -> tuple[list[dict[str, Any]], Path | None]:
    """A real incident on the demo `cancer` model: train, deploy, monitor, one check."""
    import os

    home = Path(tempfile.mkdtemp(prefix="mlops-picture-"))
    os.environ["MLOPS_HOME"] = str(home)
    from bot.slack.render.alerts import incident_message
    from tools.access import Caller
    from tools.context import Context
    from tools.dispatch import confirm, dispatch
    from tools.logs import setup as log_to_home
    from tools.monitoring import alerting
    from tools.monitoring.settings import MonitorSpec

    log_to_home(home)  # library chatter to the temporary home's log, not the terminal
    ctx = Context.load()
    me = Caller(user_id="cli:docs", surface="cli", trusted=True)
    dispatch(ctx, "train", {"model": "cancer"}, me)
    confirm(ctx, dispatch(ctx, "deploy", {"model": "cancer", "version": "1"}, me).approval.approval_id, me)  # type: ignore[union-attr]
    ctx.state.save_monitor("cancer", MonitorSpec(every="1h", channel="#ml-alerts"), enabled=True, set_by="U0DOCS",
                           surface="slack")
    notice = alerting.tick(ctx, "cancer").notices[0]
    message = incident_message(notice.incident, check=notice.check, mlflow_ui_url="http://mlflow.example.com")
    return message.to_blocks(), message.images[0] if message.images else None


if __name__ == "__main__":
    import os
    import shutil

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/alert.png").resolve()
    blocks, chart = _demo_alert()
    print(render_png(blocks, target, chart=chart))
    shutil.rmtree(os.environ["MLOPS_HOME"], ignore_errors=True)
