"""Shell words from tree-sitter-bash nodes: unquoted values, raw text and document spans.

tree-sitter reports UTF-8 byte offsets; ``ScriptSource`` turns them into indices of the
script's ``str`` and then, through the script's ``MappedText``, into document offsets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, cast

from stanzalint.analysis.shell_command import Word
from stanzalint.syntax.mapping import PieceOffsets
from stanzalint.syntax.model import MappedText, Span

if TYPE_CHECKING:
    from tree_sitter import Node

#: Node types whose text the shell replaces when it runs: never literal.
EXPANSIONS = frozenset(
    {
        "simple_expansion",
        "expansion",
        "command_substitution",
        "process_substitution",
        "arithmetic_expansion",
        "brace_expression",
    }
)
_QUOTED = frozenset({"string", "raw_string", "ansi_c_string", "translated_string"})
_GLOB = frozenset("*?[")
_DQ_ESCAPABLE = frozenset('$`"\\\n')
_ANSI_C = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}


def _utf8_len(ch: str) -> int:
    o = ord(ch)
    return 1 if o < 0x80 else 2 if o < 0x800 else 3 if o < 0x10000 else 4


class ScriptSource:
    """A script as tree-sitter sees it (``data``) and as the document holds it (mapped text).

    ``fallback``: when the script's characters cannot be mapped one by one (an exec-form JSON
    string with escapes), every span is this span.
    """

    __slots__ = ("script", "text", "data", "char", "fallback", "_doc")

    def __init__(self, script: MappedText, fallback: Span | None = None) -> None:
        self.script = script
        self.text = script.text
        self.fallback = fallback
        offsets = script.offsets
        # the document offset of a character of ``text`` (a range or a list index directly)
        self._doc: Callable[[int], int] = offsets._at if isinstance(offsets, PieceOffsets) else offsets.__getitem__
        if self.text.isascii():
            self.data = self.text.encode("ascii")
            self.char: Callable[[int], int] = _same  # byte offsets are character indices
        else:
            # tree-sitter-bash's scanner crashes on some code points (it hands them to C ctype
            # functions), so it gets an ASCII copy: each other character becomes as many ``x``
            # as its UTF-8 length. Byte offsets stay those of the UTF-8 text, and bash treats
            # such characters as word characters, as it does ``x``.
            b2c: list[int] = []
            safe: list[str] = []
            for i, ch in enumerate(self.text):
                n = _utf8_len(ch)
                if n == 1:
                    b2c.append(i)
                    safe.append(ch)
                else:
                    b2c.extend([i] * n)
                    safe.append("x" * n)
            b2c.append(len(self.text))
            self.data = "".join(safe).encode("ascii")
            self.char = cast(Callable[[int], int], b2c.__getitem__)  # index into ``text`` of a byte offset

    def node_text(self, node: Node) -> str:
        char = self.char
        if char is _same:
            return self.text[node.start_byte : node.end_byte]
        return self.text[char(node.start_byte) : char(node.end_byte)]

    def chars_span(self, start: int, end: int) -> Span:
        """Document span of ``text[start:end]``."""
        if self.fallback is not None:
            return self.fallback
        doc = self._doc
        if end > start:
            return Span(doc(start), doc(end - 1) + 1)
        at = doc(start)
        return Span(at, at)

    def span(self, start_byte: int, end_byte: int) -> Span:
        return self.chars_span(self.char(start_byte), self.char(end_byte))

    def node_span(self, node: Node) -> Span:
        return self.span(node.start_byte, node.end_byte)


def _same(offset: int) -> int:
    return offset


def _unquoted_word(text: str) -> tuple[str, bool]:
    """Value of an unquoted word (backslash escapes resolved) and whether it is literal."""
    literal = not text.startswith("~")
    if "\\" not in text:
        if literal and ("*" in text or "?" in text or "[" in text):
            literal = False
        return text, literal
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n:
            if text[i + 1] != "\n":
                out.append(text[i + 1])
            i += 2
            continue
        if c in _GLOB:
            literal = False
        out.append(c)
        i += 1
    return "".join(out), literal


def _unescape_double_quoted(text: str) -> str:
    if "\\" not in text:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in _DQ_ESCAPABLE:
            if text[i + 1] != "\n":
                out.append(text[i + 1])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _ansi_c(text: str) -> str:
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in _ANSI_C:
            out.append(_ANSI_C[text[i + 1]])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _string_inner_range(node: Node, src: ScriptSource) -> tuple[int, int]:
    """Character range between a double-quoted string's quotes."""
    start = src.char(node.start_byte)
    end = src.char(node.end_byte)
    text = src.text
    if start < end and text[start] in '$"':
        start += 2 if text[start] == "$" else 1
    if end > start and text[end - 1] == '"':
        end -= 1
    return start, end


