"""Simple commands inside RUN, found by tree-sitter-bash.

``commands_of(instruction, shell, escape)`` returns every simple command of a RUN, in source
order: the shell-form script, heredoc bodies run by a shell, exec-form ``["sh", "-c", ...]``
scripts, and the scripts of ``sh -c '...'`` / ``su -c '...'`` inside them. Commands inside
compound statements, subshells, functions and command or process substitutions are included.

Conventions, kept simple so rules can rely on them:

- ``connector`` is the operator token right before the command in its list or pipeline
  (``&&``, ``||``, ``;``, ``|``, ``|&``, ``&``); a keyword or bracket in between (``then``,
  ``do``, ``(``, ``{``) resets it to None, so does a plain newline.
- ``in_condition`` is set for commands in an ``if``/``elif``/``while``/``until`` condition and
  for test commands (``[``, ``[[``, ``test``) wherever they stand: their only effect is a status.
- ``in_subshell`` is set inside ``( )``, ``$( )``, backticks, ``<( )``/``>( )`` and function
  bodies.
- pipe fields are set on simple commands that are direct elements of a pipeline; a compound
  element (``| while read l; do ...; done``) does not pass them to the commands inside.
- Bare assignments (``FOO=1`` alone) are not commands; ``export``/``local``/``declare``/
  ``unset`` are (their words are the keyword and its operands).
- Under a non-POSIX ``SHELL`` (pwsh, powershell, cmd) a shell-form script gives no commands.

``escape`` (the Dockerfile escape character) needs no handling here: line continuations are
already joined in ``Instruction.rest`` by the parser.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from stanzalint.analysis.shell_command import ShellCommand, Word
from stanzalint.analysis.shell_words import EXPANSIONS, ScriptSource, inner_script, word_of
from stanzalint.analysis.shell_wrappers import basename, effective_index
from stanzalint.lru import WeightedLRU
from stanzalint.syntax.model import Instruction, MappedText, Span
from stanzalint.syntax.moved import LazilyMoved

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

    #: a command's place in its pipeline: its position, the last position, the ``|`` joining it
    _Pipe = tuple[int, int, Node | None]

#: Programs that read a POSIX shell script (``-c`` argument, stdin, or a heredoc body).
POSIX_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"})
#: SHELL programs under which POSIX shell analysis does not apply.
NON_POSIX_SHELLS = frozenset({"pwsh", "pwsh.exe", "powershell", "powershell.exe", "cmd", "cmd.exe"})

_OPERATORS = frozenset({"&&", "||", ";", "|", "|&", "&"})
_PIPES = frozenset({"|", "|&"})
_TESTS = frozenset({"[", "[[", "test"})
_MAX_DEPTH = 8  # nested ``sh -c`` levels parsed

_local = threading.local()  # a tree-sitter parser is not to be shared between threads


def _get_parser() -> Parser:
    """The tree-sitter parser for bash, built once per thread."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        import tree_sitter

        parser = _local.parser = tree_sitter.Parser(tree_sitter.Language(_bash_language()))
    return parser


@functools.cache
def _bash_language() -> object:
    """tree-sitter-bash's grammar, from its extension module alone where the package keeps one:
    the package's ``__init__`` imports ``importlib.resources`` for query files never read here,
    and with it tempfile, shutil, bz2, lzma and random (0.8 MB of a language server's memory)."""
    binding = _bash_binding_alone()
    if binding is None:
        import tree_sitter_bash

        return tree_sitter_bash.language()
    return binding.language()


