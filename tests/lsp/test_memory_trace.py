"""``STANZALINT_TRACEMALLOC``: the server's heap figures and snapshots on SIGUSR1, and the
growth between two snapshots."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tracemalloc

import pytest
from stanzalint.lsp import memory_trace

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGUSR1"), reason="no SIGUSR1 on this platform")


@pytest.fixture
def restored():
    handler = signal.getsignal(signal.SIGUSR1)
    yield
    signal.signal(signal.SIGUSR1, handler)
    tracemalloc.stop()


def test_nothing_is_installed_without_the_variable(monkeypatch, restored):
    monkeypatch.delenv(memory_trace.ENV, raising=False)
    handler = signal.getsignal(signal.SIGUSR1)
    memory_trace.install_from_env()
    assert signal.getsignal(signal.SIGUSR1) is handler


def test_a_start_without_the_variable_imports_no_tracemalloc_nor_pickle():
    """Every server start reads the variable: what only tracing needs (0.4 MB) stays out."""
    child = (
        "import sys\n"
        "from stanzalint.lsp.memory_trace import install_from_env\n"
        "install_from_env()\n"
        "print(sorted(m for m in ('tracemalloc', 'pickle') if m in sys.modules))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != memory_trace.ENV}
    out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, env=env, check=True, timeout=60)
    assert out.stdout.split() == ["[]"]


def test_each_signal_writes_figures_and_snapshots_follow_the_first(tmp_path, monkeypatch, restored):
    monkeypatch.setenv(memory_trace.ENV, str(tmp_path))
    monkeypatch.setenv(memory_trace.FRAMES_ENV, "4")
    memory_trace.install_from_env()
    os.kill(os.getpid(), signal.SIGUSR1)  # figures; tracing starts
    assert tracemalloc.is_tracing()
    kept = [bytearray(1000) for _ in range(200)]
    os.kill(os.getpid(), signal.SIGUSR1)
    kept += [bytearray(1000) for _ in range(300)]
    os.kill(os.getpid(), signal.SIGUSR1)
    assert sorted(os.listdir(tmp_path)) == [
        "snapshot-1.json",
        "snapshot-2.json",
        "snapshot-2.pickle",
        "snapshot-3.json",
        "snapshot-3.pickle",
    ]
    with open(tmp_path / "snapshot-3.json") as fh:
        figures = json.load(fh)
    assert figures["traced_bytes"] >= 500 * 1000 and figures["allocated_blocks"] > 0
    top = memory_trace.growth(str(tmp_path / "snapshot-2.pickle"), str(tmp_path / "snapshot-3.pickle"), top=1)
    grown_kib = float(top[0].split()[0])
    assert 300 * 1000 / 1024 <= grown_kib < 330  # the 300 arrays of 1,000 bytes made between the two
    assert "test_memory_trace.py" in top[1]
    assert len(kept) == 500


def test_without_frames_only_figures_are_written(tmp_path, monkeypatch, restored):
    monkeypatch.setenv(memory_trace.ENV, str(tmp_path))
    monkeypatch.setenv(memory_trace.FRAMES_ENV, "0")
    memory_trace.install_from_env()
    os.kill(os.getpid(), signal.SIGUSR1)
    os.kill(os.getpid(), signal.SIGUSR1)
    assert not tracemalloc.is_tracing()
    assert sorted(os.listdir(tmp_path)) == ["snapshot-1.json", "snapshot-2.json"]
