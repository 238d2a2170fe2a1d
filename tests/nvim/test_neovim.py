"""A real editor: headless Neovim starts ``stanzalint serve``, shows diagnostics and code lenses,
applies a fix."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "..", "examples", "e-non-root", "bad.Dockerfile")


@pytest.mark.slow
def test_neovim_shows_diagnostics_and_applies_a_quick_fix(tmp_path):
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.skip("nvim is not installed")
    with open(EXAMPLE, encoding="utf-8") as fh:
        bad = fh.read()
    dockerfile = tmp_path / "Dockerfile"  # a copy: the example stays as it is
    dockerfile.write_text(bad, encoding="utf-8")
    out = tmp_path / "result.txt"
    env = dict(
        os.environ,
        SZ_FILE=str(dockerfile),
        SZ_OUT=str(out),
        SZ_PYTHON=sys.executable,
        SZ_CODE="SZ501",
        SZ_ACTION="Append USER",
    )
    subprocess.run(
        [nvim, "--headless", "--clean", "-n", "-c", f"luafile {os.path.join(HERE, 'drive.lua')}"],
        env=env,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
        capture_output=True,
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[-1] == "status ok", lines
    assert [line for line in lines if line.startswith("diagnostic")] == ["diagnostic DL3059 4", "diagnostic SZ501 2"]
    assert "action Append USER analyst (unsafe: may change behaviour)" in lines
    assert "action Ignore SZ501 for this instruction" in lines
    assert [line for line in lines if line.startswith("lens")] == ["lens 3 reruns `pip install`"]
    assert "\nEXPOSE 8888\n" in bad
    assert dockerfile.read_text(encoding="utf-8") == bad.replace("\nEXPOSE 8888\n", "\nUSER analyst\nEXPOSE 8888\n")
