"""Language server benchmark, side by side in one run: stanzalint, dockerfile-language-server-nodejs
and a bare pygls server, each driven by ../shared/tools/lspbench.py on the largest corpus file.

usage: python bench/lsp_bench.py [--edits N] [--node PATH-TO-docker-langserver] [--large] [--before REV]
                                 [--floor] [--json]

``--before REV`` also drives the server as it was at git revision REV (its ``server/`` exported to
a temporary directory), for a before/after comparison in the same run.

``--floor`` also drives a stand-in server that does no work but send, for every edit, the
diagnostics stanzalint publishes for the file (``publish_stub_server.py``): what the harness
measures of the protocol alone (writing, reading and decoding that many diagnostics), the floor
under stanzalint's figures, which grows with the number of diagnostics a file has.

The node server is looked up in .tools/node_modules/.bin (``npm install --prefix .tools
dockerfile-language-server-nodejs``) and then on PATH; without it its column is skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

from _bytecode import compile_package

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HARNESS = os.path.join(ROOT, "..", "shared", "tools", "lspbench.py")
FILE = os.path.join(
    ROOT, "..", "shared", "corpus", "dockerfiles", "StatCan__kubeflow-containers-desktop__base__Dockerfile"
)
#: a 4,037-line, 8-stage file: how a keystroke's cost grows with the file (``--large``)
LARGE = os.path.join(ROOT, "..", "shared", "bench", "large-8-stages.Dockerfile")

#: the stand-in server that only publishes stanzalint's diagnostics (``--floor``)
FLOOR = "publish-floor"

#: (figure, server compared with, maximum ratio stanzalint / that server)
TARGETS = (
    ("edit_p50_ms", "node", 1.0),  # a structural edit: no slower than the node server
    ("typing_p50_ms", "node", 1 / 3),
    ("hover_p50_ms", "node", 1 / 5),
    ("start_ms", "bare-pygls", 1.2),
    ("peak_rss_mb", "bare-pygls", 1.5),
)


def node_server(explicit: str | None) -> list[str] | None:
    candidates = (
        [explicit]
        if explicit
        else [
            os.path.join(ROOT, ".tools", "node_modules", ".bin", "docker-langserver"),
            shutil.which("docker-langserver"),
        ]
    )
    for path in candidates:
        if path and os.path.exists(path):
            return [path, "--stdio"]
    return None


def exported_package(revision: str, directory: str) -> str:
    """The directory holding the package of git revision ``revision``, its ``server/`` exported
    into ``directory``."""
    archive = subprocess.run(["git", "archive", revision, "server"], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", directory], input=archive, check=True)
    return os.path.join(directory, "server")


def python_at(revision: str, directory: str) -> list[str]:
    """The command that runs a Python importing the package of git revision ``revision``, its
    ``server/`` exported into ``directory``."""
    return ["env", f"PYTHONPATH={exported_package(revision, directory)}", sys.executable]


def server_at(revision: str, directory: str) -> list[str]:
    """The command that starts the server of git revision ``revision``, exported into ``directory``."""
    return [*python_at(revision, directory), "-m", "stanzalint", "serve"]


def publish_payload(path: str, directory: str) -> str:
    """A file in ``directory`` holding the notification stanzalint publishes for ``path`` once
    ShellCheck has answered, as the harness's client gets it (related places, no links), with
    stand-ins for the document's uri and version (``publish_stub_server.URI``, ``VERSION``)."""
    from _served_document import ServedDocument
    from publish_stub_server import URI, VERSION
    from stanzalint.lsp.positions import PositionMap

    served = ServedDocument(path)
    result, doc = served.shellcheck_answered(), served.doc
    positions = PositionMap(result.dockerfile.lines, "utf-16")
    pieces = doc.encoder.message(result.violations, positions, json.loads(URI), int(VERSION), None)
    target = os.path.join(directory, os.path.basename(path) + ".publish.json")
    with open(target, "wb") as handle:
        handle.write(b"".join(pieces))
    return target


def floor_server(path: str, directory: str) -> list[str]:
    """The command that starts the stand-in server publishing stanzalint's diagnostics of ``path``."""
    return [sys.executable, os.path.join(ROOT, "bench", "publish_stub_server.py"), publish_payload(path, directory)]


