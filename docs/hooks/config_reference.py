"""mkdocs hook: the configuration reference, generated from the pydantic settings models, never typed by hand.

`docs/configuration.md` holds one marker line, `<!-- config-reference -->`; this hook replaces it with one table
per model (field, type, default, description) read from the model's `model_fields`. TOML tables show defaults as
TOML values; environment settings show each field's environment variable (its `validation_alias`).

A class that does not import (renamed, moved) fails the build with its path, so the page never goes stale.
"""

from __future__ import annotations

import importlib
import sys
import types
import typing
from dataclasses import dataclass
from enum import Enum
from pathlib import Path, PurePath
from typing import Any

import annotated_types
from mkdocs.exceptions import PluginError
from pydantic import BaseModel, SecretStr
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

MARKER = "<!-- config-reference -->"
PAGE = "configuration.md"
ROOT = Path(__file__).resolve().parents[2]  # the repository: docs/hooks/config_reference.py


@dataclass(frozen=True)
class Table:
    """One generated table: the class "module:Class" and where it sits."""

    anchor: str
    title: str  # the heading: the TOML location, or what the environment variables are for
    path: str  # "module:Class"
    env: bool = False
    skip: tuple[str, ...] = ()  # fields a person never writes (see the note below)


# Skipped fields: ModelSpec.name is filled from the table's key ([models.<name>]); Config's excluded fields are
# filled by the loader. Every other field of every class is documented.
FILE_TABLES = (
    Table("top-level", "`mlops-bot.toml` (top level)", "tools.config:Config"),
    Table("access", "`[access]`", "tools.config:Access"),
    Table("approvals", "`[approvals]`", "tools.config:Approvals"),
    Table("agent", "`[agent]`", "tools.config:AgentConfig"),
    Table("compute", "`[compute]`", "tools.config:Compute"),
    Table("mcp", "`[mcp]`", "tools.config:McpConfig"),
    Table("monitoring", "`[monitoring]`", "tools.monitoring.settings:MonitoringConfig"),
    Table("severity", "`[monitoring.severity]`", "tools.monitoring.settings:SeverityPolicy"),
    Table("quiet", "`[[monitoring.quiet]]`", "tools.monitoring.settings:QuietWindow"),
    Table("model", "`[models.<name>]`", "tools.config:ModelConfig", skip=("name",)),
    Table("gate", "`[models.<name>.gate]`", "pipelines.config:Gate"),
    Table("drift", "`[models.<name>.drift]`",
          "pipelines.drift.settings:DriftConfig"),
    Table("monitor", "`[models.<name>.monitor]`",
          "tools.monitoring.settings:MonitorSpec"),
    Table("source-sklearn", "`source` / `live`: `kind = \"sklearn\"`", "pipelines.config:SklearnSource"),
    Table("source-demo-live", "`source` / `live`: `kind = \"demo_live\"`", "pipelines.config:DemoLiveSource"),
    Table("source-file", "`source` / `live`: `kind = \"csv\"` or `\"parquet\"`", "pipelines.config:FileSource"),
    Table("source-sql", "`source` / `live`: `kind = \"sql\"`", "pipelines.config:SqlSource"),
    Table("source-feast", "`source` / `live`: `kind = \"feast\"`", "pipelines.config:FeastSource"),
    Table("source-predictions", "`live` only: `kind = \"predictions\"`", "pipelines.config:PredictionsSource"),
)
ENV_TABLES = (
    Table("env-paths", "Where state lives", "tools.settings:Paths", env=True),
    Table("env-mcp", "The MCP server over HTTP", "bot.mcp.settings:McpSettings", env=True),
    Table("env-slack", "Slack and `serve`", "bot.slack.settings:SlackSettings",
          env=True),
    Table("env-webhook", "MLflow registry webhooks (`serve`)", "bot.slack.settings:WebhookSettings", env=True),
    Table("env-scheduler", "The scheduler",
          "tools.monitoring.settings:SchedulerSettings", env=True),
    Table("env-serving", "The prediction service (`predict-server`)", "bot.serving.settings:ServingSettings", env=True),
)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if PurePath(page.file.src_uri).as_posix() != PAGE:
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"config_reference hook: {PAGE} lost its marker line {MARKER}")
    return markdown.replace(MARKER, reference())


def reference() -> str:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    loaded = {table.anchor: load(table) for table in (*FILE_TABLES, *ENV_TABLES)}
    # A model table documents what the file accepts: the class `Config.models` holds, when it extends the one found.
    held = nested(loaded["top-level"].model_fields["models"].annotation)
    if held is not None and issubclass(held, loaded["model"]):
        loaded["model"] = held
    links = {loaded[table.anchor]: table.anchor for table in FILE_TABLES}
    parts = ["## Reference: the file\n"]
    parts += [render(table, loaded[table.anchor], links) for table in FILE_TABLES]
    parts.append("## Reference: the environment\n")
    parts += [render(table, loaded[table.anchor], links) for table in ENV_TABLES]
    return "\n".join(parts)


def load(table: Table) -> type[BaseModel]:
    """The table's class; a clear build failure when it does not import."""
    module_name, _, name = table.path.partition(":")
    try:
        cls = getattr(importlib.import_module(module_name), name)
    except Exception as exc:  # moved or renamed: the page would go stale
        raise PluginError(f"config_reference hook: cannot import {table.path} for {table.title}: "
                          f"{type(exc).__name__}: {exc}") from exc
    if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
        raise PluginError(f"config_reference hook: {table.path} is not a pydantic model")
    return cls


