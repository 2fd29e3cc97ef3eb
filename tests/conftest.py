"""Shared fixtures: real MLflow and state stores in temp dirs, callers, and a parse+dispatch helper.

Fixtures (names are stable; Slack, agent and CLI tests build on them):

- ``mlflow_template`` (session): the path of ONE migrated, empty MLflow SQLite store made per test process.
  Never open it for writing; copy it (``copy_sqlite``).
- ``mlops_home`` -> Path: an empty MLOPS_HOME (``tmp_path / "mlops"``) holding a copy of the template
  ``mlflow.db``. Sets ``MLOPS_HOME``; unsets ``MLFLOW_TRACKING_URI``, ``MLFLOW_UI_URL``, ``MLOPS_CONFIG``,
  ``MLOPS_STATE_URL`` and every ``SLACK_*`` variable; chdirs to ``tmp_path`` so a stray ./mlops-bot.toml
  cannot leak in. ``tmp_path`` itself stays free for configs and data files.
- ``ctx`` -> Context: ``Context.load()`` on ``mlops_home`` (built-in demo config: cancer, wine, diabetes).
- ``cancer_home`` -> Path: an MLOPS_HOME copied from a session snapshot where the demo model ``cancer`` has
  v1 trained with the default params and deployed through dispatch+confirm (``production`` = 1), then v2
  trained with ``n_estimators=20 max_depth=3`` (``challenger`` = 2, it does not beat v1 on roc_auc).
  mlflow.db, state.db (audit rows: train, deploy, train) and artifacts are copied, BUT MLflow stores artifact
  locations as absolute file URIs, so a copy still reads model files from the session snapshot. A copy is
  therefore private for everything kept in the databases (aliases, tags, audit, approvals, locks) and must
  not train, nor run ``drift`` with its chart (it logs the chart into the production run): the files would land
  in the shared snapshot. The fixture fails the test at teardown if the snapshot's artifacts changed. Tests
  that train or check drift use ``mlops_home``/``ctx`` and train there.
- ``cancer_ctx`` / ``trained_ctx`` -> Context: ``Context.load()`` on ``cancer_home`` (same object).
- ``configure`` -> ``(toml: str) -> Context``: writes ``tmp_path/mlops-bot.toml``, points ``MLOPS_CONFIG``
  at it and returns a fresh Context on the current MLOPS_HOME (use after ``mlops_home`` or ``cancer_home``).
- ``state_url`` -> str, parametrised ``sqlite`` / ``postgresql``: a fresh state database URL (a temp SQLite
  file, or a private database on the PostgreSQL server, dropped afterwards; skipped with the reason when no
  server is reachable, required under ``.ci/run``). ``state`` -> StateStore on it (migrated). Every state test
  takes one of these, so it runs on both backends. ``pg_url`` -> str: a private PostgreSQL database only.
- ``local_pool`` (session): a warm ``tools.work.executor.LocalPool`` of 2 processes; pass it to ``build_app(…,
  executor=local_pool)`` (a borrowed executor is not shut down with the app). Jobs carry their config, stores and
  working directory, so one pool serves every test.
- ``admin``: a Slack caller ``U_ADMIN`` (admin only when a config lists it, e.g. ``ACCESS_TOML``).
  ``cli_caller``: the trusted local CLI user (acts as admin whatever the config says).

Helpers to import (``from tests.conftest import …``): ``run(ctx, text, caller)`` parses and dispatches like
the CLI does (a parse error becomes a refused Outcome); ``approve(ctx, outcome, caller)`` confirms the
approval of an outcome; ``store_state(ctx)`` a comparable snapshot of versions, aliases, model tags, audit
rows and pending approvals, for "nothing changed" assertions; ``CANCER_TOML`` the demo cancer model as TOML
and ``ACCESS_TOML`` an [access] table with ``ADMIN``, ``DEPLOYER``, ``TRAINER`` user ids.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from tools.access import Caller

# Tests assert behaviour, benchmarks measure speed: no per-example deadline (a loaded machine would trip it), and
# the work process at normal priority (nice 19 on a busy 2-core box starves it for seconds; serve's default stays).
hypothesis_settings.register_profile("suite", deadline=None)
hypothesis_settings.load_profile("suite")
os.environ.setdefault("MLOPS_WORK_NICENESS", "0")

ADMIN, DEPLOYER, TRAINER, VIEWER = "U_ADMIN", "U_DEPLOYER", "U_TRAINER", "U_VIEWER"
CLI_USER = "cli:tester"

CANCER_TOML = """
[models.cancer]
description = "Breast cancer diagnosis (binary)"
task = "binary"
source = { kind = "sklearn", dataset = "breast_cancer" }
live = { kind = "demo_live", dataset = "breast_cancer" }
target = "target"
timestamp = "event_time"
estimator = "random_forest"
params = { n_estimators = 100, max_depth = 6 }
primary_metric = "roc_auc"
gate = { min_improvement = 0.0, min_metric = 0.9 }
"""

ACCESS_TOML = f"""
[access]
trainers = ["{TRAINER}"]
deployers = ["{DEPLOYER}"]
admins = ["{ADMIN}"]
"""

V2_PARAMS = "n_estimators=20 max_depth=3"
_CLEARED_ENV = ("MLFLOW_TRACKING_URI", "MLFLOW_UI_URL", "MLOPS_CONFIG", "MLOPS_STATE_URL")


# --- helpers -----------------------------------------------------------------------------------------------
def run(ctx: Any, text: str, caller: Caller) -> Any:
    """Parse `text` as after /mlops and dispatch it; a parse error comes back as a refused Outcome."""
    from pipelines.errors import UserError
    from tools.dispatch import dispatch
    from tools.outcome import Outcome
    from tools.parse import parse

    try:
        call = parse(text)
    except UserError as exc:
        return Outcome(tool="parse", status="refused", message=str(exc), code=exc.code)
    return dispatch(ctx, call.tool, call.args, caller)


def approve(ctx: Any, outcome: Any, caller: Caller) -> Any:
    """Confirm the approval an outcome asked for (it must have asked for one)."""
    from tools.dispatch import confirm

    assert outcome.status == "needs_approval", f"expected an approval request, got {outcome.status}: {outcome.message}"
    return confirm(ctx, outcome.approval.approval_id, caller)


def store_state(ctx: Any, model: str = "cancer") -> dict[str, Any]:
    """What a user could see changed: models, runs, versions, aliases, model tags, audit rows, approvals."""
    from tools.state import approvals_table

    registry = ctx.registry
    client = registry.client
    tags = dict(client.get_registered_model(model).tags or {}) if registry.exists(model) else {}
    experiments = [e.experiment_id for e in client.search_experiments()]
    runs = client.search_runs(experiments, max_results=1000) if experiments else []
    with ctx.state.engine.connect() as conn:
        approvals = conn.execute(approvals_table.select()).mappings().all()
    return {
        "registered_models": sorted(m.name for m in client.search_registered_models()),
        "runs": sorted(r.info.run_id for r in runs),
        "versions": [v.version for v in registry.versions(model)],
        "aliases": registry.aliases(model),
        "tags": tags,
        "audit": [(e.id, e.tool, e.outcome) for e in ctx.state.audit_trail(limit=1000)],
        "approvals": sorted((a["id"], a["status"]) for a in approvals),
    }


def copy_sqlite(src: Path, dst: Path) -> None:
    """A consistent copy of a live SQLite database, WAL content included (a file copy could miss it)."""
    source, target = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def copy_home(src: Path, dst: Path) -> None:
    dst.mkdir(parents=True)
    for name in ("mlflow.db", "state.db"):
        if (src / name).exists():
            copy_sqlite(src / name, dst / name)
    if (src / "artifacts").exists():
        shutil.copytree(src / "artifacts", dst / "artifacts")


def _files(folder: Path) -> set[tuple[str, int]]:
    return {(str(p.relative_to(folder)), p.stat().st_size) for p in folder.rglob("*") if p.is_file()}


def _clear_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _CLEARED_ENV:
        monkeypatch.delenv(name, raising=False)
    for name in list(os.environ):
        if name.startswith("SLACK_"):
            monkeypatch.delenv(name, raising=False)


# --- stores ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def mlflow_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated empty MLflow store per process; migrating a fresh one costs seconds."""
    from pipelines.registry import connect

    folder = tmp_path_factory.mktemp("mlflow-template")
    connect(f"sqlite:///{folder / 'mlflow.db'}")
    return folder / "mlflow.db"


