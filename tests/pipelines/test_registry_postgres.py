"""The lifecycle on an MLflow tracking server backed by PostgreSQL, artifacts proxied through the server, with
the bot's state on PostgreSQL too; everything checked with MLflow's own client. Also a direct postgresql:// URI."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from mlflow.tracking import MlflowClient

from tests.support.postgres import temp_database
from tests.support.processes import BIN, child_env, mlflow_server, mlops_bot


@dataclass
class Server:
    url: str
    backend: str  # the PostgreSQL database behind it, as a SQLAlchemy URL
    artifacts: Path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("mlflow-server")
    with temp_database("mlflow") as backend, \
            mlflow_server(backend, folder / "artifacts", log=folder / "server.log") as url:
        yield Server(url=url, backend=backend, artifacts=folder / "artifacts")


def _events(client: MlflowClient, model: str) -> list[tuple[str, int]]:
    tags = client.get_registered_model(model).tags
    return [(json.loads(tags[k])["action"], json.loads(tags[k])["to_version"])
            for k in sorted(tags) if k.startswith("mlops.event.")]


LIFECYCLE = [
    "train cancer", "deploy cancer 1", "train cancer n_estimators=20 max_depth=3", "compare cancer",
    'deploy cancer 2 force=true reason="try it live"', "status cancer", "drift cancer", "drift cancer since=60d until=30d",
    "rollback cancer", "history cancer",
]


def test_lifecycle_on_server_and_postgres_state(server: Server, pg_url: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Each step exactly as `mlops-bot cmd "<step>" --yes` runs it (in this process: the CLI's start-up is not
    what is tested here, and the subprocess path is covered below and in test_cli)."""
    from bot.cli.command import run_command

    for name, value in child_env(MLOPS_HOME=str(tmp_path / "home"), MLFLOW_TRACKING_URI=server.url,
                                 MLOPS_STATE_URL=pg_url).items():
        if name.startswith(("MLOPS_", "MLFLOW_")):
            monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    codes = [run_command(step, json_output=False, yes=True, config_path=None) for step in LIFECYCLE]
    out, err = capsys.readouterr()
    assert codes == [0] * len(LIFECYCLE), err[-3000:]
    assert "Traceback" not in out + err

    client = MlflowClient(tracking_uri=server.url, registry_uri=server.url)
    versions = client.search_model_versions("name = 'cancer'")
    assert sorted(int(v.version) for v in versions) == [1, 2]
    assert {k: int(v) for k, v in client.get_registered_model("cancer").aliases.items()} == \
        {"production": 1, "challenger": 2}, "train, deploy 1, retrain, forced deploy 2, rollback to 1"
    assert _events(client, "cancer") == [("deploy", 1), ("deploy", 2), ("rollback", 1)]

    # Artifacts went through the server (proxied mlflow-artifacts:) into its destination folder.
    runs = {v.run_id: client.get_run(v.run_id) for v in versions}
    assert all(r.info.artifact_uri.startswith("mlflow-artifacts:") for r in runs.values())
    assert len(list(server.artifacts.rglob("MLmodel"))) == 2
    checked_run = client.get_model_version("cancer", "2").run_id  # production during the demo's drift checks
    charts = [f for d in client.list_artifacts(checked_run, "drift_checks") for f in client.list_artifacts(checked_run, d.path)]
    assert len(charts) == 2 and all(f.path.endswith(".png") for f in charts), "each drift check logs its chart"
    assert "roc_auc" in runs[checked_run].data.metrics

    # The model loads back through the server's artifact proxy.
    import mlflow.sklearn

    mlflow.set_tracking_uri(server.url)
    model = mlflow.sklearn.load_model("models:/cancer@production")
    assert model.predict(_cancer_rows()).shape == (3,)

    # compare, drift and history answered; the audit trail is in the PostgreSQL state database.
    assert "Compare cancer: v2 vs v1" in out and "Drift check of cancer" in out and "History of cancer" in out
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT tool, to_version FROM audit WHERE outcome = 'ok' ORDER BY id")).all()
    engine.dispose()
    assert [(t, v) for t, v in rows] == [("train", 1), ("deploy", 1), ("train", 2), ("deploy", 2), ("rollback", 1)]


def test_direct_postgresql_tracking_uri(server: Server, tmp_path: Path) -> None:
    direct = "postgresql://" + server.backend.split("://", 1)[1]  # plain URL, as a user would write it
    env = child_env(MLOPS_HOME=str(tmp_path / "home"), MLFLOW_TRACKING_URI=direct)
    trained = mlops_bot("cmd", "train wine", env=env, cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr[-3000:]
    assert "Trained wine v1" in trained.stdout

    client = MlflowClient(tracking_uri=server.url, registry_uri=server.url)  # the server reads what the direct client wrote
    version = client.get_model_version_by_alias("wine", "challenger")
    assert version.version == "1"
    assert "f1_macro" in client.get_run(version.run_id).data.metrics
    assert (tmp_path / "home" / "artifacts" / "wine").is_dir(), "artifacts beside MLOPS_HOME, not in the cwd"


def test_two_processes_training_at_once_register_distinct_versions(server: Server, tmp_path: Path) -> None:
    # Two replicas' trainings of one model never overlap through the bot (the shared model lock refuses the
    # second); this holds MLflow's side to it too: registering at the same moment yields two versions.
    script = textwrap.dedent("""
        import json, sys, time
        from pathlib import Path
        from tools.context import Context
        from pipelines.train import train
        ctx = Context.load()
        spec, registry = ctx.spec("diabetes"), ctx.registry
        ready = Path(sys.argv[1])
        (ready / sys.argv[2]).touch()
        while len(list(ready.iterdir())) < 2:  # both connected and imported: start together
            time.sleep(0.005)
        result = train(spec, registry)
        print(json.dumps({"version": result.version, "run_id": result.run_id}))
    """)
    import subprocess

    env = child_env(MLOPS_HOME=str(tmp_path / "home"), MLFLOW_TRACKING_URI=server.url)
    ready = tmp_path / "ready"
    ready.mkdir()
    procs = [subprocess.Popen([str(BIN / "python"), "-c", script, str(ready), str(i)], env=env, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(2)]
    outputs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err[-2000:] for _, err in outputs]
    results = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]
    assert sorted(r["version"] for r in results) == [1, 2]
    client = MlflowClient(tracking_uri=server.url, registry_uri=server.url)
    for r in results:
        assert client.get_model_version("diabetes", str(r["version"])).run_id == r["run_id"]


def _cancer_rows() -> object:
    from sklearn.datasets import load_breast_cancer

    return load_breast_cancer(as_frame=True).data.head(3).rename(columns=lambda c: c.replace(" ", "_"))


def test_a_stale_read_before_registering_is_harmless(ctx: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic half of the race above: another process created the experiment and the registered model
    between our read and our create (as two replicas' first trainings of a model do)."""
    registry = ctx.registry  # type: ignore[attr-defined]
    experiment = registry.experiment_id("cancer")
    registry.ensure_registered("cancer")
    monkeypatch.setattr(registry, "exists", lambda _model: False)
    monkeypatch.setattr(registry.client, "get_experiment_by_name",
                        _stale_once(registry.client.get_experiment_by_name))
    registry.ensure_registered("cancer")
    assert registry.experiment_id("cancer") == experiment


def _stale_once(real: object) -> object:
    calls = []

    def lookup(name: str) -> object:
        calls.append(name)
        return None if len(calls) == 1 else real(name)  # type: ignore[operator]

    return lookup
