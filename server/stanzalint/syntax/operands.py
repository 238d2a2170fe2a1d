"""What an instruction's words say it reads: the operands of a COPY or ADD (heredoc sources told
apart from files) and the other stages or images an instruction reads (``--from``, RUN
``--mount from=``)."""

from __future__ import annotations

from stanzalint.syntax.model import Instruction, Token


def is_heredoc_word(value: str) -> bool:
    """A ``<<NAME`` operand: the source is the heredoc's body, not a file."""
    return value.startswith("<<")


def copy_operands(ins: Instruction) -> tuple[list[Token], Token | None]:
    """(sources, destination) of a COPY or ADD as written, heredoc operands included; with a
    single word, that word is the sources and the destination is None."""
    args = list(ins.args)
    if len(args) < 2:
        return args, None
    return args[:-1], args[-1]


def copied_files(ins: Instruction) -> tuple[list[Token], Token | None]:
    """(sources, destination) of a COPY/ADD without its heredoc sources; ``([], None)`` for
    any other instruction or a COPY/ADD without a destination."""
    if ins.keyword not in ("COPY", "ADD") or len(ins.args) < 2:
        return [], None
    sources, destination = copy_operands(ins)
    return [t for t in sources if not is_heredoc_word(t.value)], destination


def from_values(ins: Instruction) -> list[str]:
    """What an instruction reads from another stage or image: the values of COPY/ADD ``--from``
    and of ``from=`` in RUN ``--mount`` flags (``mount_fields``; a mount's value without its
    quotes)."""
    out: list[str] = []
    if ins.keyword in ("COPY", "ADD"):
        out.extend(f.value for f in ins.flags_named("from") if f.value)
    elif ins.keyword == "RUN":
        for f in ins.flags_named("mount"):
            value = mount_fields(f.value or "").get("from")
            if value:
                out.append(value.strip().strip("\"'"))
    return out


#: the names BuildKit takes for the same ``--mount`` key
_MOUNT_KEY_ALIASES = {"src": "source", "dst": "target", "destination": "target"}


def mount_fields(spec: str) -> dict[str, str]:
    """A ``--mount`` value's fields as BuildKit's ``parseMount`` reads them: keys in lower case,
    each alias under its key's name (``src`` as ``source``, ``dst`` and ``destination`` as
    ``target``), and of a key given more than once, its last value (an empty ``from=`` is the
    build context). Values keep their case; a key without ``=`` (``ro``) has an empty value."""
    fields = {}
    for part in spec.split(","):
        key, _, value = part.partition("=")
        key = key.lower()
        fields[_MOUNT_KEY_ALIASES.get(key, key)] = value
    return fields
