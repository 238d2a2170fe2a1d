"""
## What it does
Flags a RUN that downloads a script and runs it straight away without checking it:
`curl … | sh`, `wget -O- … | bash`, `curl … | sudo sh`, `curl … | python3 -`,
`sh -c "$(curl …)"`, `bash <(curl …)`, `eval "$(curl …)"`.

## Why is this bad?
Whatever the server sends at build time runs as root inside your image, and nothing records
what it was. A compromised download site, a hijacked domain, a truncated transfer (the shell
runs half a script), or simply a new upstream version changes your image without any change in
your repository. Download the installer to a file, compare its SHA-256 with a value you
committed, and only then run it: the build fails loudly instead of shipping something unknown.

A RUN is not flagged when it verifies a checksum or signature (`sha256sum -c`, `shasum -a 256
-c`, `gpg --verify`, `gpgv`, `cosign verify`, `minisign -V`) before the script runs.
`curl … | python3 -c '…json…'` parses data rather than running it and is not flagged.

## Example
```dockerfile
RUN curl -fsSL https://example.com/install.sh | sh
```

## Use instead
```dockerfile
ARG INSTALL_SHA256=5f2b…
RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \
 && echo "${INSTALL_SHA256}  /tmp/install.sh" | sha256sum -c - \
 && sh /tmp/install.sh && rm /tmp/install.sh
```

## Fix safety
No automatic fix: the checksum to compare with has to come from you.

## Options
None.

## References
- [Docker docs: ADD --checksum](https://docs.docker.com/reference/dockerfile/#add---checksum)
- [OpenSSF: Scorecard pinned-dependencies check](https://github.com/ossf/scorecard/blob/main/docs/checks.md#pinned-dependencies)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand
from stanzalint.analysis.shell import POSIX_SHELLS
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.commands import has_option, option_values, positionals, verifies_download
from stanzalint.syntax.model import Span

_INTERPRETER = re.compile(r"(python[\d.]*|perl|ruby|node|php)$")
_SOURCING = frozenset({"eval", "source", "."})


def _downloads_to_stdout(cmd: ShellCommand) -> bool:
    if cmd.name == "curl":
        return not has_option(cmd.args, "-o", "-O", "--output", "--remote-name", "--remote-name-all", "--output-dir")
    if cmd.name == "wget":
        if "-" in option_values(cmd.args, "-O", "--output-document"):
            return True
        return any(re.fullmatch(r"-[a-zA-Z]*O-", w.value) for w in cmd.args)
    return False


def _runs_stdin(cmd: ShellCommand) -> bool:
    """A shell or interpreter that executes what it reads on stdin."""
    if cmd.name not in POSIX_SHELLS and not _INTERPRETER.match(cmd.name):
        return False
    if has_option(cmd.args, "-c", "-m", "-e", "-E", "--eval", "-r"):
        return False
    if has_option(cmd.args, "-s"):
        return True
    before_dashdash = []
    for w in cmd.args:
        if w.value == "--":
            break
        before_dashdash.append(w)
    rest = positionals(before_dashdash)
    return not rest or rest[0].value in ("-", "/dev/stdin")


def _is_interpreter(cmd: ShellCommand) -> bool:
    return cmd.name in POSIX_SHELLS or cmd.name in _SOURCING or bool(_INTERPRETER.match(cmd.name))


def _substitution_host(download: ShellCommand, commands: list[ShellCommand]) -> ShellCommand | None:
    """The interpreter whose argument is exactly ``$(download)``, ``<(download)`` or backticks."""
    for cmd in commands:
        if cmd is download or cmd.via_shell_c or not _is_interpreter(cmd):
            continue
        if cmd.name not in _SOURCING and has_option(cmd.args, "-m"):
            continue
        for w in cmd.args:
            if w.span.start <= download.span.start and download.span.end <= w.span.end:
                raw = w.raw.strip("\"'")
                if raw.startswith(("$(", "<(", "`")) and raw.endswith((")", "`")):
                    return cmd
    return None


def _pipe_reader(download: ShellCommand, commands: list[ShellCommand]) -> ShellCommand | None:
    if not download.pipe_next:
        return None
    i = next(i for i, c in enumerate(commands) if c is download)
    for cmd in commands[i + 1 :]:
        if not cmd.pipe_prev:
            return None
        if _runs_stdin(cmd):
            return cmd
        if cmd.name != "tee" and cmd.name not in ("cat", "gunzip", "zcat", "xz", "bzcat") or not cmd.pipe_next:
            return None
    return None


@rule(
    code="SZ201",
    name="remote-script-piped-to-shell",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    practice="b",
    scope="instruction",
    reads=("shell",),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for ins in ctx.dockerfile.of_keyword("RUN"):
        commands = ctx.analysis.commands(ins)
        for download in commands:
            if download.name not in ("curl", "wget") or not _downloads_to_stdout(download):
                continue
            runner = _pipe_reader(download, commands)
            span = None
            if runner is not None:
                span = Span(download.span.start, runner.span.end)
            else:
                runner = _substitution_host(download, commands)
                if runner is not None:
                    span = runner.span
            if runner is None or span is None:
                continue
            if any(verifies_download(c) and c.span.start < runner.span.start for c in commands):
                continue
            yield ctx.violation(
                span,
                f"A script fetched by `{download.name}` is run by `{runner.name}` unchecked; "
                "download it to a file and verify its checksum before running it",
            )
