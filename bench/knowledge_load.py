"""How long the offline knowledge takes to load in a fresh process (it is on the first lint's path).

python bench/knowledge_load.py
"""

from __future__ import annotations

import subprocess
import sys

CODE = (
    "import time, stanzalint.knowledge as k\n"
    "t = time.perf_counter()\n"
    "k.os_family('python:3.12'); k.os_family('alpine:3.15'); k.eol_status('python:3.8-slim')\n"
    "k.runs_as_nonroot('node:20'); k.is_floating_tag('python:3'); k.slim_alternative('python:3.12')\n"
    "k.build_image('golang:1.22')\n"
    "print((time.perf_counter() - t) * 1000)\n"
)


def main() -> int:
    runs = [
        float(subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True).stdout)
        for _ in range(5)
    ]
    print(
        f"knowledge: every table loaded and one query of each kind: best {min(runs):.1f} ms, median {sorted(runs)[2]:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
