"""Every VS Code setting in client-vscode/package.json is read by someone: a setting the client
sends to the server changes what the server does; any other is read by the client itself."""

from __future__ import annotations

import json
import os
import re
from types import SimpleNamespace
from typing import Any

import pytest
from repo_paths import REPO_ROOT
from stanzalint.config import config_for

CLIENT = os.path.join(REPO_ROOT, "client-vscode")
PREFIX = "stanzalint."
#: vscode-languageclient reads ``<client id>.trace.server`` itself.
LANGUAGE_CLIENT_TRACE = "trace.server"


def _declared() -> dict[str, dict[str, Any]]:
    """The settings of ``contributes.configuration``, without the ``stanzalint.`` prefix."""
    with open(os.path.join(CLIENT, "package.json"), encoding="utf-8") as fh:
        configuration = json.load(fh)["contributes"]["configuration"]
    blocks = configuration if isinstance(configuration, list) else [configuration]
    return {key[len(PREFIX) :]: spec for block in blocks for key, spec in block["properties"].items()}


def _client_source(name: str) -> str:
    with open(os.path.join(CLIENT, "src", name), encoding="utf-8") as fh:
        return fh.read()


def _all_client_sources() -> str:
    return "\n".join(
        _client_source(name) for name in sorted(os.listdir(os.path.join(CLIENT, "src"))) if name.endswith(".ts")
    )


def _sent_to_server() -> set[str]:
    """The settings ``resolveServerSettings`` reads and passes on to the server."""
    body = re.search(r"function resolveServerSettings\(.*?\n}\n", _client_source("settings.ts"), re.S)
    assert body is not None, "resolveServerSettings not found in client-vscode/src/settings.ts"
    return set(re.findall(r"\bget\('([^']+)'", body.group(0)))


def _read_by_client() -> set[str]:
    source = _all_client_sources()
    keys = set(re.findall(r"\bget(?:<[^>]*>)?\('([^']+)'", source))
    keys |= {key[len(PREFIX) :] for key in re.findall(r"'(stanzalint\.[A-Za-z.]+)'", source)}
    if re.search(r"new LanguageClient\(SECTION\b", source) and "const SECTION = 'stanzalint'" in source:
        keys.add(LANGUAGE_CLIENT_TRACE)
    return keys


def _as_sent(key: str, value: Any) -> dict[str, Any]:
    """The settings object the server receives: ``shellcheck.enable`` -> {"shellcheck": {"enable": v}}."""
    for part in reversed(key.split(".")):
        value = {part: value}
    return value


def _other_than_default(spec: dict[str, Any]) -> Any:
    kind = spec["type"]
    if kind == "boolean":
        return not spec.get("default", False)
    if kind == "array":
        return ["DL3006"]
    if kind == "object":
        return {"DL3006": "error"}
    return "stage-or-url"


def _server_reads(key: str, spec: dict[str, Any], directory: str) -> bool:
    """Whether changing the setting from its default changes the configuration the server lints
    with, or the server's trivy switch."""
    from stanzalint.lsp.server import StanzaServer

    default, other = _as_sent(key, spec.get("default")), _as_sent(key, _other_than_default(spec))
    if config_for(directory, editor=default) != config_for(directory, editor=other):
        return True

    def trivy_on(editor: dict[str, Any]) -> bool:
        return StanzaServer.trivy_enabled(None, SimpleNamespace(editor_settings=editor))

    return trivy_on(default) != trivy_on(other)


@pytest.mark.parametrize("key", sorted(_declared()))
def test_each_setting_is_read(key, tmp_path):
    spec = _declared()[key]
    if key in _sent_to_server():
        assert _server_reads(key, spec, str(tmp_path)), f"stanzalint.{key} is sent to the server, which ignores it"
    else:
        assert key in _read_by_client(), f"stanzalint.{key} is read neither by the client nor by the server"


def test_the_client_sends_the_lint_settings():
    assert {"select", "ignore", "strict", "shellcheck.enable", "trivy.enable"} <= _sent_to_server()