@pytest.fixture
def mlops_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mlflow_template: Path) -> Path:
    home = tmp_path / "mlops"
    home.mkdir()
    copy_sqlite(mlflow_template, home / "mlflow.db")
    _clear_env(monkeypatch)
    monkeypatch.setenv("MLOPS_HOME", str(home))
    monkeypatch.chdir(tmp_path)
    return home


@pytest.fixture
def ctx(mlops_home: Path) -> Any:
    from tools.context import Context

    return Context.load()


@pytest.fixture(scope="session")
def cancer_snapshot(tmp_path_factory: pytest.TempPathFactory, mlflow_template: Path) -> Path:
    """The session's read-only pre-trained home (see the module docstring); copy it, never use it directly."""
    from tools.config import demo_config, parse_config
    from tools.context import Context
    from tools.settings import Paths

    home = tmp_path_factory.mktemp("cancer-snapshot") / "mlops"
    home.mkdir()
    copy_sqlite(mlflow_template, home / "mlflow.db")
    paths = Paths(home=home, config=None, tracking_uri=None, state_url=None, mlflow_ui_url=None)
    context = Context(config=parse_config(demo_config(), source_path="<built-in demo>"), paths=paths)
    caller = Caller(user_id=CLI_USER, surface="cli", trusted=True)
    steps = [run(context, "train cancer", caller)]
    steps.append(approve(context, run(context, "deploy cancer 1", caller), caller))
    steps.append(run(context, f"train cancer {V2_PARAMS}", caller))
    assert [s.status for s in steps] == ["done"] * 3, [s.message for s in steps]
    assert context.registry.aliases("cancer") == {"production": 1, "challenger": 2}
    for version in (1, 2):  # MLflow writes registered_model_meta beside a model's files on its first load
        context.registry.load_model("cancer", version)
    return home


