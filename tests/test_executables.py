"""Finding an external program: PATH first, then beside the Python interpreter."""

import os
import sys

from stanzalint.executables import installed_program


def _program(directory, name):
    path = directory / name
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return str(path)


def test_a_program_on_path_is_found_there(tmp_path, monkeypatch):
    on_path = _program(tmp_path, "sz-test-tool")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert installed_program("sz-test-tool") == on_path


def test_a_program_beside_the_interpreter_is_found_when_path_lacks_it(tmp_path, monkeypatch):
    (tmp_path / "bin").mkdir()
    beside = _program(tmp_path / "bin", "sz-test-tool")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "bin" / "python"))
    assert installed_program("sz-test-tool") == beside
    os.chmod(beside, 0o644)
    assert installed_program("sz-test-tool") is None


def test_path_is_searched_in_order_past_what_cannot_run(tmp_path, monkeypatch):
    first, second, third = (tmp_path / name for name in ("first", "second", "third"))
    for directory in (first, second, third):
        directory.mkdir()
    (first / "sz-test-tool").mkdir()  # a directory of that name
    (second / "sz-test-tool").write_text("#!/bin/sh\n")  # not executable
    runnable = _program(third, "sz-test-tool")
    _program(tmp_path, "sz-test-tool")  # not on PATH
    monkeypatch.setenv("PATH", os.pathsep.join(map(str, (first, second, third))))
    assert installed_program("sz-test-tool") == runnable


def test_an_empty_path_finds_nothing_there(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    assert installed_program("sh") is None


def test_a_name_with_a_directory_is_checked_as_given(tmp_path, monkeypatch):
    program = _program(tmp_path, "sz-test-tool")
    monkeypatch.setenv("PATH", "")
    assert installed_program(program) == program
    assert installed_program(str(tmp_path / "missing")) is None


def test_path_entries_may_repeat_or_be_missing_and_an_unset_path_searches_the_default(tmp_path, monkeypatch):
    program = _program(tmp_path, "sz-test-tool")
    monkeypatch.setenv("PATH", os.pathsep.join(["", str(tmp_path / "missing"), str(tmp_path), str(tmp_path)]))
    assert installed_program("sz-test-tool") == program
    monkeypatch.delenv("PATH")
    monkeypatch.setattr(os, "defpath", str(tmp_path))
    assert installed_program("sz-test-tool") == program


def test_an_empty_path_entry_is_the_current_directory(tmp_path, monkeypatch):
    _program(tmp_path, "sz-test-tool")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", os.pathsep + str(tmp_path / "missing"))
    assert installed_program("sz-test-tool") == "sz-test-tool"
