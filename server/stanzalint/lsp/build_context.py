"""The build context in the editor: code lenses above the instructions that read the context or
rerun heavy work, the COPY-source hover, and keeping both fresh.

The context is walked and git's history read on a worker thread (``KNOWN.background``), never
while a request or an edit waits: a lens asked for before they are in says so and is refreshed
(``workspace/codeLens/refresh``) when they arrive. Lenses are listed cheaply and their titles
computed on ``codeLens/resolve``. File events update the walked tree, and a change under
``.git`` has the history read again.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from lsprotocol import types

from stanzalint.context.known import KNOWN
from stanzalint.lsp.documents import Document, uri_to_path

if TYPE_CHECKING:
    from typing import TypeGuard

    from stanzalint.analysis.model import Analysis
    from stanzalint.context.layers import Layer
    from stanzalint.context.sources import Source
    from stanzalint.context.tree import ContextTree
    from stanzalint.engine import LintResult
    from stanzalint.lsp.stanza_server import StanzaServer
    from stanzalint.syntax.model import Instruction, Span

log = logging.getLogger("stanzalint.lsp")

#: Files whose events change the context or its history (watched from ``initialized`` on, with
#: the configuration files: the diagnostics of the context rules follow them, not only the lenses).
WATCHED = ("**/*", "**/.git/HEAD", "**/.git/refs/**")
#: How many matched and ignored paths a hover lists.
HOVER_PATHS = 10


def connect(server: StanzaServer) -> None:
    """Run context work in the background from now on, reporting back to ``server`` (the code
    lens handlers are in ``stanzalint.lsp.handlers.code_lens``)."""
    KNOWN.background = True  # from the first lint on: no walk or git run on the typing path

    def ready(_root: str) -> None:
        loop = server.loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(_context_ready, server)

    KNOWN.on_ready = ready
    KNOWN.roots_source = lambda: _workspace_roots(server)


def lens_instructions(analysis: Analysis) -> list[Instruction]:
    """Instructions that get a lens: a COPY/ADD from the context, a RUN with heavy steps or a
    bind mount of the context."""
    from stanzalint.context.heavy import heavy_steps
    from stanzalint.context.sources import may_read_context

    out = []
    for stage in analysis.stages:
        for ins in stage.body:
            eff = ins.effective
            if may_read_context(eff) or (eff.keyword == "RUN" and heavy_steps(analysis, ins)):
                out.append(ins)
    return out


def layers_of(doc: Document, res: LintResult) -> dict[int, Layer]:
    """``{line: Layer}`` for the document, once per lint result and context state (remembered
    on the document, so it goes when the document closes)."""
    from stanzalint.context.layers import analyse_layers

    if not doc.path:
        return {}
    tree = KNOWN.tree_for(doc.path)
    history = KNOWN.history_for(doc.path) if tree is not None else None
    if tree is None or KNOWN.busy:
        return {}
    made_for = (res, tree, history, len(tree.files))
    cached = doc.layers
    if cached is not None and _same_inputs(cached[0], made_for):
        return cached[1]
    layers = analyse_layers(doc.path, res.dockerfile.text, res.analysis, tree, history)
    found = {layer.line: layer for layer in layers}
    doc.layers = (made_for, found)
    return found


def _same_inputs(a: tuple[object, object, object, int], b: tuple[object, object, object, int]) -> bool:
    """The same lint result, tree and history objects (compared by identity, and held, so a new
    object can never pass for an old one at its address) and the same number of files."""
    return a[0] is b[0] and a[1] is b[1] and a[2] is b[2] and a[3] == b[3]


def _forget_layers(ls: StanzaServer) -> None:
    """The context changed: every open document's layers are worked out again when asked."""
    for doc in ls.store.docs.values():
        doc.layers = None


