"""Building fixes: the document's line break, whole-line spans, inserting after a word (and the
fix that adds a missing option that way), appending a command to a RUN so it runs after the whole script, and where a new instruction
goes at the end of a stage."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache

from stanzalint.analysis.model import Analysis, ShellCommand, Stage, Word
from stanzalint.findings import Edit, Fix
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import word_is_plain
from stanzalint.syntax.model import Instruction, Span


@lru_cache(maxsize=8)
def newline_of(text: str) -> str:
    """The document's line break: ``\\r\\n`` when it uses CRLF, else ``\\n``. Remembered for
    the last few texts: fixes ask once per finding, and a scan per finding made many findings
    quadratic."""
    return "\r\n" if "\r\n" in text else "\n"


def full_lines(text: str, ins: Instruction) -> Span:
    """The instruction's lines from the start of its first line through its last line break."""
    start = text.rfind("\n", 0, ins.span.start) + 1
    end = text.find("\n", ins.span.end)
    return Span(start, len(text) if end == -1 else end + 1)


def removed_lines(text: str, ins: Instruction) -> Span:
    """What a fix deletes to take the instruction's lines out: from the line break before its
    first line through its end, so that the span reads nothing after the instruction (a line
    break typed after the last instruction of a file leaves the fix as it was, as the findings
    memo, which keys a finding by its row's text, expects); through the line break after it
    (``full_lines``) when the instruction is on the text's first line."""
    line_start = text.rfind("\n", 0, ins.span.start) + 1
    if line_start == 0:
        return full_lines(text, ins)
    start = line_start - 2 if text[line_start - 2 : line_start] == "\r\n" else line_start - 1
    return Span(start, ins.span.end)


def insert_after(word: Word, text: str) -> Edit:
    """Insert `` text`` right after a word."""
    return Edit(Span(word.span.end, word.span.end), " " + text)


def option_fix(ctx: RuleContext, word: Word, option: str, *, safe: bool = True) -> Fix | None:
    """The fix "Add `option`", which writes ``option`` right after ``word`` (a command or
    subcommand): in an exec-form RUN, as one more JSON string (`` "install", "-y"``); None where
    the document does not hold the word as written (``word_is_plain``: a JSON string with
    escapes)."""
    if not word_is_plain(ctx, word):
        return None
    make = Fix.safe if safe else Fix.unsafe
    ins = ctx.dockerfile.instruction_at(word.span.start)
    if ins is not None and ins.is_json:
        at = word.span.end
        return make(f"Add `{option}`", [Edit(Span(at, at), ", " + json.dumps(option))])
    return make(f"Add `{option}`", [insert_after(word, option)])


def script_text(text: str, ins: Instruction) -> str | None:
    """The document text of a shell-form RUN's script (continuations kept), or None for exec
    form, heredocs, or an empty script."""
    if ins.is_json or ins.heredocs or not ins.rest.text.strip():
        return None
    start = ins.rest.doc_offset(0)
    return text[start : ins.span.end]


#: a script's last characters after which no command can be appended: an operator, or a
#: backslash (` && x` after it would be an escaped space). A backtick is not one: one that opens a
#: substitution leaves the script open (``script_ending``), one that closes it ends a word
UNAPPENDABLE_ENDINGS = ";&|\\"


def script_ending(ins: Instruction, commands: Sequence[ShellCommand]) -> str:
    """How a RUN's script ends, as far as appending a command after it goes: "" for an empty
    script; "open" when the shell parse of the script its last command is in (the line, or the
    heredoc body a shell runs) is broken at or after that command's end (``echo hi >``,
    ``x=$(echo``, ``echo "a``, ``if true; then echo``: a command appended there would change the
    error, not run last); its last character when it is one of ``UNAPPENDABLE_ENDINGS``; else
    "word": a command can follow. The one answer ``append_command`` and the RUN's projection
    (``command_projection.layout``) both read, so a finding's fix changes exactly when the
    projection does; typing inside the last command's arguments leaves it as it was."""
    tail = ins.rest.text.rstrip()[-1:]
    if not tail:
        return ""
    if commands and _left_open(_last_command(commands)):
        return "open"
    return tail if tail in UNAPPENDABLE_ENDINGS else "word"


#: words that close or go on with a compound command (``if``, ``for``, ``case``...): the shell
#: parse reads one standing as a command's first word outside its compound as a command, which
#: the shell rejects (``echo a; fi``)
_COMPOUND_WORDS = frozenset({"then", "elif", "else", "fi", "do", "done", "esac"})


def _left_open(command: ShellCommand) -> bool:
    """Whether the script is broken at or after ``command``, its last command: the parse broke
    there (``ShellCommand.open_after``), or the command is a stray compound word (unquoted, with
    no assignment before it: ``X=1 fi`` runs a program named fi)."""
    if command.open_after:
        return True
    return not command.assignments and bool(command.words) and command.words[0].raw in _COMPOUND_WORDS