def measure(command: list[str], edits: int, path: str = FILE) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, HARNESS, "--edits", str(edits), "--json", path, "--", *command],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--node", help="path to docker-langserver")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--large",
        action="store_true",
        help="also drive stanzalint and the node server on the 8-stage file (typing and edit)",
    )
    parser.add_argument("--before", metavar="REV", help="also drive the server of this git revision")
    parser.add_argument(
        "--floor", action="store_true", help="also drive a server that only sends stanzalint's diagnostics"
    )
    args = parser.parse_args(argv)
    if not os.path.exists(HARNESS) or not os.path.exists(FILE):
        print("the shared harness or corpus file is missing", file=sys.stderr)
        return 2
    servers = {
        "stanzalint": [sys.executable, "-m", "stanzalint", "serve"],
        "bare-pygls": [sys.executable, os.path.join(ROOT, "bench", "bare_pygls_server.py")],
    }
    node = node_server(args.node)
    if node:
        servers["node"] = node
    compile_package()
    exported = tempfile.TemporaryDirectory()
    if args.before:
        servers[f"before {args.before}"] = server_at(args.before, exported.name)
    floors = {}
    if args.floor:
        floors = {path: floor_server(path, exported.name) for path in (FILE, LARGE) if os.path.exists(path)}
        servers[FLOOR] = floors[FILE]
    results = {name: measure(cmd, args.edits) for name, cmd in servers.items()}
    ratios = []
    for figure, other, limit in TARGETS:
        if other not in results or not results[other].get(figure) or results["stanzalint"].get(figure) is None:
            continue
        ratio = results["stanzalint"][figure] / results[other][figure]
        ratios.append(
            {
                "figure": figure,
                "against": other,
                "ratio": round(ratio, 3),
                "target": round(limit, 3),
                "met": ratio <= limit,
            }
        )
    large = {}
    if args.large and os.path.exists(LARGE):
        commands = {**servers, FLOOR: floors[LARGE]} if args.floor else servers
        large = {name: measure(commands[name], args.edits, LARGE) for name in commands if name != "bare-pygls"}
    if args.json:
        print(json.dumps({"results": results, "ratios": ratios, "large": large}, indent=2))
        return 0
    figures = [
        "start_ms",
        "open_ms",
        "edit_p50_ms",
        "edit_p95_ms",
        "typing_p50_ms",
        "typing_p95_ms",
        "hover_p50_ms",
        "action_ms",
        "peak_rss_mb",
        "diagnostics",
    ]
    names = list(results)
    print(f"{'figure':<14}" + "".join(f"{n:>14}" for n in names))
    for fig in figures:
        print(f"{fig:<14}" + "".join(f"{str(results[n].get(fig)):>14}" for n in names))
    print()
    for r in ratios:
        print(
            f"{r['figure']:<14} stanzalint / {r['against']:<11} {r['ratio']:>7}  target <= {r['target']:<6} "
            f"{'met' if r['met'] else 'NOT MET'}"
        )
    if large:
        print(f"\n{os.path.basename(LARGE)}")
        print(f"{'figure':<14}" + "".join(f"{n:>14}" for n in large))
        for fig in ("edit_p50_ms", "typing_p50_ms", "peak_rss_mb", "diagnostics"):
            print(f"{fig:<14}" + "".join(f"{str(large[n].get(fig)):>14}" for n in large))
        ours, node = large["stanzalint"].get("typing_p50_ms"), large.get("node", {}).get("typing_p50_ms")
        if ours and node:
            print(f"typing_p50_ms  stanzalint / node {ours / node:>13.3f}  target <= 0.2")
        if ours and results["stanzalint"].get("typing_p50_ms"):
            print(
                f"typing_p50_ms  large / 777-line file {ours / results['stanzalint']['typing_p50_ms']:>9.3f}  target <= 2"
            )
        floor, small_floor = large.get(FLOOR, {}).get("typing_p50_ms"), results.get(FLOOR, {}).get("typing_p50_ms")
        if floor and small_floor:
            print(f"typing_p50_ms  large / 777-line file, {FLOOR} {floor / small_floor:>6.3f}")
    exported.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