def _bash_binding_alone() -> Any:
    """tree-sitter-bash's extension module ``_binding``, loaded without its package; None when
    the package is imported already or keeps no such file. It relies on the package's file
    layout (version pinned in ``constraints.txt``; the fallback is the package's own import).
    The module is not entered in ``sys.modules``: a later import of the package loads the
    extension again, and gets the same grammar (a static table of the library; a test parses
    with both)."""
    import importlib.machinery
    import importlib.util
    import os

    found = None if "tree_sitter_bash" in sys.modules else importlib.util.find_spec("tree_sitter_bash")
    for folder in (found and found.submodule_search_locations) or ():
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = os.path.join(folder, "_binding" + suffix)
            if os.path.isfile(path):
                loader = importlib.machinery.ExtensionFileLoader("tree_sitter_bash._binding", path)
                binding = importlib.util.module_from_spec(
                    importlib.machinery.ModuleSpec(loader.name, loader, origin=path)
                )
                loader.exec_module(binding)
                return binding
    return None


def is_posix_shell(shell: Sequence[str]) -> bool:
    """False for a SHELL whose program is pwsh, powershell or cmd."""
    if not shell:
        return True
    prog = shell[0].lower().replace("\\", "/").rsplit("/", 1)[-1]
    return prog not in NON_POSIX_SHELLS


def shell_c_script_index(values: Sequence[str]) -> int | None:
    """Index of the script in ``sh -c 'script'`` / ``bash -ec "..."`` / ``su -c '...' user``.

    ``values`` start at the program. None when it is not a shell given ``-c``.
    """
    if not values:
        return None
    prog = basename(values[0])
    if prog == "su":
        for i in range(1, len(values)):
            v = values[i]
            if v in ("-c", "--command") and i + 1 < len(values):
                return i + 1
            if v.startswith("--command="):
                return None  # the script is glued to the option: not a word of its own
        return None
    if prog not in POSIX_SHELLS:
        return None
    start = 1
    if prog == "busybox":
        if len(values) < 2 or basename(values[1]) not in POSIX_SHELLS:
            return None
        start = 2
    has_c = False
    i = start
    while i < len(values):
        v = values[i]
        if v == "--":
            i += 1
            break
        if len(v) > 1 and v[0] in "-+" and not v.startswith("--"):
            letters = v[1:]
            if "c" in letters:
                has_c = True
            if "o" in letters or "O" in letters:
                i += 1  # ``-o pipefail``
            i += 1
            continue
        if v.startswith("--"):
            i += 1
            continue
        break
    if has_c and i < len(values):
        return i
    return None


def heredoc_runs_as_shell(line_values: Sequence[str]) -> bool:
    """Whether a heredoc on stdin of the line's command is run as a shell script.

    ``RUN <<EOF`` (no command) and ``RUN bash -e <<EOF`` do; ``RUN python3 <<EOF`` and
    ``RUN sh -c 'x' <<EOF`` do not.
    """
    if not line_values:
        return True
    prog = basename(line_values[0])
    if prog not in POSIX_SHELLS or shell_c_script_index(line_values) is not None:
        return False
    return all(v.startswith("-") or v.startswith("+") for v in line_values[1:])


def _shebang_is_shell(body: str) -> bool:
    """True unless the body starts with a ``#!`` line naming a program that is not a shell."""
    if not body.startswith("#!"):
        return True
    words = body[2:].split("\n", 1)[0].split()
    if not words:
        return True
    prog = basename(words[0])
    if prog == "env":
        rest = [w for w in words[1:] if not w.startswith("-")]
        prog = basename(rest[0]) if rest else ""
    return prog in POSIX_SHELLS