def value_of(node: Node, src: ScriptSource, text: str | None = None) -> tuple[str, bool, bool]:
    """(unquoted value, quoted, literal) of a word-like node; expansions kept as written.

    ``text``: the node's text when the caller has it already.
    """
    t = node.type
    if t == "word" or t == "number":
        if text is None:
            text = src.node_text(node)
        value, literal = _unquoted_word(text)
        return value, "\\" in text, literal
    if t == "raw_string":
        text = src.node_text(node)
        return (text[1:-1] if len(text) >= 2 and text.endswith("'") else text[1:]), True, True
    if t == "ansi_c_string":
        text = src.node_text(node)
        inner = text[2:-1] if len(text) >= 3 and text.endswith("'") else text[2:]
        return _ansi_c(inner), True, True
    if t == "string" or t == "translated_string":
        start, end = _string_inner_range(node, src)
        parts: list[str] = []
        literal = True
        pos = start
        for child in node.named_children:
            if child.type == "string_content":
                continue
            cs, ce = src.char(child.start_byte), src.char(child.end_byte)
            if cs < pos:
                continue
            parts.append(_unescape_double_quoted(src.text[pos:cs]))
            parts.append(src.text[cs:ce])
            literal = False
            pos = ce
        if pos < end:
            parts.append(_unescape_double_quoted(src.text[pos:end]))
        return "".join(parts), True, literal
    if t == "concatenation":
        values: list[str] = []
        quoted = False
        literal = True
        for child in node.children:
            v, q, lit = value_of(child, src)
            values.append(v)
            quoted = quoted or q
            literal = literal and lit
        return "".join(values), quoted, literal
    if t in EXPANSIONS:
        return src.node_text(node), False, False
    return src.node_text(node), False, True


def word_of(node: Node, src: ScriptSource) -> Word:
    char = src.char
    if char is _same:
        start, end = node.start_byte, node.end_byte
    else:
        start, end = char(node.start_byte), char(node.end_byte)
    raw = src.text[start:end]
    value, quoted, literal = value_of(node, src, raw)
    return Word(value, raw, src.chars_span(start, end), quoted, literal)


def _has_command_substitution(node: Node) -> bool:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type in ("command_substitution", "process_substitution"):
            return True
        stack.extend(n.named_children)
    return False


def inner_script(node: Node, src: ScriptSource) -> tuple[MappedText, Span | None]:
    """The script an ``sh -c`` argument holds, mapped into the document where possible.

    Single-quoted and plain words map character by character, double-quoted strings too
    (backslash escapes resolved, an escaped character mapping to itself rather than to its
    backslash; ``$VAR`` kept as written). Anything else (concatenations,
    ``$'...'``, strings holding command substitutions) yields the word's value with every span
    falling back to the word's span.
    """
    t = node.type
    start, end = src.char(node.start_byte), src.char(node.end_byte)
    if src.fallback is None:
        if t == "raw_string" and end - start >= 2 and src.text[end - 1] == "'":
            return src.script.slice(start + 1, end - 1), None
        if t == "word" and "\\" not in src.text[start:end]:
            return src.script.slice(start, end), None
        if t == "string" and not _has_command_substitution(node):
            inner_start, inner_end = _string_inner_range(node, src)
            return _double_quoted_mapped(src, inner_start, inner_end), None
    value = value_of(node, src)[0]
    fallback = src.fallback if src.fallback is not None else src.node_span(node)
    return MappedText(value, [0] * (len(value) + 1)), fallback


def _double_quoted_mapped(src: ScriptSource, start: int, end: int) -> MappedText:
    text = src.text
    offsets = src.script.offsets
    chars: list[str] = []
    doc: list[int] = []
    i = start
    while i < end:
        c = text[i]
        if c == "\\" and i + 1 < end and text[i + 1] in _DQ_ESCAPABLE:
            if text[i + 1] != "\n":
                chars.append(text[i + 1])
                doc.append(offsets[i + 1])
            i += 2
            continue
        chars.append(c)
        doc.append(offsets[i])
        i += 1
    doc.append(offsets[end - 1] + 1 if end > start else offsets[start])
    return MappedText("".join(chars), doc)
