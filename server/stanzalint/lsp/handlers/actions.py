"""Code actions (quick fixes, ignore comments, fix all, refactorings) and the
``stanzalint.applyEdit`` command that applies one for clients without code action literals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Callable

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from stanzalint.lsp import APPLY_EDIT_COMMAND, FIX_ALL_KIND
from stanzalint.lsp.handlers.linted import linted
from stanzalint.lsp.stanza_server import StanzaServer

CODE_ACTION_OPTIONS = types.CodeActionOptions(
    code_action_kinds=[
        types.CodeActionKind.QuickFix,
        types.CodeActionKind.RefactorRewrite,
        types.CodeActionKind.RefactorExtract,
        types.CodeActionKind.SourceFixAll,
        FIX_ALL_KIND,
    ]
)


async def code_action(
    ls: StanzaServer, params: types.CodeActionParams
) -> Sequence[types.CodeAction | types.Command] | None:
    from stanzalint.lsp import actions as actions_mod

    here = await linted(ls, params.text_document.uri)
    if here is None:
        return None
    doc, res, positions = here.doc, here.result, here.positions
    only = params.context.only
    wants: Callable[[str], bool] = lambda kind: not only or any(kind == k or kind.startswith(k + ".") for k in only)  # noqa: E731
    out: list[types.CodeAction] = []
    if wants(types.CodeActionKind.QuickFix):
        out.extend(actions_mod.quick_fixes(doc.uri, doc.version, res, positions, params.context.diagnostics))
        out.extend(actions_mod.ignore_actions(doc.uri, doc.version, res, positions, params.context.diagnostics))
    # Fix-all re-lints until nothing changes: only when the client asks for source actions
    # (``only`` names source, source.fixAll or our kind), never for a light-bulb request.
    if only and wants(FIX_ALL_KIND):
        action = actions_mod.fix_all_action(
            doc.uri, doc.version, doc.text, positions, ls.store.config_for(doc), doc.path
        )
        if action is not None:
            out.append(action)
    refactor = types.CodeActionKind.Refactor
    if not only or any(k == refactor or k.startswith(refactor + ".") or refactor.startswith(k + ".") for k in only):
        start = here.offset(params.range.start)
        end = here.offset(params.range.end)
        out.extend(
            a
            for a in actions_mod.refactor_actions(doc.uri, doc.version, res, positions, start, end)
            if a.kind is not None and wants(a.kind)
        )
    if not ls.literal_actions:
        return actions_mod.as_commands(out)
    return out


async def apply_edit(ls: StanzaServer, *args: object) -> None:
    """Apply the WorkspaceEdit given as the command's argument."""
    from stanzalint.lsp.actions import converter

    raw = args[0] if args else None
    if isinstance(raw, list) and raw:
        raw = raw[0]
    try:
        if not isinstance(raw, dict):
            raise TypeError("not an object")
        edit = converter().structure(raw, types.WorkspaceEdit)
    except Exception as exc:  # cattrs reports a wrong shape with several exception types
        raise JsonRpcInvalidParams(f"{APPLY_EDIT_COMMAND} takes a WorkspaceEdit, not {raw!r:.200}") from exc
    await ls.workspace_apply_edit_async(types.ApplyWorkspaceEditParams(edit=edit, label="stanzalint"))