class _Walker:
    """Walks one tree and appends a ShellCommand per simple command, in source order."""

    def __init__(
        self,
        src: ScriptSource,
        instruction: Instruction,
        heredoc: int | None,
        via_shell_c: bool,
        depth: int,
        out: list[ShellCommand],
    ) -> None:
        self.src = src
        self.instruction = instruction
        self.heredoc = heredoc
        self.via_shell_c = via_shell_c
        self.depth = depth
        self.out = out
        self.pending: str | None = None
        self.extra_args: dict[tuple[int, int], list[Node]] = {}

    # -- statements ---------------------------------------------------------------------

    def sequence(self, node: Node, sub: bool, cond: bool) -> None:
        """Children of a statement list: named ones visited, operators remembered."""
        for child in node.children:
            if child.is_named:
                self.visit(child, sub, cond)
            elif child.type in _OPERATORS:
                self.pending = child.type
            else:
                self.pending = None

    def visit(self, node: Node, sub: bool, cond: bool, pipe: _Pipe | None = None) -> None:
        t = node.type
        if t == "command":
            self.command(node, sub, cond, pipe)
        elif t == "pipeline":
            self.pipeline(node, sub, cond)
        elif t == "redirected_statement":
            self.redirected(node, sub, cond, pipe)
        elif t in ("test_command", "declaration_command", "unset_command"):
            self.keyword_command(node, sub, cond, pipe)
        elif t == "negated_command":
            for child in node.children:
                if child.is_named:
                    self.visit(child, sub, cond, pipe)
        elif t in ("subshell", "command_substitution", "process_substitution"):
            self.pending = None
            self.sequence(node, True, cond)
        elif t == "function_definition":
            self.pending = None
            for child in node.children:
                if child.type in ("compound_statement", "subshell", "if_statement", "test_command"):
                    self.visit(child, True, False)
        elif t in ("if_statement", "elif_clause", "while_statement"):
            self.conditional(node, sub, cond)
        elif t == "comment":
            return
        elif t in (
            "program",
            "list",
            "compound_statement",
            "do_group",
            "else_clause",
            "case_item",
            "ERROR",
            "for_statement",
            "c_style_for_statement",
            "case_statement",
        ):
            self.sequence(node, sub, cond)
        else:
            self.nested(node, sub, cond)

    def conditional(self, node: Node, sub: bool, cond: bool) -> None:
        """if/elif/while/until: the statements before ``then``/``do`` are the condition."""
        in_cond = False
        for child in node.children:
            t = child.type
            if not child.is_named:
                if t in ("if", "elif", "while", "until"):
                    in_cond = True
                    self.pending = None
                elif t == "then":
                    in_cond = False
                    self.pending = None
                elif t in _OPERATORS:
                    self.pending = t
                else:
                    self.pending = None
            elif t == "do_group":
                in_cond = False
                self.pending = None
                self.visit(child, sub, cond)
            else:
                self.visit(child, sub, cond or in_cond)

    def pipeline(self, node: Node, sub: bool, cond: bool, before: int = 0) -> None:
        """The elements of a pipeline, after ``before`` elements standing in front of the node
        (``_joining_operators``)."""
        operators = _joining_operators(node, before)
        last = len(operators) - 1
        position = before
        for child in node.children:
            if child.is_named:
                if child.type == "comment":
                    continue
                self.visit(child, sub, cond, (position, last, operators[position]))
                position += 1
            elif child.type in _OPERATORS:
                self.pending = child.type
            else:
                self.pending = None

    def redirected(self, node: Node, sub: bool, cond: bool, pipe: _Pipe | None) -> None:
        """A statement with redirections; words tree-sitter puts after a redirect's target
        (``cmd > out arg``) are arguments of the statement's last simple command."""
        body = node.child_by_field_name("body")
        redirects = [c for c in node.named_children if body is None or c != body]
        extra: list[Node] = []
        for r in redirects:
            if r.type == "file_redirect":
                extra.extend(_redirect_extra_words(r))
        target = _last_simple_command(body) if body is not None else None
        if target is not None and extra:
            self.extra_args[(target.start_byte, target.end_byte)] = extra
        heredoc_pipe = None
        for r in redirects:
            if r.type == "heredoc_redirect":
                for c in r.named_children:
                    if c.type == "pipeline":
                        heredoc_pipe = c
        before = len(self.out)
        if body is not None:
            if heredoc_pipe is not None and pipe is None:
                operators = _joining_operators(heredoc_pipe, before=1)
                self.visit(body, sub, cond, (0, len(operators) - 1, operators[0]))
            else:
                self.visit(body, sub, cond, pipe)
        for r in redirects:
            if r.type == "heredoc_redirect" and heredoc_pipe is not None and before < len(self.out):
                self.heredoc_redirect(r, sub, cond, heredoc_pipe)
            else:
                self.nested(r, sub, cond)

    def heredoc_redirect(self, node: Node, sub: bool, cond: bool, pipe_node: Node | None) -> None:
        """``cat <<EOF | sh``: the pipeline tree-sitter nests in the redirect continues the
        statement's pipeline."""
        for child in node.named_children:
            if child == pipe_node:
                self.pipeline(child, sub, cond, before=1)
            else:
                self.nested(child, sub, cond)

    def nested(self, node: Node, sub: bool, cond: bool) -> None:
        """Any other node: look inside for statements and substitutions."""
        for child in node.named_children:
            t = child.type
            if t in ("command_substitution", "process_substitution"):
                saved = self.pending
                self.visit(child, True, cond)
                self.pending = saved
            elif t in (
                "command",
                "pipeline",
                "list",
                "redirected_statement",
                "subshell",
                "compound_statement",
                "if_statement",
                "while_statement",
                "for_statement",
                "case_statement",
                "test_command",
                "declaration_command",
                "unset_command",
                "negated_command",
                "function_definition",
                "ERROR",
            ):
                self.visit(child, sub, cond)
            elif child.child_count:
                self.nested(child, sub, cond)

    # -- commands -----------------------------------------------------------------------

    def command(self, node: Node, sub: bool, cond: bool, pipe: _Pipe | None) -> None:
        src = self.src
        words: list[Word] = []
        word_nodes: list[Node] = []
        assignments: list[Word] = []
        inner: list[Node] = []  # nodes that may hold nested commands
        for child in node.children:
            t = child.type
            if t == "variable_assignment" and not words:
                assignments.append(_assignment_word(child, src))
                inner.append(child)
            elif t == "command_name":
                target = child.named_children[0] if child.named_child_count else child
                words.append(word_of(target, src))
                word_nodes.append(target)
                inner.append(target)
            elif t.endswith("_redirect"):
                if t == "file_redirect":
                    for extra in _redirect_extra_words(child):
                        words.append(word_of(extra, src))
                        word_nodes.append(extra)
                inner.append(child)
            elif t == "comment":
                continue
            else:
                words.append(word_of(child, src))
                word_nodes.append(child)
                inner.append(child)
        for extra in self.extra_args.pop((node.start_byte, node.end_byte), ()):
            words.append(word_of(extra, src))
            word_nodes.append(extra)
        if not words:
            for child in inner:
                self.nested_words(child, sub, cond)
            return
        cmd = self.emit(node, words, assignments, sub, cond, pipe)
        for child in inner:
            self.nested_words(child, sub, cond)
        self.shell_c(cmd, word_nodes)

    def keyword_command(self, node: Node, sub: bool, cond: bool, pipe: _Pipe | None) -> None:
        """``[ ... ]``, ``[[ ... ]]``, ``export A=1``, ``unset X``: words are the leaves."""
        words: list[Word] = []
        stack = list(reversed(node.children))
        while stack:
            child = stack.pop()
            t = child.type
            if t in (
                "unary_expression",
                "binary_expression",
                "parenthesized_expression",
                "ternary_expression",
                "postfix_expression",
            ):
                stack.extend(reversed(child.children))
            elif t == "comment" or t.endswith("_redirect"):
                continue
            else:
                words.append(word_of(child, self.src))
        if not words:
            return
        is_test = node.type == "test_command"
        cmd = self.emit(node, words, [], sub, cond or is_test, pipe)
        if is_test:
            cmd.in_condition = True
        self.nested_words(node, sub, cond)

    def nested_words(self, node: Node, sub: bool, cond: bool) -> None:
        """Commands inside a word: ``$( )``, backticks, ``<( )``."""
        if node.type in ("command_substitution", "process_substitution"):
            saved = self.pending
            self.pending = None
            self.sequence(node, True, cond)
            self.pending = saved
            return
        if node.child_count and (node.type in EXPANSIONS or node.type not in ("word", "raw_string")):
            for child in node.named_children:
                self.nested_words(child, sub, cond)

    def emit(
        self,
        node: Node,
        words: list[Word],
        assignments: list[Word],
        sub: bool,
        cond: bool,
        pipe: _Pipe | None,
    ) -> ShellCommand:
        index = effective_index([w.value for w in words])
        name = basename(words[index].value)
        cmd = ShellCommand(
            words=words,
            span=self.src.node_span(node),
            instruction=self.instruction,
            name=name,
            index=index,
            assignments=assignments,
            connector=self.pending,
            in_subshell=sub,
            in_condition=cond or name in _TESTS,
            via_shell_c=self.via_shell_c,
            heredoc=self.heredoc,
        )
        if pipe is not None:
            position, last, operator = pipe
            cmd.pipeline_position = position
            cmd.pipe_prev = position > 0
            cmd.pipe_next = position < last
            cmd.pipe_operator = self.src.node_span(operator) if operator is not None else None
        self.pending = None
        self.out.append(cmd)
        return cmd

    def shell_c(self, cmd: ShellCommand, word_nodes: list[Node]) -> None:
        """Parse the script of ``sh -c '...'`` (after wrappers) as commands of its own."""
        if self.depth >= _MAX_DEPTH:
            return
        values = [w.value for w in cmd.words[cmd.index :]]
        at = shell_c_script_index(values)
        if at is None:
            return
        node = word_nodes[cmd.index + at]
        script, fallback = inner_script(node, self.src)
        saved = self.pending
        _parse_into(script, self.instruction, self.heredoc, True, self.depth + 1, self.out, fallback)
        self.pending = saved


