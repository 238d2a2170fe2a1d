"""Declarations and references of ARG/ENV variables, stage by stage, as BuildKit scopes them.

``collect_variables`` walks the global ARGs and then each stage in order, keeping the scope
(see ``scope.py``) each instruction sees, recording every declaration (``VarDecl``) and every
reference (``VarRef``) with its document span, the declarations reaching it and its value when
that is knowable. ONBUILD instructions are skipped: they run in a later build, in its scope.
"""

from __future__ import annotations

import bisect
import re

from stanzalint.analysis.expand import expand
from stanzalint.analysis.model import Analysis, Stage, VarDecl, VarRef
from stanzalint.analysis.scope import PLATFORM_DECLS, PROXY_DECLS, History, Scope, TableView
from stanzalint.analysis.varscan import (
    RawRef,
    scan_build,
    scan_heredoc,
    scan_shell,
    scan_windows_shell,
    shell_assigned_names,
)
from stanzalint.syntax.model import Heredoc, Instruction, MappedText, Span, Token

Table = dict[str, list[VarDecl]]

# Instructions whose arguments BuildKit expands itself (flags handled separately).
_EXPANDED = frozenset({"ADD", "COPY", "ENV", "EXPOSE", "LABEL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"})
# Flags whose values BuildKit expands, per instruction.
_EXPANDED_FLAGS = {
    "ADD": ("chown", "chmod", "checksum"),
    "COPY": ("from", "chown", "chmod"),
    "RUN": ("mount",),
}
_RUNTIME_SHELL = frozenset({"CMD", "ENTRYPOINT", "HEALTHCHECK"})
_EXEC_HEALTHCHECK = re.compile(r"\s*CMD\s*\[", re.I)
_POSIX_SHEBANG = re.compile(r"#!\s*(?:/usr)?/bin/(?:env\s+)?(?:sh|bash|dash|ash|zsh|ksh|busybox\s+sh)\b")


def slice_for_span(mt: MappedText, span: Span) -> MappedText | None:
    """The part of ``mt`` whose characters stand inside ``span`` in the document."""
    offsets = mt.offsets
    n = len(mt.text)
    i = bisect.bisect_left(offsets, span.start, 0, n)
    j = bisect.bisect_left(offsets, span.end, i, n)
    if i >= j:
        return None
    return mt.slice(i, j)


def _contiguous(value: str, span: Span, text: str) -> MappedText | None:
    """``value`` mapped at ``span`` when it stands there verbatim in the document."""
    if text[span.start : span.end] == value:
        return MappedText.contiguous(value, span.start)
    return None


