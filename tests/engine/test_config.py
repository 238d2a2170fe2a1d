"""Configuration: sources, precedence, and errors that name file, key and reason."""

from __future__ import annotations

import datetime
import os

import pytest
from cycles import cycles_made
from stanzalint.config import Config, ConfigError, config_for, discover, layer_from_mapping
from stanzalint.engine import Selection
from stanzalint.findings import Severity


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return str(path)


def test_defaults_when_no_file(tmp_path):
    config = config_for(str(tmp_path))
    assert config.select is None
    assert config.ignore == []
    assert config.failure_threshold is Severity.INFO
    assert config.sources == []


def test_hadolint_yaml_keys_are_read(tmp_path):
    write(
        tmp_path / ".hadolint.yaml",
        "ignored: [DL3008, DL3013]\n"
        "override:\n  error: [DL3015]\n  style: [DL3059]\n"
        "trustedRegistries: [ghcr.io]\n"
        "failure-threshold: warning\n"
        "label-schema:\n  maintainer: text\n"
        "strict-labels: true\n"
        "no-color: true\n",
    )
    config = config_for(str(tmp_path))
    assert config.ignore == ["DL3008", "DL3013"]
    assert config.severity == {"DL3015": Severity.ERROR, "DL3059": Severity.STYLE}
    assert config.trusted_registries == ["ghcr.io"]
    assert config.failure_threshold is Severity.WARNING
    assert config.label_schema == {"maintainer": "text"}
    assert config.strict_labels is True


def test_stanzalint_toml_overrides_hadolint_and_walks_up(tmp_path):
    write(tmp_path / ".hadolint.yaml", "failure-threshold: error\nignored: [DL3008]\n")
    write(tmp_path / ".stanzalint.toml", 'failure-threshold = "style"\nignore = ["SZ101"]\n')
    sub = tmp_path / "services" / "api"
    sub.mkdir(parents=True)
    config = config_for(str(sub))
    assert config.failure_threshold is Severity.STYLE
    assert config.ignore == ["DL3008", "SZ101"]
    assert [os.path.basename(s) for s in config.sources] == [".hadolint.yaml", ".stanzalint.toml"]


def test_pyproject_table_is_used_and_nearest_wins(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.stanzalint]\nselect = ["DL"]\n')
    write(tmp_path / "app" / "pyproject.toml", '[project]\nname = "x"\n')  # no table: skipped
    config = config_for(str(tmp_path / "app"))
    assert config.select == ["DL"]
    assert discover(str(tmp_path / "app")) == [str(tmp_path / "pyproject.toml")]


def test_editor_settings_then_cli_override_files(tmp_path):
    from stanzalint.config import ConfigLayer

    write(tmp_path / ".stanzalint.toml", 'target = "build"\nstrict = false\n')
    editor = {
        "target": "runtime",
        "shellcheck": {"enable": False},
        "trustedRegistries": ["quay.io"],
        "trace": {"server": "off"},
    }
    config = config_for(str(tmp_path), editor=editor, cli=ConfigLayer({"strict": True}, "command line"))
    assert config.target == "runtime"
    assert config.shellcheck is False
    assert config.trusted_registries == ["quay.io"]
    assert config.strict is True


@pytest.mark.parametrize(
    "name, text, message",
    [
        (".stanzalint.toml", 'failure-threshold = "loud"\n', "failure-threshold: unknown severity 'loud'"),
        (".stanzalint.toml", "ignore = 3\n", "ignore: expected a list of strings"),
        (".stanzalint.toml", "colour = true\n", "colour: unknown setting"),
        (".stanzalint.toml", "select = [\n", "invalid TOML"),
        (
            "pyproject.toml",
            '[tool.stanzalint]\nstrict = "yes"\n',
            "tool.stanzalint.strict: expected true or false, got 'yes'",
        ),
        (".hadolint.yaml", "override:\n  fatal: [DL3000]\n", "override.fatal: unknown severity 'fatal'"),
        (".hadolint.yaml", "ignored: [DL3000\n", "invalid YAML"),
        (".hadolint.yaml", "colour: yes\n", "colour: unknown hadolint setting"),
        (
            ".stanzalint.toml",
            '[rules.SZ101]\ntrusted = "nvidia"\n',
            "rules.SZ101.trusted: expected a list of strings, got 'nvidia'",
        ),
        (
            ".stanzalint.toml",
            '[rules.SZ101]\ntrustd = ["nvidia"]\n',
            "rules.SZ101.trustd: unknown option of SZ101 (its options: trusted)",
        ),
        (
            ".stanzalint.toml",
            '[rules.SZ105]\ntoday = "next week"\n',
            "rules.SZ105.today: expected an ISO date (YYYY-MM-DD), got 'next week'",
        ),
        (
            ".stanzalint.toml",
            '[rules.SZ307]\nmax-mib = "big"\n',
            "rules.SZ307.max-mib: expected a number that is not negative, got 'big'",
        ),
        (
            ".stanzalint.toml",
            "[rules.SZ304]\nmin-commits = 2.5\n",
            "rules.SZ304.min-commits: expected a whole number that is not negative, got 2.5",
        ),
        (
            ".stanzalint.toml",
            "[rules.DL3008]\nstrict = true\n",
            "rules.DL3008.strict: unknown option of DL3008 (its options: none)",
        ),
        (".stanzalint.toml", "[rules.SZ999]\ntrusted = []\n", "rules.SZ999: unknown rule"),
        (
            "pyproject.toml",
            '[tool.stanzalint.rules.SZ101]\ntrusted = "nvidia"\n',
            "tool.stanzalint.rules.SZ101.trusted: expected a list of strings, got 'nvidia'",
        ),
    ],
)
def test_bad_config_names_file_key_and_reason(tmp_path, name, text, message):
    path = write(tmp_path / name, text)
    with pytest.raises(ConfigError) as info:
        config_for(str(tmp_path))
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)


def test_explicit_config_file_missing(tmp_path):
    with pytest.raises(ConfigError) as info:
        config_for(str(tmp_path), explicit=str(tmp_path / "nope.toml"))
    assert "no such file" in str(info.value)


def test_rule_options_are_validated_and_keyed_by_code(tmp_path):
    write(
        tmp_path / ".stanzalint.toml",
        '[rules.unofficial-base-image]\ntrusted = ["nvidia"]\n[rules.SZ105]\ntoday = 2026-08-22\n',
    )
    config = config_for(str(tmp_path))
    assert config.rules == {"SZ101": {"trusted": ("nvidia",)}, "SZ105": {"today": datetime.date(2026, 8, 22)}}


def test_editor_rule_options_are_validated():
    with pytest.raises(ConfigError) as info:
        layer_from_mapping({"rules": {"SZ101": {"trusted": "nvidia"}}}, "editor settings", key_prefix="stanzalint.")
    assert (
        str(info.value) == "editor settings: stanzalint.rules.SZ101.trusted: expected a list of strings, got 'nvidia'"
    )


def test_editor_severity_table():
    layer = layer_from_mapping({"severity": {"DL3059": "error"}}, "editor settings")
    config = Config().merged(layer)
    assert config.severity == {"DL3059": Severity.ERROR}
    assert config.sources == ["editor settings"]


def test_a_config_and_its_rule_selection_are_freed_without_the_cycle_collector():
    """The server drops its configs at every settings change: a config that its cached
    selection referred back to stayed until the cycle collector ran."""
    with cycles_made() as cycles:
        config = Config(ignore=["DL3008"])
        assert Selection.of(config).shellcheck_enabled
        assert not Selection.of(Config(ignore=["SC"])).shellcheck_enabled
        del config
    assert cycles == {}
