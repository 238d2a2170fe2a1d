"""What a keystroke reads from memory after a pause: the cache lines its lint and publish miss
(valgrind's cache simulation), by part, side by side with another git revision.

    python bench/cold_keystroke.py [--keystrokes N] [--phase PART] [--of KIND] [--before REV]
                                   [--callgrind-out FILE] [FILE...]

Between two keystrokes an editor leaves the server idle, and other work on the machine takes
the CPU's caches; the next lint then fetches again the memory it touches (``idle_gap.py`` times
what that costs: a lint after a pause is 1.2-1.6x one back to back). That cost follows the
number of distinct cache lines a keystroke touches, which neither a timer (too noisy) nor an
instruction count (blind to it) shows. Here each keystroke of the typing pattern
(``idle_gap.typing_changes``) runs after a 64 MB read that evicts the simulated caches, and
callgrind counts, per keystroke, the instructions and the last-level cache misses (reads and
writes: a line written before it is read, such as a new object's, is fetched too) of the
keystroke's work in the server: the edit applied, the lint through the document store, the
publish's JSON with documentation links (as sent to VS Code). Not counted: reading and decoding
the client's message, the event loop's turns and the write; what the server does after its
write (``--phase after-write``: an erase's text linted through the memo when the erase took the
result of that text's earlier lint again, the replaced result let go). The simulation has no
prefetching and no overlapping of misses, so it counts lines, not time.

``--of typed`` or ``--of erased`` counts only those keystrokes of the pattern: an erase brings
back a text the document had, whose result the server takes again and whose lint through the
memo it runs after the write (``lsp/recent_results.py``), so an erase's keystroke costs little
and its after-write much; compare kinds and parts, not only the whole.

``--phase`` counts one part of that work in its place (after the parts before it in the same
keystroke, so the parts add up to about the whole): ``lint`` (the edit and the lint), ``encode``
(the publish's JSON), ``parse`` (the re-parse), ``line-index`` (of which the line starts),
``analysis``, ``rules`` (the rules through the memo), ``shellcheck`` (ShellCheck's known
findings), ``order`` (suppression and ordering); ``after-write`` counts what follows the
write instead. ``--callgrind-out`` keeps callgrind's output
(one file per revision) for ``callgrind_annotate``, which attributes the misses to the C code
that takes them. Needs valgrind; deterministic for one tree and input (``PYTHONHASHSEED=0``).
A count takes one to three minutes per file and revision.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

HERE = os.path.dirname(os.path.abspath(__file__))

#: the simulated caches: this machine's first level, and a last level of 32 MB
CACHES = ("--I1=32768,8,64", "--D1=32768,8,64", "--LL=33554432,16,64")
#: bytes read between keystrokes: twice the last level, so none of a keystroke's lines survive
EVICTION_BYTES = 64 << 20
#: the C function that encloses what is counted (callgrind toggles collection on it)
MARKER = "functools_reduce"
#: keystrokes linted before counting: the memo and ShellCheck's answers fill
WARM_UP = 24

#: --phase: the part of the lint counted, as the function that does it (module, attribute path)
PHASES: dict[str, tuple[str, str]] = {
    "parse": ("stanzalint.engine", "reparse"),
    "line-index": ("stanzalint.syntax.model", "LineIndex.after_edit"),
    "analysis": ("stanzalint.engine", "analyze"),
    "rules": ("stanzalint.engine", "_run_rules"),
    "shellcheck": ("stanzalint.lsp.shellcheck_pass", "KnownScripts.known"),
    "order": ("stanzalint.engine", "_judged"),
}


def counted(function: Callable[[], T]) -> T:
    """Call ``function`` inside the marker callgrind counts."""
    result: list[T] = []
    functools.reduce(lambda _acc, _item: result.append(function()), (None,), None)
    return result[0]


def count_only_inside(module_name: str, path: str, active: list[bool]) -> None:
    """Make ``module_name``'s ``path`` (``name`` or ``Class.name``) count its calls while
    ``active[0]``, for the rest of the process (the counting child's). A method is replaced by a
    plain function, so it counts when called on an instance; a class method would count only
    when called through the class, as ``LineIndex.after_edit`` is."""
    import importlib

    owner: object = importlib.import_module(module_name)
    *classes, name = path.split(".")
    for cls in classes:
        owner = getattr(owner, cls)
    original = getattr(owner, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        if active[0]:
            return counted(lambda: original(*args, **kwargs))
        return original(*args, **kwargs)

    setattr(owner, name, wrapper)


def child(path: str, keystrokes: int, phase: str, kind: str = "all") -> None:
    """Type in ``path`` through a document store, counting ``phase`` of each keystroke of
    ``kind`` (typed, erased or all) after an eviction (run under callgrind by ``measure``)."""

    from _served_document import ServedDocument
    from idle_gap import typing_changes
    from stanzalint.engine import LintResult, rule_url
    from stanzalint.lsp.positions import PositionMap

    served = ServedDocument(path)
    store, doc = served.store, served.doc
    served.shellcheck_answered()
    changes = typing_changes(served.text)
    links = functools.cache(functools.partial(rule_url, config=store.config_for(doc)))
    active = [False]
    if phase in PHASES:
        count_only_inside(*PHASES[phase], active)

    change = next(changes)

    def lint() -> LintResult:
        return served.typed(*change)

    def encode(result: LintResult) -> None:
        positions = PositionMap(result.dockerfile.lines, "utf-16")
        doc.encoder.message(result.violations, positions, doc.uri, doc.version, links, True)

    def keystroke(measured: bool) -> None:
        if phase == "after-write":
            encode(lint())
            if measured:
                counted(served.after_write)
            else:
                served.after_write()
            return
        if measured and phase == "all":
            counted(lambda: encode(lint()))
        elif measured and phase == "lint":
            encode(counted(lint))
        elif measured and phase == "encode":
            result = lint()
            counted(lambda: encode(result))
        else:
            active[0] = measured
            encode(lint())
            active[0] = False
        served.after_write()

    for _ in range(WARM_UP):
        keystroke(False)
        change = next(changes)
    evicting = bytearray(b"\1" * EVICTION_BYTES)
    done = 0
    while done < keystrokes:
        measured = kind == "all" or (kind == "erased") == (change[3] == "")
        if measured:
            evicting.count(0)
            done += 1
        keystroke(measured)
        change = next(changes)


#: callgrind's summary of what it collected, in the order of its events
COLLECTED = re.compile(r"^==\d+== Collected : ([\d ]+)$", re.MULTILINE)
EVENTS = ("Ir", "Dr", "Dw", "I1mr", "D1mr", "D1mw", "ILmr", "DLmr", "DLmw")


def measure(
    package: str | None, path: str, keystrokes: int, phase: str, out: str, kind: str = "all"
) -> dict[str, float]:
    """Per keystroke of ``kind``: million instructions, and thousand last-level misses (data
    read, data written, instructions) of ``phase``, with the stanzalint package found in
    directory ``package`` (None: the one installed); callgrind writes its output to ``out``."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--cache-sim=yes",
        *CACHES,
        "--collect-atstart=no",
        f"--toggle-collect={MARKER}",
        f"--callgrind-out-file={out}",
        sys.executable,
        os.path.abspath(__file__),
        "--child",
        "--keystrokes",
        str(keystrokes),
        "--phase",
        phase,
        "--of",
        kind,
        os.path.abspath(path),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    if package is not None:
        env["PYTHONPATH"] = package
    done = subprocess.run(command, cwd=HERE, env=env, capture_output=True, text=True)
    found = COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        where = package or "the installed package"
        raise SystemExit(f"the count failed ({path}, {phase}, {where}):\n{done.stderr[-2000:]}")
    events = dict(zip(EVENTS, map(int, found.group(1).split())))
    return {
        "M instructions": events["Ir"] / keystrokes / 1e6,
        "K misses read": events["DLmr"] / keystrokes / 1e3,
        "K misses written": events["DLmw"] / keystrokes / 1e3,
        "K data misses": (events["DLmr"] + events["DLmw"]) / keystrokes / 1e3,
        "K code misses": events["ILmr"] / keystrokes / 1e3,
    }


def output_file(kept: str | None, package: str | None) -> str:
    """Where callgrind writes: nowhere unless asked to keep it (``FILE.before`` for the other
    revision)."""
    if kept is None:
        return os.devnull
    return os.path.abspath(kept if package is None else kept + ".before")


def main(argv: list[str] | None = None) -> int:
    summary = " ".join(__doc__.split("\n\n")[0].split())
    parser = argparse.ArgumentParser(description=summary)
    parser.add_argument("--keystrokes", type=int, default=20, help="keystrokes counted (default 20)")
    parser.add_argument(
        "--phase",
        default="all",
        choices=["all", "lint", "encode", *PHASES, "after-write"],
        help="the part of each keystroke counted, in its place (default: all of it)",
    )
    parser.add_argument(
        "--of",
        default="all",
        choices=["all", "typed", "erased"],
        help="the keystrokes counted: typed characters, erases (an erase brings back a text the"
        " document had: its result is taken again, and the memo lints the text after the write,"
        " which is not counted) or all of them (default)",
    )
    parser.add_argument("--before", metavar="REV", help="also count the package of this git revision")
    parser.add_argument(
        "--callgrind-out",
        metavar="FILE",
        help="keep callgrind's output in FILE (FILE.before with --before) for callgrind_annotate",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*")
    args = parser.parse_args(argv)
    if args.child:
        child(args.files[0], args.keystrokes, args.phase, args.of)
        return 0
    from _bytecode import compile_package
    from keystroke_profile import input_files
    from lsp_bench import exported_package

    files = input_files(args.files)
    if not files:
        return 2
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: nothing to count with", file=sys.stderr)
        return 2
    compile_package()
    with tempfile.TemporaryDirectory() as exported:
        trees: dict[str, str | None] = {"now": None}
        if args.before:
            trees[f"before {args.before}"] = exported_package(args.before, exported)
        for path in files:
            print(f"{os.path.basename(path)}, {args.phase}, per keystroke ({args.of}) after an eviction:")
            rows = {
                name: measure(
                    package, path, args.keystrokes, args.phase, output_file(args.callgrind_out, package), args.of
                )
                for name, package in trees.items()
            }
            for name, row in rows.items():
                print(f"    {name:>16}  " + "  ".join(f"{value:8.2f} {unit}" for unit, value in row.items()))
            if args.before:
                now, before = rows["now"], rows[f"before {args.before}"]
                ratios = "  ".join(f"{now[unit] / before[unit]:.3f}x {unit}" for unit in now if before[unit])
                print(f"    {'ratio':>16}  {ratios}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
