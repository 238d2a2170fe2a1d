"""What a file event makes the server read again: a configuration only when the change may touch
it (the configuration object, with the findings memo and recent results that go with it, kept
when what is read again is equal), and what the rules read from the disk."""

from __future__ import annotations

from stanzalint.context.known import KNOWN
from stanzalint.lsp.documents import ConfigCache, DocumentStore

PYPROJECT = """\
[project]
name = "app"
version = "{version}"

[tool.stanzalint]
ignore = [{ignored}]
"""

TEXT = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nMAINTAINER me\n"


def test_a_configuration_read_again_and_equal_is_the_same_object(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(PYPROJECT.format(version="1.0", ignored='"DL3008"'))
    cache = ConfigCache(lambda message: None)
    first = cache.get(str(tmp_path), None)
    assert first.ignore == ["DL3008"]

    pyproject.write_text(PYPROJECT.format(version="1.1", ignored='"DL3008"'))  # outside the table
    cache.clear()
    assert cache.get(str(tmp_path), None) is first

    pyproject.write_text(PYPROJECT.format(version="1.1", ignored='"DL3009"'))
    cache.clear()
    changed = cache.get(str(tmp_path), None)
    assert changed is not first and changed.ignore == ["DL3009"]

    cache.clear()  # the last configuration read is what an equal one is kept as
    assert cache.get(str(tmp_path), None) is changed


def test_a_bad_file_keeps_the_last_good_configuration_object(tmp_path):
    config = tmp_path / ".stanzalint.toml"
    config.write_text('ignore = ["DL3008"]\n')
    messages: list[str] = []
    cache = ConfigCache(messages.append)
    good = cache.get(str(tmp_path), None)
    config.write_text("shellcheck = 3\n")
    cache.clear()
    assert cache.get(str(tmp_path), None) is good
    config.write_text('ignore = ["DL3008"]\n')
    cache.clear()
    assert cache.get(str(tmp_path), None) is good
    assert messages == [f"stanzalint: {config}: shellcheck: expected true or false, got 3"]


def _findings(store: DocumentStore, doc) -> dict[str, object]:
    return {v.code: v for v in store.result_now(doc).violations}


def test_a_relint_after_a_file_event_takes_the_remembered_findings(tmp_path):
    """A saved Dockerfile, or any file of the build context, changes no configuration: the
    relint goes through the document's findings memo, which hands the remembered findings of
    the rows it re-reads back as they are (a configuration object read again would start it
    afresh)."""
    (tmp_path / ".stanzalint.toml").write_text('ignore = ["DL3059"]\n')
    store = DocumentStore(lambda message: None)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), TEXT, 1)
    before = _findings(store, doc)
    assert {"DL3008", "DL3009", "DL4000"} <= set(before)

    store.invalidate(configs=False)  # a file event outside the configuration
    after = _findings(store, doc)
    assert after["DL3008"] is before["DL3008"] and after["DL3009"] is before["DL3009"]

    store.invalidate()  # the configuration file touched, and read again equal
    again = _findings(store, doc)
    assert again["DL3008"] is before["DL3008"] and again["DL3009"] is before["DL3009"]

    (tmp_path / ".stanzalint.toml").write_text('ignore = ["DL4000"]\n')
    store.invalidate()
    assert set(_findings(store, doc)) == set(before) - {"DL4000"}


def test_what_may_change_the_configuration_files_found(tmp_path):
    from stanzalint.config import may_change_discovery

    for name in (".hadolint.yaml", ".hadolint.yml", ".stanzalint.toml", "pyproject.toml", ".Stanzalint.toml"):
        assert may_change_discovery(str(tmp_path / "sub" / name))  # written, changed or deleted
    (tmp_path / "Dockerfile").write_text(TEXT)
    assert not may_change_discovery(str(tmp_path / "Dockerfile"))
    assert may_change_discovery(str(tmp_path))  # a directory: what it holds may have moved
    assert may_change_discovery(str(tmp_path / "gone"))  # deleted: it may have been a directory


def test_the_pipeline_files_beside_the_dockerfile_follow_file_events(tmp_path):
    """SZ103 reads the compose, bake and make files beside the Dockerfile from the disk: a file
    event brings their change in, through the findings memo too."""
    store = DocumentStore(lambda message: None)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), "FROM example/server:edge\n", 1)
    assert "SZ103" in _findings(store, doc)

    makefile = tmp_path / "Makefile"
    makefile.write_text("cicd:\n\tdocker build -t example/server:edge .\n")
    KNOWN.file_changed(str(makefile))
    store.invalidate(configs=False)
    assert "SZ103" not in _findings(store, doc)

    makefile.unlink()
    KNOWN.file_changed(str(makefile))
    store.invalidate(configs=False)
    assert "SZ103" in _findings(store, doc)