def _assignment_word(node: Node, src: ScriptSource) -> Word:
    value_node = node.child_by_field_name("value")
    name_node = node.child_by_field_name("name")
    name = src.node_text(name_node) if name_node is not None else ""
    text = src.node_text(node)
    if value_node is None:
        return Word(value=text, raw=text, span=src.node_span(node))
    value = word_of(value_node, src)
    op = text[len(name) : src.char(value_node.start_byte) - src.char(node.start_byte)]
    return Word(
        value=name + op + value.value, raw=text, span=src.node_span(node), quoted=value.quoted, literal=value.literal
    )


def _redirect_extra_words(node: Node) -> list[Node]:
    """Named children of a file redirect after its target: bash treats them as arguments."""
    seen_target = False
    extra: list[Node] = []
    for child in node.children:
        if not child.is_named or child.type == "file_descriptor":
            continue
        if not seen_target:
            seen_target = True
            continue
        if child.type != "comment":
            extra.append(child)
    return extra


def _joining_operators(pipeline: Node, before: int = 0) -> list[Node | None]:
    """The ``|`` or ``|&`` joining each element of ``pipeline`` (its named children but comments)
    to the pipeline, after ``before`` elements standing in front of the node (``cat`` in
    ``cat <<EOF | sh``, whose pipeline tree-sitter nests in the heredoc): the first one after the
    element, for the last element the last one before it; None when there is none."""
    joins: list[Node | None] = [None] * before
    unjoined = 0  # the first element with no operator after it yet
    operator = None
    for child in pipeline.children:
        if child.is_named:
            if child.type != "comment":
                joins.append(None)
        elif child.type in _PIPES and not child.is_missing:
            operator = child
            joins[unjoined:] = [child] * (len(joins) - unjoined)
            unjoined = len(joins)
    joins[unjoined:] = [operator] * (len(joins) - unjoined)
    return joins


