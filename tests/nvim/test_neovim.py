"""A real editor: headless Neovim starts ``stanzalint serve``, shows diagnostics, applies a fix."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))

BAD = """FROM ubuntu
MAINTAINER Jane Doe <jane@example.com>
USER app
"""


@pytest.mark.slow
def test_neovim_shows_diagnostics_and_applies_a_quick_fix(tmp_path):
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.skip("nvim is not installed")
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(BAD, encoding="utf-8")
    out = tmp_path / "result.txt"
    env = dict(os.environ, SZ_FILE=str(dockerfile), SZ_OUT=str(out), SZ_PYTHON=sys.executable,
               SZ_CODE="DL4000", SZ_ACTION="Replace MAINTAINER")
    subprocess.run([nvim, "--headless", "--clean", "-n", "-c", f"luafile {os.path.join(HERE, 'drive.lua')}"],
                   env=env, timeout=120, check=False, stdin=subprocess.DEVNULL, capture_output=True)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[-1] == "status ok", lines
    shown = [l for l in lines if l.startswith("diagnostic")]
    assert "diagnostic DL3006 1" in shown and "diagnostic DL4000 2" in shown
    assert "action Replace MAINTAINER with the OCI authors label (unsafe: may change behaviour)" in lines
    assert "action Ignore DL4000 for this instruction" in lines
    assert dockerfile.read_text(encoding="utf-8") == (
        'FROM ubuntu\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\nUSER app\n')
