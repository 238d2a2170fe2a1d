"""Configuration: defaults < .hadolint.yaml < [tool.stanzalint] / .stanzalint.toml < editor < flags.

Every source is turned into a ``ConfigLayer`` (only the keys it sets) and layers are merged in
order into one ``Config``. A bad file raises ``ConfigError`` naming the file, the key and why.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from typing import Any, Callable

from stanzalint import rules as _registry
from stanzalint.findings import Severity
from stanzalint.rules.base import Rule

HADOLINT_FILES = (".hadolint.yaml", ".hadolint.yml")
STANZALINT_FILE = ".stanzalint.toml"
PYPROJECT_FILE = "pyproject.toml"

#: Rules that are off by default but on in the ``strict`` profile.
STRICT_RULES = ("SZ104", "DL3057")

#: Where rule links point when nothing says otherwise: the generated pages in the repository
#: (the same URL as ``Documentation`` in pyproject.toml's ``[project.urls]``; a test keeps them equal).
DEFAULT_DOCS_BASE_URL = "https://github.com/stanzalint/stanzalint/blob/main/docs/rules/"


class ConfigError(Exception):
    """A configuration problem: which file, which key, and what is wrong with it."""

    def __init__(self, file: str, key: str, reason: str) -> None:
        self.file = file
        self.key = key
        self.reason = reason
        where = f"{file}: " if file else ""
        what = f"{key}: " if key else ""
        super().__init__(f"{where}{what}{reason}")


@dataclass
class Config:
    """The settings one lint run uses. Selectors are codes, rule names, aliases or code prefixes."""

    select: list[str] | None = None  # None: every rule enabled by default
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)  # selector -> severity
    failure_threshold: Severity = Severity.INFO
    trusted_registries: list[str] = field(default_factory=list)
    label_schema: dict[str, str] = field(default_factory=dict)
    strict_labels: bool = False
    strict: bool = False
    shellcheck: bool = True
    target: str | None = None
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> validated options
    docs_base_url: str = ""
    sources: list[str] = field(default_factory=list)  # files that contributed, in order

    @cached_property
    def selection(self) -> Selection:
        """Which rules run under this config and with which options (computed once)."""
        return Selection(self)

    def merged(self, layer: ConfigLayer) -> Config:
        """A copy with ``layer``'s keys applied over this config's."""
        changes: dict[str, Any] = {}
        for name, value in layer.values.items():
            if name == "rules":
                merged_rules = {k: dict(v) for k, v in self.rules.items()}
                for code, opts in value.items():
                    merged_rules.setdefault(code, {}).update(opts)
                changes[name] = merged_rules
            elif name in ("severity", "label_schema"):
                combined = dict(getattr(self, name))
                combined.update(value)
                changes[name] = combined
            elif name in ("ignore", "extend_select", "trusted_registries"):
                existing = list(getattr(self, name))
                changes[name] = existing + [v for v in value if v not in existing]
            else:
                changes[name] = value
        sources = list(self.sources)
        if layer.source:
            sources.append(layer.source)
        changes["sources"] = sources
        return replace(self, **changes)


@dataclass
class ConfigLayer:
    """The keys one source sets (field names of ``Config``) and where they came from."""

    values: dict[str, Any]
    source: str = ""


# --- validation helpers -------------------------------------------------------------------


def _str_list(file: str, key: str, value: object) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    raise ConfigError(file, key, "expected a list of strings")


def _bool(file: str, key: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise ConfigError(file, key, f"expected true or false, got {value!r}")


def _severity(file: str, key: str, value: object) -> Severity:
    if not isinstance(value, str):
        raise ConfigError(file, key, f"expected a severity name, got {value!r}")
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise ConfigError(file, key, str(exc)) from None


def _str_map(file: str, key: str, value: object) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ConfigError(file, key, "expected a table of names to strings")
    return dict(value)


def _optional_str(file: str, key: str, value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    raise ConfigError(file, key, f"expected a string, got {value!r}")


def _rule_options(file: str, key: str, value: object) -> dict[str, dict[str, Any]]:
    """``[rules.CODE]`` tables checked against the options each rule declares: code -> option
    name -> validated value."""
    if not isinstance(value, Mapping) or not all(isinstance(v, Mapping) for v in value.values()):
        raise ConfigError(file, key, "expected a table of rule codes to option tables")
    out: dict[str, dict[str, Any]] = {}
    for selector, options in value.items():
        rule = _registry.get(str(selector))
        if rule is None:
            raise ConfigError(file, f"{key}.{selector}", "unknown rule")
        declared = rule.meta.options
        checked = out.setdefault(rule.code, {})
        for raw_name, raw_value in options.items():
            where = f"{key}.{selector}.{raw_name}"
            name = _normalise_key(str(raw_name))
            if name not in declared:
                known = ", ".join(sorted(declared)) or "none"
                raise ConfigError(file, where, f"unknown option of {rule.code} (its options: {known})")
            try:
                checked[name] = declared[name].value(raw_value)
            except ValueError as exc:
                raise ConfigError(file, where, str(exc)) from None
    return out


# --- stanzalint's own keys (TOML, editor settings, CLI) -----------------------------------


def _severities(file: str, key: str, value: object) -> dict[str, Severity]:
    """A table of rule codes to severities."""
    if not isinstance(value, Mapping):
        raise ConfigError(file, key, "expected a table of rule codes to severities")
    return {k: _severity(file, f"{key}.{k}", v) for k, v in value.items()}


def _string_or_empty(file: str, key: str, value: object) -> str:
    """A string, empty when unset."""
    return _optional_str(file, key, value) or ""


#: stanzalint's settings (as ``Config`` fields) with what checks and converts each value.
_SETTINGS: dict[str, Callable[[str, str, object], Any]] = {
    "select": _str_list,
    "extend_select": _str_list,
    "ignore": _str_list,
    "severity": _severities,
    "failure_threshold": _severity,
    "trusted_registries": _str_list,
    "label_schema": _str_map,
    "strict_labels": _bool,
    "strict": _bool,
    "target": _optional_str,
    "docs_base_url": _string_or_empty,
    "rules": _rule_options,
}


def layer_from_mapping(data: Mapping[str, Any], source: str, key_prefix: str = "") -> ConfigLayer:
    """Validate stanzalint settings (kebab-case or camelCase keys) into a layer.

    Used for ``[tool.stanzalint]``, ``.stanzalint.toml`` and editor settings alike.
    """
    values: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = _normalise_key(raw_key)
        where = f"{key_prefix}{raw_key}"
        if key in _SETTINGS:
            values[key] = _SETTINGS[key](source, where, value)
        elif key == "shellcheck":
            if isinstance(value, Mapping):  # editor: {"enable": true}
                if "enable" in value:
                    values["shellcheck"] = _bool(source, f"{where}.enable", value["enable"])
            else:
                values["shellcheck"] = _bool(source, where, value)
        elif key not in _EDITOR_ONLY_KEYS:
            raise ConfigError(source, where, "unknown setting")
    return ConfigLayer(values, source)


#: Editor settings that the server or client reads itself, not the linter.
_EDITOR_ONLY_KEYS = {"trace", "interpreter", "path", "trivy", "enable", "run"}


def _normalise_key(key: str) -> str:
    out = []
    for ch in key:
        if ch.isupper():
            out.append("_" + ch.lower())
        elif ch == "-":
            out.append("_")
        else:
            out.append(ch)
    return "".join(out)


# --- hadolint's keys ----------------------------------------------------------------------

_HADOLINT_IGNORED_KEYS = {"format", "no-color", "no-fail", "verbose", "disable-ignore-pragma"}


def layer_from_hadolint(data: object, source: str) -> ConfigLayer:
    """Read the keys of a ``.hadolint.yaml`` that mean something for linting."""
    if data is None:
        return ConfigLayer({}, source)
    if not isinstance(data, Mapping):
        raise ConfigError(source, "", "expected a mapping at the top level")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "ignored":
            values["ignore"] = _str_list(source, key, value or [])
        elif key == "override":
            if not isinstance(value, Mapping):
                raise ConfigError(source, key, "expected a mapping of severities to lists of codes")
            severities: dict[str, Severity] = {}
            for level, codes in value.items():
                sev = _severity(source, f"override.{level}", level)
                for code in _str_list(source, f"override.{level}", codes or []):
                    severities[code] = sev
            values["severity"] = severities
        elif key == "trustedRegistries":
            values["trusted_registries"] = _str_list(source, key, value or [])
        elif key == "failure-threshold":
            if value in ("none", "ignore"):
                values["failure_threshold"] = Severity.ERROR
            else:
                values["failure_threshold"] = _severity(source, key, value)
        elif key == "label-schema":
            values["label_schema"] = _str_map(source, key, value or {})
        elif key == "strict-labels":
            values["strict_labels"] = _bool(source, key, value)
        elif key in _HADOLINT_IGNORED_KEYS:
            continue
        else:
            raise ConfigError(source, str(key), "unknown hadolint setting")
    return ConfigLayer(values, source)


# --- files ---------------------------------------------------------------------------------


def read_hadolint_file(path: str) -> ConfigLayer:
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except OSError as exc:
        raise ConfigError(path, "", f"cannot read: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(path, "", f"invalid YAML: {exc}") from None
    return layer_from_hadolint(data, path)


def read_toml_file(path: str) -> ConfigLayer | None:
    """Read ``.stanzalint.toml`` (top-level keys) or ``pyproject.toml`` (``[tool.stanzalint]``).

    Returns None for a pyproject.toml without a stanzalint table.
    """
    if sys.version_info >= (3, 11):  # pragma: no cover - version dependent
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(path, "", f"cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "", f"invalid TOML: {exc}") from None
    if os.path.basename(path) == PYPROJECT_FILE:
        table = data.get("tool", {}).get("stanzalint")
        if table is None:
            return None
        if not isinstance(table, Mapping):
            raise ConfigError(path, "tool.stanzalint", "expected a table")
        return layer_from_mapping(table, path, key_prefix="tool.stanzalint.")
    return layer_from_mapping(data, path)


def read_config_file(path: str) -> ConfigLayer:
    """Read a config file named on the command line, by its kind."""
    name = os.path.basename(path)
    if name.endswith((".yaml", ".yml")):
        return read_hadolint_file(path)
    if not os.path.exists(path):
        raise ConfigError(path, "", "no such file")
    layer = read_toml_file(path)
    if layer is None:
        raise ConfigError(path, "tool.stanzalint", "no [tool.stanzalint] table in this file")
    return layer


def may_change_discovery(path: str) -> bool:
    """Whether a change of the file or directory at ``path`` may change what ``discover`` finds
    or what it finds holds: a file of a configuration's name, or what is no file now (a
    directory, or something deleted or moved away, which may have held one)."""
    name = os.path.basename(path).lower()  # a case-insensitive file system finds ``.Stanzalint.toml`` too
    return name in (*HADOLINT_FILES, STANZALINT_FILE, PYPROJECT_FILE) or not os.path.isfile(path)


def discover(start_dir: str) -> list[str]:
    """Config files that apply to a Dockerfile in ``start_dir``: the nearest hadolint file and the
    nearest stanzalint file (``.stanzalint.toml``, else a ``pyproject.toml`` with the table),
    lowest precedence first."""
    hadolint: str | None = None
    own: str | None = None
    directory = os.path.abspath(start_dir)
    while True:
        if hadolint is None:
            for name in HADOLINT_FILES:
                candidate = os.path.join(directory, name)
                if os.path.isfile(candidate):
                    hadolint = candidate
                    break
        if own is None:
            candidate = os.path.join(directory, STANZALINT_FILE)
            if os.path.isfile(candidate):
                own = candidate
            else:
                candidate = os.path.join(directory, PYPROJECT_FILE)
                if os.path.isfile(candidate) and _has_stanzalint_table(candidate):
                    own = candidate
        parent = os.path.dirname(directory)
        if parent == directory or (hadolint and own):
            break
        directory = parent
    return [p for p in (hadolint, own) if p]


def _has_stanzalint_table(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return b"[tool.stanzalint" in fh.read()
    except OSError:
        return False


def load_layers(paths: Iterable[str]) -> list[ConfigLayer]:
    layers: list[ConfigLayer] = []
    for path in paths:
        if os.path.basename(path) in HADOLINT_FILES:
            layers.append(read_hadolint_file(path))
        else:
            layer = read_toml_file(path)
            if layer is not None:
                layers.append(layer)
    return layers


def build_config(layers: Sequence[ConfigLayer], base: Config | None = None) -> Config:
    config = base if base is not None else Config()
    for layer in layers:
        config = config.merged(layer)
    return config


def config_for(
    dockerfile_dir: str,
    explicit: str | None = None,
    editor: Mapping[str, Any] | None = None,
    cli: ConfigLayer | None = None,
) -> Config:
    """The Config for a Dockerfile in ``dockerfile_dir``: discovered files (or the ``explicit``
    one), then editor settings, then command-line flags."""
    layers: list[ConfigLayer] = []
    if explicit:
        layers.append(read_config_file(explicit))
    else:
        layers.extend(load_layers(discover(dockerfile_dir)))
    if editor:
        layers.append(layer_from_mapping(editor, "editor settings", key_prefix="stanzalint."))
    if cli is not None:
        layers.append(cli)
    return build_config(layers)


CONFIG_FIELD_NAMES = tuple(f.name for f in fields(Config))


class Selection:
    """Which rules run under a config: select/extend-select/ignore, strict, defaults; and each
    rule's options, validated once.

    ``Selection.of(config)`` is ``config.selection``: computed once per Config object (a run
    lints many files with one Config; resolving selectors is not free)."""

    @classmethod
    def of(cls, config: Config) -> Selection:
        return config.selection

    def __init__(self, config: Config) -> None:
        # not the config itself, which keeps this selection (a cycle only the collector frees)
        self._shellcheck = config.shellcheck
        self._rule_settings = config.rules
        selected: set[str] | None = None
        if config.select is not None:
            selected = set()
            for sel in config.select:
                selected |= _registry.resolve(sel)
        extended: set[str] = set()
        for sel in config.extend_select:
            extended |= _registry.resolve(sel)
        if config.strict:
            extended |= set(STRICT_RULES)
        ignored: set[str] = set()
        for sel in config.ignore:
            ignored |= _registry.resolve(sel)
            ignored.add(sel.strip().upper())
        self._selected = selected
        self._extended = extended
        self._ignored = ignored
        self._rules: list[Rule] | None = None
        self._options: dict[str, dict[str, Any]] = {}

    def enabled(self, code: str, default: bool = True) -> bool:
        if _registry.code_matches(code, self._ignored):
            return False
        if _registry.code_matches(code, self._extended):
            return True
        if self._selected is None:
            return default
        return _registry.code_matches(code, self._selected)

    def is_enabled(self, code: str) -> bool:
        """Whether the rule with this code, name or alias runs (False for an unknown one)."""
        other = _registry.get(code)
        return other is not None and self.enabled(other.code, other.meta.enabled_by_default)

    def options(self, rule: Rule) -> dict[str, Any]:
        """``rule``'s declared options: each configured value (``[rules.CODE]``), else its
        default; checked once per Config (a value that fails raises ValueError)."""
        found = self._options.get(rule.code)
        if found is None:
            configured = self._rule_settings.get(rule.code, {})
            found = {name: option.value(configured.get(name)) for name, option in rule.meta.options.items()}
            self._options[rule.code] = found
        return found

    def rules(self) -> list[Rule]:
        if self._rules is None:
            self._rules = [r for r in _registry.all_rules() if self.enabled(r.code, r.meta.enabled_by_default)]
        return self._rules

    @property
    def shellcheck_enabled(self) -> bool:
        """ShellCheck runs only when some SC code can still be reported."""
        if not self._shellcheck:
            return False
        if any(s == "SC" for s in self._ignored):
            return False
        if self._selected is not None and not any(s.startswith("SC") for s in self._selected | self._extended):
            return False
        return True