@pytest.fixture
def cancer_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cancer_snapshot: Path) -> Iterator[Path]:
    before = _files(cancer_snapshot / "artifacts")
    home = tmp_path / "mlops"
    copy_home(cancer_snapshot, home)
    _clear_env(monkeypatch)
    monkeypatch.setenv("MLOPS_HOME", str(home))
    monkeypatch.chdir(tmp_path)
    yield home
    assert _files(cancer_snapshot / "artifacts") == before, (
        "a test wrote artifacts into the shared cancer snapshot (did it train in cancer_home?); "
        "train in mlops_home instead")


@pytest.fixture
def cancer_ctx(cancer_home: Path) -> Any:
    from tools.context import Context

    return Context.load()


@pytest.fixture
def trained_ctx(cancer_ctx: Any) -> Any:
    """Alias of cancer_ctx."""
    return cancer_ctx


@pytest.fixture
def configure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Any]:
    """Write tmp_path/mlops-bot.toml, point MLOPS_CONFIG at it, return a fresh Context."""
    from tools.context import Context

    def write(toml: str) -> Any:
        path = tmp_path / "mlops-bot.toml"
        path.write_text(toml)
        monkeypatch.setenv("MLOPS_CONFIG", str(path))
        return Context.load()

    return write


@pytest.fixture(params=["sqlite", "postgresql"])
def state_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'state.db'}"
        return
    from tests.support.postgres import temp_database

    with temp_database() as url:
        yield url


@pytest.fixture
def pg_url() -> Iterator[str]:
    from tests.support.postgres import temp_database

    with temp_database() as url:
        yield url


@pytest.fixture
def state(state_url: str) -> Iterator[Any]:
    from tools.state import StateStore

    store = StateStore(state_url, pool_size=2)
    yield store
    store.engine.dispose()


# --- executors ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def local_pool() -> Iterator[Any]:
    """One warm local process pool (2 workers) per test process: spawning one per test would cost seconds each."""
    from tools.work.executor import LocalPool

    pool = LocalPool(2)
    yield pool
    pool.shutdown()


# --- callers -----------------------------------------------------------------------------------------------
@pytest.fixture
def admin() -> Caller:
    return Caller(user_id=ADMIN, surface="slack")


@pytest.fixture
def cli_caller() -> Caller:
    return Caller(user_id=CLI_USER, surface="cli", trusted=True)