class VariableWalker:
    """Fills ``analysis.decls``, ``analysis.refs`` (``_decls``, ``_refs``) and ``analysis._scopes``."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.dockerfile = analysis.dockerfile
        self.text = analysis.dockerfile.text
        self.esc = analysis.dockerfile.escape or "\\"
        self.meta: Table = dict(PLATFORM_DECLS)
        self.global_scope = Scope("global", self.meta)

    def resume(self, global_scope: Scope) -> None:
        """Walk on with the global ARGs of an earlier walk (``global_scope``: its FROM scope)."""
        self.global_scope = global_scope
        self.meta = global_scope.tables[0]  # type: ignore[assignment]  # the global table is a dict

    # -- references -------------------------------------------------------------------------

    def add_refs(
        self,
        raws: list[RawRef],
        mt: MappedText,
        ins: Instruction,
        scope: Scope,
        in_shell: bool = False,
        heredoc: int | None = None,
        assigned: frozenset[str] = frozenset(),
    ) -> None:
        esc = "\\" if in_shell else self.esc
        refs = self.analysis._refs
        for raw in raws:
            decls = scope.decls(raw.name)
            value: str | None = None
            is_assigned = in_shell and raw.name in assigned
            if not raw.shell_only and not is_assigned and (decls or not in_shell):
                expanded, known = expand(mt.text[raw.start : raw.end], esc, scope.lookup)
                if known:
                    value = expanded
            refs.append(
                VarRef(
                    name=raw.name,
                    span=mt.doc_span(raw.start, raw.end),
                    name_span=mt.doc_span(raw.name_start, raw.name_end),
                    instruction=ins,
                    operator=raw.operator,
                    word=raw.word,
                    decls=list(decls),
                    value=value,
                    in_shell=in_shell,
                    shell_assigned=is_assigned,
                    heredoc=heredoc,
                )
            )

    def build_refs(self, mt: MappedText | None, ins: Instruction, scope: Scope) -> None:
        if mt is not None and "$" in mt.text:
            self.add_refs(scan_build(mt.text, self.esc), mt, ins, scope)

    def flag_refs(self, ins: Instruction, names: tuple[str, ...], scope: Scope) -> None:
        for flag in ins.flags:
            if flag.name in names and flag.value and flag.value_span is not None and "$" in flag.value:
                self.build_refs(_contiguous(flag.value, flag.value_span, self.text), ins, scope)

    # -- declarations -----------------------------------------------------------------------

    def _token_text(self, ins: Instruction, token: Token) -> MappedText | None:
        return _contiguous(token.value, token.span, self.text) or slice_for_span(ins.rest, token.span)

    def arg(self, ins: Instruction, stage: Stage | None, scope: Scope, args: History) -> None:
        """Declare each ``NAME[=default]`` of an ARG in the stage's ARG table ``args``.

        Global ARGs see the ones before them on the same line (BuildKit expands them one by
        one); a stage ARG line is expanded as a whole before any of it takes effect.
        """
        before = args.view()
        for token in ins.args:
            name, eq, raw_value = token.value.partition("=")
            if not name:
                continue
            start = token.span.start
            name_span = Span(start, start + len(name))
            value_span = Span(start + len(name) + 1, token.span.end) if eq else None
            value: str | None = None
            if eq:
                expanded, known = expand(raw_value, self.esc, scope.lookup)
                value = expanded if known else None
            decl = VarDecl(
                name=name,
                kind="ARG",
                instruction=ins,
                name_span=name_span,
                value=value,
                value_span=value_span,
                stage=stage.index if stage is not None else None,
            )
            self.analysis._decls.append(decl)
            mt = self._token_text(ins, token)
            if mt is not None and eq:
                self.build_refs(mt, ins, scope)
            if stage is None:
                self.analysis.global_args.append(decl)
                self.meta[name] = [decl]
                args.set(name, [decl])
            else:
                inherited = self._inherited(name, before) if not eq else []
                if inherited:
                    decl.value = next((d.value for d in inherited if d.value is not None), None)
                args.set(name, [decl] + inherited)

    def _inherited(self, name: str, args: TableView) -> list[VarDecl]:
        """Where a stage ``ARG X`` without default takes its value from: the global ``X`` (when
        it has a value, BuildKit takes it), then the ``X`` the stage already has."""
        out = list(self.meta.get(name, []))
        out.extend(d for d in args.get(name, []) if not any(d is o for o in out))
        return out

    def env(self, ins: Instruction, stage: Stage | None, scope: Scope, env: History) -> None:
        """Declare each ENV pair in the stage's ENV table ``env``; the whole line is expanded
        before any of it takes effect."""
        args = ins.args
        for k in range(0, len(args) - 1, 2):
            key, val = args[k], args[k + 1]
            expanded, known = expand(val.value, self.esc, scope.lookup)
            decl = VarDecl(
                name=key.value,
                kind="ENV",
                instruction=ins,
                name_span=key.span,
                value=expanded if known else None,
                value_span=val.span,
                stage=stage.index if stage is not None else None,
            )
            self.analysis._decls.append(decl)
            env.set(key.value, [decl])
        self.build_refs(ins.rest, ins, scope)

    # -- RUN ----------------------------------------------------------------------------------

    def run(self, ins: Instruction, scope: Scope, shell: Scope) -> None:
        self.flag_refs(ins, _EXPANDED_FLAGS["RUN"], scope)
        if ins.is_json:
            return
        if self.windows_shell(ins, shell):
            return
        bodies = heredoc_readings(ins)
        found: list[tuple[list[RawRef], MappedText, int | None]] = [(scan_shell(ins.rest.text), ins.rest, None)]
        for k, doc, is_script in bodies:
            raws = scan_shell(doc.body.text) if is_script else scan_heredoc(doc.body.text)
            found.append((raws, doc.body, k))
        if not any(raws for raws, _, _ in found):
            return
        script = ins.rest.text + "\n" + "".join(d.body.text for _, d, is_script in bodies if is_script)
        assigned = frozenset(shell_assigned_names(script))
        for raws, mt, at in found:
            self.add_refs(raws, mt, ins, shell, True, at, assigned)

    def windows_shell(self, ins: Instruction, scope: Scope) -> bool:
        """Under a PowerShell or cmd SHELL, record its environment references and say so."""
        if self.analysis.is_posix_shell(ins):
            return False
        program = self.analysis.shell_of(ins)[0].lower().replace("\\", "/").rsplit("/", 1)[-1]
        self.add_refs(scan_windows_shell(ins.rest.text, program), ins.rest, ins, scope, True)
        return True

    # -- the walk -------------------------------------------------------------------------------

    def preamble(self, instructions: list[Instruction]) -> None:
        """The global ARGs before the first FROM."""
        unused = History()
        for ins in instructions:
            self.analysis._scopes[id(ins)] = self.global_scope
            if ins.keyword == "ARG":
                self.arg(ins, None, self.global_scope, unused)

    def from_line(self, stage: Stage) -> None:
        ins = stage.from_instruction
        self.analysis._scopes[id(ins)] = self.global_scope
        self.flag_refs(ins, ("platform",), self.global_scope)
        if ins.args:
            self.build_refs(self._token_text(ins, ins.args[0]), ins, self.global_scope)

    def fragment(self, instructions: list[Instruction]) -> None:
        """A file without FROM (a fragment a script includes in a stage) is walked as one stage
        body: its ARGs (global ones, as far as the file knows) and ENVs apply to what follows."""
        self.body(instructions, None, History(), History())

    def stage(
        self, stage: Stage, env: TableView | None = None, args: TableView | None = None
    ) -> tuple[TableView, TableView]:
        """Walk one stage starting from the ENV and ARG tables it inherits (a stage built
        ``FROM <stage>`` gets both, as BuildKit copies the base's build args); returns the final
        (ENV, ARG) tables."""
        return self.body(stage.body, stage, History(env), History(args))

    def body(
        self, instructions: list[Instruction], stage: Stage | None, env: History, args: History
    ) -> tuple[TableView, TableView]:
        """Walk the instructions of a stage body (or of a fragment, ``stage`` None).
        Instructions between two ARG or ENV lines share one scope."""
        scopes = self.analysis._scopes
        env_now, args_now = env.view(), args.view()
        scope = Scope("build", env_now, args_now)
        for ins in instructions:
            if not (env_now.is_current() and args_now.is_current()):
                env_now, args_now = env.view(), args.view()
                scope = Scope("build", env_now, args_now)
            scopes[id(ins)] = scope
            kw = ins.keyword
            if kw == "ARG":
                self.arg(ins, stage, scope, args)
            elif kw == "ENV":
                self.env(ins, stage, scope, env)
            elif kw == "RUN":
                self.run(ins, scope, Scope("shell", env_now, args_now, PROXY_DECLS))
            elif kw in _EXPANDED:
                self.flag_refs(ins, _EXPANDED_FLAGS.get(kw, ()), scope)
                self.build_refs(ins.rest, ins, scope)
                for doc in ins.heredocs:
                    if doc.expand and kw in ("COPY", "ADD"):
                        self.build_refs(doc.body, ins, scope)
            elif kw in _RUNTIME_SHELL and not ins.is_json and not _EXEC_HEALTHCHECK.match(ins.rest.text):
                runtime = Scope("runtime", env_now)
                if not self.windows_shell(ins, runtime):
                    self.add_refs(scan_shell(ins.rest.text), ins.rest, ins, runtime, True)
        return env.view(), args.view()


def heredoc_readings(ins: Instruction) -> list[tuple[int, Heredoc, bool]]:
    """The heredocs of a shell-form RUN whose bodies the analysis reads for references: (index,
    heredoc, read as a shell script?). A RUN line holding nothing but heredoc markers has its
    bodies as its script (but one naming another interpreter than a POSIX shell); else the bodies
    are documents fed to commands, read when their delimiter is unquoted."""
    script_heredocs = _script_heredocs(ins)
    bodies: list[tuple[int, Heredoc, bool]] = []
    for k, doc in enumerate(ins.heredocs):
        if script_heredocs:
            body = doc.body.text
            if body.startswith("#!") and not _POSIX_SHEBANG.match(body):
                continue
            bodies.append((k, doc, True))
        elif doc.expand:
            bodies.append((k, doc, False))
    return bodies


def _script_heredocs(ins: Instruction) -> bool:
    """True when the RUN line holds nothing but heredoc markers: the bodies are the script."""
    if not ins.heredocs:
        return False
    rest = ins.rest
    markers = [h.marker_span for h in ins.heredocs]
    for ch, off in zip(rest.text, rest.offsets):
        if not ch.isspace() and not any(off in m for m in markers):
            return False
    return True