def _last_command(commands: Sequence[ShellCommand]) -> ShellCommand:
    """The command that ends last: the one a command appended to the script would follow."""
    return max(commands, key=lambda c: c.span.end)


def runs_after_and(ins: Instruction, commands: Sequence[ShellCommand]) -> bool:
    """Whether a RUN's script, written after ``X && ``, runs exactly when ``X`` succeeds and as it
    ran alone: one list of pipelines joined by ``&&`` (a ``;`` or ``||`` would let part of it run,
    and its status decide the RUN's, after ``X`` failed), ending in the foreground (a trailing
    ``&`` would send ``X`` to the background too) and not left open. Reads what a RUN's
    projection holds: the commands' places and how the script ends (``script_ending``)."""
    return (
        bool(commands)
        and all(c.connector in (None, "&&", "|") for c in commands)
        and script_ending(ins, commands) not in ("&", "open")
    )


def stops_at_failure(commands: Sequence[ShellCommand], heredoc: int) -> bool:
    """Whether the script of heredoc ``heredoc`` stops at its first failing command by the end:
    its last top-level ``set`` that turns errexit on or off (``-e``, ``-o errexit``, ``-e`` among
    other short options; ``+e``, ``+o errexit``) turns it on. Without it, the script's status is
    its last command's, so a command appended after the last would hide that command's failure
    from the build."""
    errexit = False
    for c in commands:
        if c.heredoc != heredoc or c.name != "set" or c.in_subshell or c.in_condition or c.via_shell_c:
            continue
        args = [w.value for w in c.words[c.index + 1 :]]
        for i, arg in enumerate(args):
            if arg[:1] in ("-", "+") and arg[1:2] not in ("", "-") and "e" in arg[1:]:
                errexit = arg[0] == "-"
            elif arg in ("-o", "+o") and args[i + 1 : i + 2] == ["errexit"]:
                errexit = arg[0] == "-"
    return errexit


def append_command(
    text: str, ins: Instruction, commands: Sequence[ShellCommand], command: str, into_heredoc: bool = False
) -> Edit | None:
    """An edit that runs ``command`` last in the RUN, or None when it cannot be placed safely.

    Shell form: `` && command`` right after the script's last character, when the script ends
    with a command (no trailing operator, comment or continuation, and no construct left open:
    ``script_ending``). A RUN with heredocs: with ``into_heredoc``, a new line before the
    terminator of the body the shell runs, when that body stops at its first failure
    (``stops_at_failure``: else the new last line would decide the RUN's status), not in a
    ``<<-`` body, nor after a body left open; else None.
    """
    if ins.is_json or not commands:
        return None
    ending = script_ending(ins, commands)
    if ins.heredocs:
        return _append_to_heredoc(text, ins, commands, command) if into_heredoc and ending != "open" else None
    if ending != "word":
        return None
    script = ins.rest.text.rstrip()
    end = ins.rest.doc_offset(len(script) - 1) + 1
    last_command_end = _last_command(commands).span.end
    if last_command_end <= end and "#" in text[last_command_end:end]:
        return None
    return Edit(Span(end, end), f" && {command}")


def _append_to_heredoc(text: str, ins: Instruction, commands: Sequence[ShellCommand], command: str) -> Edit | None:
    indexes = [c.heredoc for c in commands if c.heredoc is not None]
    if not indexes or not stops_at_failure(commands, indexes[0]):
        return None
    heredoc = ins.heredocs[indexes[0]]
    if heredoc.terminator_span is None or heredoc.chomp:
        return None
    at = text.rfind("\n", 0, heredoc.terminator_span.start) + 1
    return Edit(Span(at, at), command + newline_of(text))


#: instructions that describe how the image runs; a new USER goes before a trailing run of them
TRAILING_METADATA = ("CMD", "ENTRYPOINT", "EXPOSE", "HEALTHCHECK", "STOPSIGNAL", "LABEL")


def end_of_stage_insertion(analysis: Analysis, stage: Stage, lines: Sequence[str]) -> tuple[Span, str]:
    """An edit position and text that add ``lines`` as instructions at the end of ``stage``:
    before the trailing CMD/ENTRYPOINT/EXPOSE/... block when there is one (where people expect
    USER), else after the stage's last instruction. Uses the document's line breaks."""
    text = analysis.dockerfile.text
    nl = newline_of(text)
    body = stage.body
    k = len(body)
    while k > 0 and body[k - 1].keyword in TRAILING_METADATA:
        k -= 1
    if 0 < k < len(body) or (k == 0 and body):
        ins = body[k]
        at = analysis.dockerfile.lines.line_starts[ins.start_line]
        indent = text[at : ins.keyword_span.start]
        if indent.strip():
            at, indent = ins.keyword_span.start, ""
        return Span(at, at), "".join(f"{line}{nl}{indent}" for line in lines)
    last = stage.instructions[-1]
    at = last.span.end
    return Span(at, at), "".join(f"{nl}{line}" for line in lines)