def _last_simple_command(node: Node | None) -> Node | None:
    """The rightmost simple command of a statement, if it ends with one."""
    while node is not None:
        t = node.type
        if t == "command":
            return node
        if t in ("list", "pipeline", "negated_command", "redirected_statement"):
            named = [c for c in node.named_children if c.type != "comment"]
            if not named:
                return None
            node = named[-1] if t != "redirected_statement" else node.child_by_field_name("body")
            continue
        return None
    return None


def _parse_into(
    script: MappedText,
    instruction: Instruction,
    heredoc: int | None,
    via_shell_c: bool,
    depth: int,
    out: list[ShellCommand],
    fallback: Span | None = None,
) -> None:
    src = ScriptSource(script, fallback)
    if not src.text.strip():
        return
    tree = _get_parser().parse(src.data)
    first = len(out)
    _Walker(src, instruction, heredoc, via_shell_c, depth, out).sequence(tree.root_node, False, False)
    if depth == 0 and tree.root_node.has_error:
        broken_end = _broken_end(src.data, tree.root_node)
        if broken_end is not None:
            _mark_open_after(out[first:], src.span(broken_end, broken_end).end)


#: how many misread words a script's end is looked past (``_broken_end``)
_MAX_MISREAD_WORDS = 4


def _broken_end(data: bytes, root: Node) -> int | None:
    """The byte offset where a script's parse stops being complete (``_last_broken_node``), or
    None when the shell finds the script whole. Where tree-sitter-bash errs only on a word the
    shell reads as a plain word (``_misread_word``), the script is parsed again with that word
    spelled ``x``, and its end judged from that parse."""
    last = None
    for _ in range(_MAX_MISREAD_WORDS):
        last = _last_broken_node(root, len(data))
        if last is None:
            return None
        word = _misread_word(last)
        if word is None:
            break
        data = data[: word.start_byte] + b"x" + data[word.end_byte :]
        root = _get_parser().parse(data).root_node
    return None if last is None else _broken_until(last, len(data))


