"""Shell-form command lines that are plain argv: what exec form would run the same way.

``CMD python app.py --port 8000`` runs ``/bin/sh -c "python app.py --port 8000"``; the shell
only splits it into words. Such a line can be written in exec form without a shell. A line that
uses the shell (variables, globs, pipes, redirections, ``&&``, command substitution, escapes) is
not plain: exec form would run it differently.

Quote-aware splitting is dockerfile-parse's ``WordSplitter``, which handles single and double
quotes as the shell does for words with no expansions.
"""

from __future__ import annotations

from dockerfile_parse.util import WordSplitter

#: Characters the shell interprets outside quotes.
_SHELL_SYNTAX = set("$`|&;<>()*?[]{}~#!\\\n")
#: Characters the shell interprets inside double quotes.
_DOUBLE_QUOTED_SYNTAX = set("$`\\!")


def plain_argv(command: str) -> list[str] | None:
    """The words of a shell command line that needs no shell, else None."""
    quote = ""
    for ch in command:
        if quote == "'":
            if ch == "'":
                quote = ""
        elif quote == '"':
            if ch == '"':
                quote = ""
            elif ch in _DOUBLE_QUOTED_SYNTAX:
                return None
        elif ch in ("'", '"'):
            quote = ch
        elif ch in _SHELL_SYNTAX:
            return None
    if quote:
        return None
    words = list(WordSplitter(command).split(dequote=True))
    if not words:
        return None
    if "=" in words[0]:
        return None  # ``FOO=bar cmd`` sets a variable for the command: the shell is needed
    return words
