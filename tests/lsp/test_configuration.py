"""Configuration in the editor: settings changes and config file changes re-lint open documents;
a bad config file is shown once while linting goes on with the last good config."""

from __future__ import annotations

import asyncio

import pytest
from lsp_support import diagnostics_for, make_fixture, open_doc, published_count, uri_of
from lsprotocol import types

pytestmark = pytest.mark.asyncio

client = make_fixture()

TEXT = "FROM ubuntu\nMAINTAINER me\n"


async def _open(c, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(c, uri, TEXT)
    first = await diagnostics_for(c, uri, 1)
    assert [(d.code, d.range.start.line) for d in first.diagnostics] == [("DL3006", 0), ("DL4000", 1)]
    return uri


def _watched(c, path, kind=types.FileChangeType.Changed):
    c.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=uri_of(str(path)), type=kind)])
    )


async def test_changed_settings_re_lint_open_documents(client, tmp_path):
    uri = await _open(client, tmp_path)
    count = published_count(client)
    client.set_configuration({"select": ["DL3006", "DL4000"], "ignore": ["DL4000"]}, section="stanzalint")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    again = await diagnostics_for(client, uri, 1, after=count)
    assert [d.code for d in again.diagnostics] == ["DL3006"]

    count = published_count(client)
    client.set_configuration({"select": ["DL3006", "DL4000"], "severity": {"DL3006": "error"}}, section="stanzalint")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    again = await diagnostics_for(client, uri, 1, after=count)
    assert [(d.code, d.severity) for d in again.diagnostics] == [
        ("DL3006", types.DiagnosticSeverity.Error),
        ("DL4000", types.DiagnosticSeverity.Error),
    ]


async def test_a_changed_config_file_re_lints_and_a_bad_one_is_shown_once(client, tmp_path):
    uri = await _open(client, tmp_path)
    config = tmp_path / ".stanzalint.toml"

    config.write_text('ignore = ["DL3006"]\n')
    count = published_count(client)
    _watched(client, config, types.FileChangeType.Created)
    again = await diagnostics_for(client, uri, 1, after=count)
    assert [d.code for d in again.diagnostics] == ["DL4000"]

    config.write_text("shellcheck = 3\n")
    count = published_count(client)
    _watched(client, config)
    again = await diagnostics_for(client, uri, 1, after=count)
    assert [d.code for d in again.diagnostics] == ["DL4000"]  # the last good config still applies
    errors = [m for m in client.messages if m.type == types.MessageType.Error]
    assert [m.message for m in errors] == [f"stanzalint: {config}: shellcheck: expected true or false, got 3"]

    count = published_count(client)
    _watched(client, config)  # the same problem again: not shown a second time
    await diagnostics_for(client, uri, 1, after=count)
    await asyncio.sleep(0.2)
    assert len([m for m in client.messages if m.type == types.MessageType.Error]) == 1

    config.unlink()
    count = published_count(client)
    _watched(client, config, types.FileChangeType.Deleted)
    again = await diagnostics_for(client, uri, 1, after=count)
    assert [d.code for d in again.diagnostics] == ["DL3006", "DL4000"]


async def test_only_a_change_that_may_touch_a_config_file_reads_the_configuration_again(client, tmp_path):
    uri = await _open(client, tmp_path)
    config = tmp_path / ".stanzalint.toml"
    config.write_text('ignore = ["DL3006"]\n')  # written without its event (a client that missed it)
    (tmp_path / "Dockerfile").write_text(TEXT)
    source = tmp_path / "app.py"
    source.write_text("print()\n")

    count = published_count(client)
    _watched(client, tmp_path / "Dockerfile")  # the document saved: linted again, the configuration kept
    _watched(client, source, types.FileChangeType.Created)
    again = await diagnostics_for(client, uri, 1, after=count)
    assert [d.code for d in again.diagnostics] == ["DL3006", "DL4000"]

    folder = tmp_path / "build"
    count = published_count(client)
    _watched(client, folder, types.FileChangeType.Deleted)  # it may have held a configuration file
    again = await diagnostics_for(client, uri, 1, after=count)
    assert [d.code for d in again.diagnostics] == ["DL4000"]


async def test_an_edit_of_a_symlinked_configuration_s_target_reads_it_again(client, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "lint.toml"
    target.write_text('ignore = ["DL3006"]\n')
    project = tmp_path / "project"
    project.mkdir()
    (project / ".stanzalint.toml").symlink_to(target)
    uri = uri_of(str(project / "Dockerfile"))
    open_doc(client, uri, TEXT)
    first = await diagnostics_for(client, uri, 1)
    assert [d.code for d in first.diagnostics] == ["DL4000"]

    target.write_text('ignore = ["DL4000"]\n')
    count = published_count(client)
    _watched(client, target)  # the event names the file written, the link's target
    again = await diagnostics_for(client, uri, 1, after=count)
    assert [d.code for d in again.diagnostics] == ["DL3006"]


async def test_a_bad_rule_option_in_the_settings_is_shown_and_linting_goes_on(client, tmp_path):
    uri = await _open(client, tmp_path)
    count = published_count(client)
    client.set_configuration({"select": ["DL3006"], "rules": {"SZ101": {"trusted": "nvidia"}}}, section="stanzalint")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    again = await diagnostics_for(client, uri, 1, after=count)
    assert [d.code for d in again.diagnostics] == ["DL3006", "DL4000"]  # the last good config still applies
    errors = [m.message for m in client.messages if m.type == types.MessageType.Error]
    assert errors == [
        "stanzalint: editor settings: stanzalint.rules.SZ101.trusted: expected a list of strings, got 'nvidia'"
    ]