def _broken_until(node: Node, script_end: int) -> int:
    """Where an error or missing node leaves a script broken until: an error, to its end; a
    missing node, to the script's end (the shell reads what it would have closed to the end of
    the script, wherever tree-sitter-bash put it back: ``${x//.`` then more words)."""
    return script_end if node.is_missing else int(node.end_byte)


def _last_broken_node(root: Node, script_end: int) -> Node | None:
    """The error or missing node of a tree that leaves the script broken the furthest
    (``_broken_until``), None when there is none. Only the branches holding an error are walked."""
    last, until = None, -1
    stack = [root] if root.has_error else []
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            node_until = _broken_until(node, script_end)
            if node_until > until:
                last, until = node, node_until
        stack.extend(c for c in node.children if c.has_error or c.type == "ERROR")
    return last


def _misread_word(broken: Node) -> Node | None:
    """The token a broken node stands for when tree-sitter-bash errs on what the shell reads as
    a plain word: a ``[`` with no ``]`` (``[`` is a command to the shell, ``]`` only its last
    word: a missing ``]``, or an error holding a ``[`` no ``]`` follows), or a ``$`` ending an
    error or missing its name (a ``$`` that starts no expansion is a literal)."""
    if broken.is_missing:
        parent = broken.parent
        misread = broken.type == "]" or (parent is not None and parent.type == "simple_expansion")
        return parent.children[0] if misread and parent is not None else None
    children = broken.children
    if children and children[-1].type == "$":
        return children[-1]
    opener = None
    for child in children:
        if child.type == "[":
            opener = child
        elif child.type == "]":
            opener = None
    return opener


def _mark_open_after(commands: list[ShellCommand], broken_end: int) -> None:
    """Set ``open_after`` on the commands of one script that end at or before ``broken_end``
    (the document offset where its last error or missing node ends)."""
    for cmd in commands:
        if cmd.span.end <= broken_end:
            cmd.open_after = True


def parse_script(script: MappedText, instruction: Instruction, heredoc: int | None = None) -> list[ShellCommand]:
    """Simple commands of a POSIX shell script, spans mapped through ``script``. Never raises."""
    out: list[ShellCommand] = []
    try:
        _parse_into(script, instruction, heredoc, False, 0, out)
    except RecursionError:  # absurdly deep input: keep what was found
        pass
    return out