def render(table: Table, cls: type[BaseModel], links: dict[type, str]) -> str:
    head = f"### {table.title} {{#{table.anchor}}}\n"
    if doc := summary(cls):
        head += f"\n{prose(doc)}\n"
    first = "Environment variable" if table.env else "Key"
    rows = [f"| {first} | Type | Default | Description |", "|---|---|---|---|"]
    for name, field in cls.model_fields.items():
        if name in table.skip or field.exclude:
            continue
        key = field.validation_alias if table.env and isinstance(field.validation_alias, str) else name
        rows.append("| " + " | ".join((
            f"`{key}`",
            cell(type_name(field.annotation, links) + constraints(field)),
            cell(default(field, env=table.env)),
            cell(prose(field.description or summary(nested(field.annotation)))),
        )) + " |")
    return head + "\n" + "\n".join(rows) + "\n"


def summary(cls: type | None) -> str:
    """The first paragraph of a model's docstring ("" for none: pydantic gives such classes a signature)."""
    if cls is None:
        return ""
    doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    return "" if doc.startswith(f"{cls.__name__}(") else doc


def nested(annotation: Any) -> type[BaseModel] | None:
    """The one model a field holds (a nested table), through Optional and Annotated; None otherwise."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        annotation = members[0] if len(members) == 1 else None
    if typing.get_origin(annotation) is dict:
        annotation = typing.get_args(annotation)[1] if len(typing.get_args(annotation)) == 2 else None
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def type_name(annotation: Any, links: dict[type, str]) -> str:
    """JSON-schema names: string, integer, number, boolean, array, object; optional is shown by its default."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return type_name(args[0], links)
    if origin in (typing.Union, types.UnionType):
        members = [arg for arg in args if arg is not type(None)]
        if len(members) > 1 and all(member in links for member in members):  # a discriminated union of tables
            return "object, one of " + ", ".join(f"[{kinds(member)}](#{links[member]})" for member in members)
        return " or ".join(dict.fromkeys(type_name(member, links) for member in members))
    if origin is typing.Literal:
        return " or ".join(f"`{toml(value)}`" for value in args)
    if origin in (list, tuple, set, frozenset):
        return f"array of {type_name(args[0], links)}" if args else "array"
    if origin is dict:
        if len(args) == 2 and args[1] in links:
            return f"object, one [table](#{links[args[1]]}) per key"
        return f"object of {type_name(args[1], links)}" if len(args) == 2 and args[1] is not Any else "object"
    if isinstance(annotation, type):
        if annotation in links:
            return f"[object](#{links[annotation]})"
        if issubclass(annotation, bool):
            return "boolean"
        if issubclass(annotation, int):
            return "integer"
        if issubclass(annotation, float):
            return "number"
        if issubclass(annotation, (str, PurePath)):
            return "string"
        if issubclass(annotation, SecretStr):
            return "string (secret)"
        if issubclass(annotation, Enum):
            return " or ".join(f"`{toml(member.value)}`" for member in annotation)
        if issubclass(annotation, BaseModel):
            return "object"
    if annotation is Any:
        return "any"
    return str(annotation)


def kinds(cls: type[BaseModel]) -> str:
    """A source's name: the values of its `kind` discriminator."""
    kind = cls.model_fields.get("kind")
    values = typing.get_args(kind.annotation) if kind is not None else ()
    return " / ".join(str(value) for value in values) or cls.__name__


def constraints(field: FieldInfo) -> str:
    signs = {annotated_types.Gt: ("gt", "> "), annotated_types.Ge: ("ge", "≥ "),
             annotated_types.Lt: ("lt", "< "), annotated_types.Le: ("le", "≤ ")}
    found = [sign + toml(getattr(item, attr)) for item in field.metadata
             for kind, (attr, sign) in signs.items() if isinstance(item, kind)]
    return f", {', '.join(found)}" if found else ""


def default(field: FieldInfo, *, env: bool) -> str:
    if field.default_factory is not None:
        value = field.default_factory()
        if isinstance(value, BaseModel):
            return "its table's defaults"
    elif field.default is PydanticUndefined:
        return "required"
    else:
        value = field.default
    if value is None:
        return "not set"
    if env:  # the value as it is written in the environment
        return f"`{value.get_secret_value() if isinstance(value, SecretStr) else value}`"
    return f"`{toml(value)}`"


def toml(value: Any) -> str:
    """A Python default written as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return toml(value.value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (str, PurePath)):
        text = str(value).replace("\\", "\\\\").replace('"', '\\"')
        return f'"{text}"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key} = {toml(item)}" for key, item in value.items()) + "}" if value else "{}"
    return str(value)


def prose(text: str) -> str:
    """Text from a docstring or description as Markdown: `<` and `>` outside code spans are not HTML."""
    pieces = text.split("`")
    return "`".join(piece if i % 2 else piece.replace("<", "&lt;").replace(">", "&gt;")
                    for i, piece in enumerate(pieces))


def cell(text: str) -> str:
    """Markdown table cell: pipes escaped (outside code too), one line."""
    return text.replace("|", "\\|").replace("\n", " ")
