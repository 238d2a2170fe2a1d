"""A simple command of a RUN script and its words: what the shell parser (``analysis.shell``)
produces and ``Analysis.commands`` hands to the rules."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from stanzalint.syntax.model import Instruction, Span


@dataclass
class Word:
    """A shell word with quotes removed where literal, and its place in the document."""

    value: str  # unquoted value; expansions are left as written (``$HOME``)
    raw: str  # source text of the word
    span: Span
    quoted: bool = False  # the word had quotes anywhere
    literal: bool = True  # no expansion, command substitution or glob in it


T = TypeVar("T")


def has_option(words: Sequence[Word], *names: str) -> bool:
    """True when any named option is among ``words`` (before ``--``). ``-y`` also matches a
    cluster like ``-qy``; ``--opt`` also matches ``--opt=value``."""
    for w in words:
        v = w.value
        if v == "--":
            break
        for n in names:
            if v == n:
                return True
            if n.startswith("--") and v.startswith(n + "="):
                return True
            if (
                len(n) == 2
                and n[0] == "-"
                and n[1] != "-"
                and v.startswith("-")
                and not v.startswith("--")
                and n[1] in v[1:]
                and v[1:].isalpha()
            ):
                return True
    return False


def option_values(words: Sequence[Word], *names: str) -> list[str]:
    """Every value of a named option among ``words``, in order: ``--opt=value``, ``--opt value``,
    ``-o value``."""
    out: list[str] = []
    for i, w in enumerate(words):
        for n in names:
            if n.startswith("--") and w.value.startswith(n + "="):
                out.append(w.value[len(n) + 1 :])
            elif w.value == n and i + 1 < len(words):
                out.append(words[i + 1].value)
    return out


@dataclass
class ShellCommand:
    """One simple command found in a RUN script (shell form or heredoc body).

    ``words`` are the argv with leading assignments removed, and with wrappers kept
    (``sudo apt-get`` keeps both words; ``name`` is the command after wrappers like sudo, env,
    nice, time, xargs, command). ``sh -c '...'`` scripts are parsed too: their commands appear
    with ``via_shell_c`` set.
    """

    words: list[Word]
    span: Span  # the whole simple command
    instruction: Instruction
    name: str = ""  # basename of the effective command ("apt-get", "pip3", "python3")
    index: int = 0  # the effective command's position in ``words``
    assignments: list[Word] = field(default_factory=list)  # ``FOO=bar cmd``
    pipe_next: bool = False  # output piped into the next command (``cmd |``)
    pipe_prev: bool = False  # reads a pipe from the previous command
    pipeline_position: int = 0  # 0 for the first command of a pipeline
    #: the ``|`` or ``|&`` joining it to its pipeline: the one after it, for the last command
    #: the one before it (None outside a pipeline)
    pipe_operator: Span | None = None
    connector: str | None = None  # operator before this command: "&&", "||", ";", "|", "&", None
    in_subshell: bool = False
    in_condition: bool = False  # inside if/while/until condition or after || / && of a test
    via_shell_c: bool = False
    heredoc: int | None = None  # index of the heredoc the command came from, else None
    #: the script's parse is broken at or after the command's end (an error or a missing node
    #: ends there: ``echo hi >``, ``x=$(echo``, an unclosed quote or ``if``): what follows the
    #: command is no complete command, so nothing can be appended after it
    open_after: bool = False
    #: the answers of ``classified``, by question (made on the first one)
    _classified: dict[Hashable, Any] | None = field(default=None, init=False, repr=False, compare=False)

    def classified(self, question: Hashable, classify: Callable[[ShellCommand], T]) -> T:
        """``classify(self)``, computed once per command for ``question``: the rules each ask
        the toolkit's classifiers (``tool_of``, ``pip_install``...) about every command.
        ``classify`` must read nothing but the command's own words, name and index, so that the
        answer holds wherever the command is reused; the answer is shared: do not change it."""
        memo = self._classified
        if memo is None:
            memo = self._classified = {}
        try:
            answer: T = memo[question]
        except KeyError:
            answer = memo[question] = classify(self)
        return answer

    def forget_classifications(self) -> None:
        """Drop the answers of ``classified`` (at the end of a lint: freed at once rather than
        walked by the cycle collector's next pass)."""
        self._classified = None

    @property
    def argv(self) -> list[str]:
        """The effective command and its arguments (wrappers dropped)."""
        return [w.value for w in self.words[self.index :]]

    @property
    def args(self) -> list[Word]:
        """Arguments after the effective command name."""
        return self.words[self.index + 1 :]

    def subcommand(self, skip_options: bool = True) -> str | None:
        """First non-option argument: ``install`` in ``apt-get -q install x``."""
        for w in self.args:
            if skip_options and w.value.startswith("-"):
                continue
            return w.value
        return None

    def has_option(self, *names: str) -> bool:
        """True when any named option is among the arguments (see ``has_option``)."""
        return has_option(self.args, *names)

    def option_value(self, *names: str) -> str | None:
        """The first value of a named option among the arguments, or None (see ``option_values``)."""
        values = option_values(self.args, *names)
        return values[0] if values else None

    def word_of(self, *values: str) -> Word | None:
        """The first argument whose value is one of ``values``."""
        for w in self.args:
            if w.value in values:
                return w
        return None