def _blank_markers(rest: MappedText, instruction: Instruction) -> MappedText:
    """The RUN line with its heredoc markers (``<<EOF``) replaced by spaces."""
    spans = [h.marker_span for h in instruction.heredocs]
    chars = list(rest.text)
    for i in range(len(chars)):
        at = rest.offsets[i]
        for s in spans:
            if s.start <= at < s.end:
                chars[i] = " "
                break
    return MappedText("".join(chars), rest.offsets)


def _shell_heredoc(instruction: Instruction, line_commands: list[ShellCommand]) -> int | None:
    """Index of the heredoc whose body runs as a shell script, following BuildKit.

    A RUN line that is only one heredoc marker runs the body with the shell, unless the body
    starts with a ``#!`` naming another program. Otherwise the shell runs the line with the
    heredocs attached: a shell reading stdin (``bash -e <<EOF``) runs the last stdin heredoc.
    """
    heredocs = instruction.heredocs
    if not line_commands:
        if len(heredocs) == 1 and heredocs[0].file_descriptor == 0 and _shebang_is_shell(heredocs[0].body.text):
            return 0
        return None
    if len(line_commands) != 1 or not heredoc_runs_as_shell(line_commands[0].argv):
        return None
    stdin = [i for i, h in enumerate(heredocs) if h.file_descriptor == 0]
    return stdin[-1] if stdin else None


def _exec_form(instruction: Instruction) -> list[ShellCommand]:
    tokens = instruction.args
    if not tokens:
        return []
    values = [t.value for t in tokens]
    at = shell_c_script_index(values)
    if at is not None and basename(values[0]) != "su":
        token = tokens[at]
        plain = token.span.length == len(token.value) + 2 and '"' not in token.value and "\\" not in token.value
        if plain:
            return parse_script(MappedText.contiguous(token.value, token.span.start + 1), instruction)
        out: list[ShellCommand] = []
        try:
            _parse_into(
                MappedText(token.value, [0] * (len(token.value) + 1)), instruction, None, False, 0, out, token.span
            )
        except RecursionError:
            pass
        return out
    import json

    words = [
        Word(value=t.value, raw=json.dumps(t.value, ensure_ascii=False), span=t.span, quoted=True, literal=True)
        for t in tokens
    ]
    index = effective_index(values)
    return [
        ShellCommand(
            words=words,
            span=Span(tokens[0].span.start, tokens[-1].span.end),
            instruction=instruction,
            name=basename(values[index]),
            index=index,
        )
    ]


def commands_of(instruction: Instruction, shell: list[str], escape: str = "\\") -> list[ShellCommand]:
    """Simple commands of a RUN (shell form, heredoc bodies run by a shell, exec form).

    ``shell`` is the SHELL in effect; ``escape`` is accepted for the caller's convenience (the
    parser has already joined continuations).
    """
    try:
        if instruction.is_json:
            return _exec_form(instruction)
        if not is_posix_shell(shell):
            return []
        if not instruction.heredocs:
            return parse_script(instruction.rest, instruction)
        line = _blank_markers(instruction.rest, instruction)
        out = parse_script(line, instruction)
        body = _shell_heredoc(instruction, [c for c in out if not c.via_shell_c and not c.in_subshell])
        if body is not None:
            out.extend(parse_script(instruction.heredocs[body].body, instruction, heredoc=body))
        return out
    except RecursionError:  # absurdly deep input: no commands rather than a crash
        return []


#: Commands of recently seen RUNs, by (instruction text, keyword, shell, escape): an edit
#: re-parses only the RUNs it touched. Entries hold the commands with the spans they had
#: (with the offset the instruction started at). Bounded by entries and by the characters of
#: their texts (the commands take memory in proportion to their text: below an unterminated
#: heredoc each keystroke makes a new RUN as long as the rest of the file).
_MEMO: WeightedLRU[tuple[str, str, tuple[str, ...], str], tuple[int, list[ShellCommand]]] = WeightedLRU(
    max_weight=256_000, weigh=lambda key, entry: len(key[0]), max_entries=2048
)


