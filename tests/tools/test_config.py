"""The TOML config: where it is found, what it must contain, and errors that name the bad key."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipelines.errors import ConfigError
from tools.config import Access, Config, demo_config, load_config, parse_config

MINIMAL = """
[models.tabular]
task = "regression"
source = { kind = "csv", path = "data.csv" }
target = "y"
estimator = "ridge"
primary_metric = "rmse"
"""


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No MLOPS_CONFIG and an empty working directory, so only what a test writes is found."""
    monkeypatch.delenv("MLOPS_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def demo_with(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    raw = copy.deepcopy(demo_config())
    change(raw)
    return raw


# --- where the config comes from ---------------------------------------------------------------------------
def test_without_a_file_the_built_in_demo_is_used(clean_env: Path) -> None:
    """No config anywhere: three demo models, one per task, each named after its table."""
    config = load_config()
    assert config.source_path == "<built-in demo>"
    assert {name: (m.name, m.task) for name, m in config.models.items()} == {
        "cancer": ("cancer", "binary"), "wine": ("wine", "multiclass"), "diabetes": ("diabetes", "regression")}
    assert not config.access.configured and config.approvals.expire_minutes == 15


def test_an_explicit_path_beats_the_environment_and_the_working_directory(clean_env: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """load_config(path) > $MLOPS_CONFIG > ./mlops-bot.toml > demo."""
    (clean_env / "mlops-bot.toml").write_text(MINIMAL.replace("tabular", "from_cwd"))
    assert list(load_config().models) == ["from_cwd"]
    (clean_env / "env.toml").write_text(MINIMAL.replace("tabular", "from_env"))
    monkeypatch.setenv("MLOPS_CONFIG", str(clean_env / "env.toml"))
    assert list(load_config().models) == ["from_env"]
    (clean_env / "arg.toml").write_text(MINIMAL.replace("tabular", "from_arg"))
    config = load_config(clean_env / "arg.toml")
    assert list(config.models) == ["from_arg"] and config.source_path == str(clean_env / "arg.toml")


def test_defaults_fill_what_a_minimal_model_leaves_out(clean_env: Path) -> None:
    """A model needs task, source, target, estimator and metric; the rest has safe defaults."""
    (clean_env / "mlops-bot.toml").write_text(MINIMAL)
    spec = load_config().models["tabular"]
    assert (spec.test_size, spec.random_state, spec.params, spec.live, spec.timestamp) == (0.25, 42, {}, None, None)
    assert (spec.gate.min_improvement, spec.gate.min_metric) == (0.0, None)


# --- errors ------------------------------------------------------------------------------------------------
def test_a_missing_file_is_named(clean_env: Path) -> None:
    with pytest.raises(ConfigError, match="Config file .*nope.toml does not exist"):
        load_config(clean_env / "nope.toml")


def test_invalid_toml_is_named_with_the_position(clean_env: Path) -> None:
    """A TOML syntax error says which file and where."""
    (clean_env / "mlops-bot.toml").write_text(MINIMAL + "\n[models.x\n")
    with pytest.raises(ConfigError) as raised:
        load_config()
    assert "mlops-bot.toml is not valid TOML" in str(raised.value) and "line 9" in str(raised.value)


@pytest.mark.parametrize(("change", "expected"), [
    (lambda r: r.update(modelz={}), "modelz: Extra inputs are not permitted"),
    (lambda r: r["models"]["cancer"].update(targt="y"), "models.cancer.targt: Extra inputs are not permitted"),
    (lambda r: r["models"]["cancer"]["gate"].update(min_metrc=1), "models.cancer.gate.min_metrc: Extra inputs"),
    (lambda r: r.update(access={"admin": ["U1"]}), "access.admin: Extra inputs are not permitted"),
    (lambda r: r["models"]["cancer"].update(primary_metric="rmse"),
     "primary_metric 'rmse' is not one of ['accuracy', 'f1', 'f1_macro', 'log_loss'"),
    (lambda r: r["models"]["cancer"].update(estimator="ridge"), "estimator 'ridge' cannot do binary"),
    (lambda r: r["models"]["cancer"].update(estimator="xgboost"), "estimator 'xgboost' is not one of"),
    (lambda r: r["models"]["cancer"].update(task="ordinal"), "models.cancer.task: Input should be 'binary'"),
    (lambda r: r["models"]["cancer"].update(source={"kind": "excel", "path": "x"}),
     "models.cancer.source: Input tag 'excel'"),
    (lambda r: r["models"]["cancer"].update(source={"kind": "csv"}), "models.cancer.source.csv.path: Field required"),
    (lambda r: r["models"]["cancer"].update(test_size=1.0), "models.cancer.test_size: Input should be less than 1"),
    (lambda r: r["models"]["cancer"]["gate"].update(min_improvement=-0.1), "models.cancer.gate.min_improvement"),
    (lambda r: r.update(approvals={"expire_minutes": 0}), "approvals.expire_minutes: Input should be greater than 0"),
    (lambda r: r.update(models={}), "at least one model must be configured under [models.<name>]"),
    (lambda r: r["models"]["cancer"].pop("target"), "models.cancer.target: Field required"),
])
def test_invalid_configs_are_refused_naming_the_key(change: Callable[[dict[str, Any]], None], expected: str) -> None:
    """Every mistake is a ConfigError naming the file and the dotted key (or the rule) that is wrong."""
    with pytest.raises(ConfigError) as raised:
        parse_config(demo_with(change), source_path="team.toml")
    assert str(raised.value).startswith("Config team.toml is invalid: ")
    assert expected in str(raised.value)


def test_at_most_five_problems_are_listed() -> None:
    """A config wrong in many places lists a readable handful, not a wall of text."""
    raw = demo_with(lambda r: r.update({f"junk{i}": 1 for i in range(9)}))
    with pytest.raises(ConfigError) as raised:
        parse_config(raw, source_path="x")
    assert str(raised.value).count("Extra inputs are not permitted") == 5


@pytest.mark.parametrize("params", [{"n_estimatorz": 3}, {"n_estimators": -3}])
def test_estimator_params_in_the_config_are_checked_before_use(params: dict[str, Any]) -> None:
    """[models.cancer] params = { n_estimatorz = 3 } is refused, naming the model and the param, before any verb
    uses the model; loading alone does not import scikit-learn to check it."""
    from tools.context import Context
    from tools.settings import Paths

    config = parse_config(demo_with(lambda r: r["models"]["cancer"].update(params=params)), source_path="x")
    with pytest.raises(ConfigError, match=r"models\.cancer\.params.*n_estimator"):
        config.check_params()
    ctx = Context(config=config, paths=Paths(home="unused"))
    with pytest.raises(ConfigError, match="n_estimator"):
        ctx.spec("cancer")
    assert ctx.spec("wine").name == "wine"


# --- access and lineage ------------------------------------------------------------------------------------
def test_access_is_configured_once_any_role_has_someone() -> None:
    assert not Access().configured
    assert Access(trainers=["U1"]).configured and Access(admins=["*"]).configured


def test_the_digest_follows_the_models_but_not_who_has_access() -> None:
    """The config hash logged with each run changes with anything that shapes a model, not with access lists."""
    base = parse_config(demo_config(), source_path="a").digest()
    assert len(base) == 16
    assert parse_config(demo_config(), source_path="elsewhere").digest() == base
    assert parse_config(demo_with(lambda r: r.update(access={"admins": ["U1"]})), source_path="a").digest() == base
    changed = demo_with(lambda r: r["models"]["cancer"]["params"].update(n_estimators=5))
    assert parse_config(changed, source_path="a").digest() != base


def test_the_demo_config_round_trips_through_the_model() -> None:
    """The built-in demo is itself a valid config (and not shared mutable state)."""
    config = Config.model_validate(demo_config())
    demo_config()["models"].clear()
    again = Config.model_validate(demo_config())
    assert sorted(again.models) == sorted(config.models) == ["cancer", "diabetes", "wine"]


# --- a file with only [access] (README's Slack setup, step 3) --------------------------------------------------
def test_a_file_with_only_access_keeps_the_demo_models_and_says_so_once(
        clean_env: Path, caplog: pytest.LogCaptureFixture) -> None:
    (clean_env / "mlops-bot.toml").write_text('[access]\ndeployers = ["U012AB3CD"]\nadmins = ["U045EF6GH"]\n')
    with caplog.at_level("WARNING", logger="mlops.config"):
        first, second = load_config(), load_config()
    for config in (first, second):
        assert sorted(config.models) == ["cancer", "diabetes", "wine"]
        assert config.access.deployers == ["U012AB3CD"] and config.access.admins == ["U045EF6GH"]
        assert config.demo_models and "built-in demo models" in (config.notice or "")
    said = [r.getMessage() for r in caplog.records if r.name == "mlops.config"]
    assert len(said) == 1 and "mlops-bot.toml names no [models.<name>] tables" in said[0]


def test_a_file_that_names_models_uses_only_those_and_says_nothing(
        clean_env: Path, caplog: pytest.LogCaptureFixture) -> None:
    (clean_env / "mlops-bot.toml").write_text('[access]\nadmins = ["U1"]\n' + MINIMAL)
    with caplog.at_level("WARNING", logger="mlops.config"):
        config = load_config()
    assert list(config.models) == ["tabular"] and not config.demo_models and config.notice is None
    assert not [r for r in caplog.records if r.name == "mlops.config"]
    # The built-in demo itself (no file at all) is no surprise: no notice.
    assert not parse_config(demo_config(), source_path="<built-in demo>").demo_models
