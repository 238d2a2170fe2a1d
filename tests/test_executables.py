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