def cached_commands_of(instruction: Instruction, shell: list[str], escape: str, source: str) -> list[ShellCommand]:
    """``commands_of`` remembered by the instruction's source text (``source``: the document
    text of ``instruction.span``, heredoc bodies included). The memo keeps the commands it hands
    out (no one changes a command once made); on a hit they are copied with their spans moved
    to where the instruction now starts."""
    key = (source, instruction.keyword, tuple(shell), escape)
    hit = _MEMO.get(key)
    if hit is not None:
        base, commands = hit
        return [_moved(c, instruction, instruction.span.start - base) for c in commands]
    commands = commands_of(instruction, shell, escape)
    if commands_within(commands, instruction.span):
        _MEMO.put(key, (instruction.span.start, list(commands)))
    return commands


def commands_within(commands: list[ShellCommand], span: Span) -> bool:
    """Whether every command, word and assignment lies inside ``span`` (its instruction's): what
    decides them is then the instruction's text alone, so they may be remembered by it."""
    lo, hi = span.start, span.end
    for c in commands:
        if not (lo <= c.span.start and c.span.end <= hi):
            return False
        for w in c.words + c.assignments:
            if not (lo <= w.span.start and w.span.end <= hi):
                return False
    return True


def _moved(command: ShellCommand, instruction: Instruction, delta: int) -> ShellCommand:
    """A copy of ``command`` for ``instruction``, every span shifted by ``delta``: its words
    are moved when first read (``MovedCommand``), and shared when nothing moved (no one changes
    a word once made)."""
    fields = command.__dict__.copy()
    fields["instruction"] = instruction
    fields["_classified"] = None  # answers about the original's words, not this copy's
    if delta:
        new: ShellCommand = object.__new__(MovedCommand)
        fields["span"] = command.span.moved(delta)
        if command.pipe_operator is not None:
            fields["pipe_operator"] = command.pipe_operator.moved(delta)
        del fields["words"], fields["assignments"]
        fields["_origin"], fields["_delta"] = command, delta
    else:
        new = object.__new__(ShellCommand)
        fields["words"] = list(command.words)
        fields["assignments"] = list(command.assignments)
    new.__dict__ = fields
    return new


def _moved_words(words: list[Word], delta: int) -> list[Word]:
    return [_moved_word(w, delta) for w in words]


class MovedCommand(LazilyMoved, ShellCommand):
    """A remembered command where its instruction now stands. Its words and assignments are
    moved there when first read (``LazilyMoved``): most rules read only a command's name.
    Equal to a ``ShellCommand`` with the same fields."""

    MOVERS = {"words": _moved_words, "assignments": _moved_words}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ShellCommand):
            return NotImplemented
        fields = dataclasses.fields(ShellCommand)
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields if f.compare)

    __hash__ = None  # type: ignore[assignment]  # as the dataclass: equal by value, so unhashable


def _moved_word(word: Word, delta: int) -> Word:
    new = object.__new__(Word)
    fields = word.__dict__.copy()
    fields["span"] = word.span.moved(delta)
    new.__dict__ = fields
    return new


def shell_scripts(instruction: Instruction) -> list[tuple[MappedText, int | None]]:
    """The shell scripts of a shell-form RUN, each with its heredoc index (None for the line).

    The line (heredoc markers blanked) is one script; the heredoc body a shell runs is another.
    Used to hand scripts to ShellCheck; exec form has none.
    """
    if instruction.is_json:
        return []
    if not instruction.heredocs:
        return [(instruction.rest, None)]
    line = _blank_markers(instruction.rest, instruction)
    try:
        commands = parse_script(line, instruction)
    except RecursionError:
        return [(line, None)]
    scripts: list[tuple[MappedText, int | None]] = [(line, None)]
    body = _shell_heredoc(instruction, [c for c in commands if not c.via_shell_c and not c.in_subshell])
    if body is not None:
        scripts.append((instruction.heredocs[body].body, body))
    return scripts