def source_hover(path: str | None, res: LintResult, offset: int) -> tuple[str, Span] | None:
    """Markdown listing the files a COPY/ADD source under ``offset`` reads and what
    ``.dockerignore`` keeps out of it (None when the offset is on no context source)."""
    from stanzalint.context.sources import CONTEXT, inputs_of

    if not path:
        return None
    tree = KNOWN.tree_for(path)
    if tree is None:
        return None
    for ins in res.dockerfile.instructions:
        if not ins.span.covers(offset) or ins.effective.keyword not in ("COPY", "ADD"):
            continue
        found = inputs_of(res.analysis, ins, tree)
        for source in found.sources if found else []:
            if source.origin == CONTEXT and source.span.covers(offset):
                return _source_markdown(source, tree), source.span
    return None


def _source_markdown(source: Source, tree: ContextTree) -> str:
    lines = [
        f"**`{source.spec}`** reads {len(source.files)} file{'s' if len(source.files) != 1 else ''} from the build context"
    ]
    lines += [f"- `{p}`" for p in source.files[:HOVER_PATHS]]
    if len(source.files) > HOVER_PATHS:
        lines.append(f"- … and {len(source.files) - HOVER_PATHS} more")
    if source.ignored:
        name = os.path.basename(tree.ignore_file) if tree.ignore_file else ".dockerignore"
        lines.append("")
        lines.append(f"Kept out by `{name}`:")
        lines += [f"- `{p}`" for p in source.ignored[:HOVER_PATHS]]
        if len(source.ignored) > HOVER_PATHS:
            lines.append(f"- … and {len(source.ignored) - HOVER_PATHS} more")
    return "\n".join(lines)


def with_source_hover(
    answer: tuple[str, Span] | None, path: str | None, res: LintResult, offset: int
) -> tuple[str, Span] | None:
    """The hover answer with the COPY-source listing added (or alone); in an ignore file, what
    the pattern under the cursor does."""
    if is_ignore_document(path):
        from stanzalint.lsp.ignore_document import ignore_hover

        extra = ignore_hover(path, res.dockerfile.text, offset)
    else:
        extra = source_hover(path, res, offset)
    if extra is None:
        return answer
    if answer is None:
        return extra
    return answer[0] + "\n\n---\n\n" + extra[0], answer[1]


def is_ignore_document(path: str | None) -> TypeGuard[str]:
    """A ``.dockerignore`` or ``<Dockerfile>.dockerignore``: the server lints its patterns."""
    return path is not None and path.endswith(".dockerignore")


def ignore_completion(path: str, typed: str) -> types.CompletionList:
    """Context paths for the pattern being typed in an ignore file."""
    from stanzalint.lsp.ignore_document import ignore_completion as paths

    items = [
        types.CompletionItem(
            label=p, kind=types.CompletionItemKind.Folder if p.endswith("/") else types.CompletionItemKind.File
        )
        for p in paths(path, typed)
    ]
    return types.CompletionList(is_incomplete=False, items=items)


def files_changed(ls: StanzaServer, params: types.DidChangeWatchedFilesParams) -> None:
    """Bring the walked trees and the history up to date from file events."""
    for change in params.changes:
        path = uri_to_path(change.uri)
        if path:
            KNOWN.file_changed(path)
    _forget_layers(ls)
    _refresh_lenses(ls)


def attach(ls: StanzaServer) -> None:
    """Note the server's event loop (called from a handler): background context work reports
    back to it from its worker thread."""
    import asyncio

    ls.loop = asyncio.get_running_loop()


def _workspace_roots(ls: StanzaServer) -> list[str]:
    """The workspace folders: each is the build context of the Dockerfiles inside it."""
    try:
        folders = ls.workspace.folders.values()
    except Exception:  # before initialize
        return []
    return [p for p in (uri_to_path(f.uri) for f in folders) if p]


def _context_ready(ls: StanzaServer) -> None:
    _forget_layers(ls)
    ls.publisher.relint_all(configs=False)  # the context rules can now speak; no configuration changed
    _refresh_lenses(ls)


def _refresh_lenses(ls: StanzaServer) -> None:
    caps = ls.client_capabilities
    lens = getattr(getattr(caps, "workspace", None), "code_lens", None)
    if lens is not None and lens.refresh_support:
        try:
            ls.workspace_code_lens_refresh(None)
        except Exception:
            log.exception("code lens refresh failed")
