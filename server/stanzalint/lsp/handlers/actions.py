"""Code actions (quick fixes, ignore comments, fix all, refactorings) and the
``stanzalint.applyEdit`` command that applies one for clients without code action literals."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Callable

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from stanzalint.lsp import APPLY_EDIT_COMMAND, FIX_ALL_KIND, compact_json
from stanzalint.lsp.action_request import ActionParams, from_lsprotocol
from stanzalint.lsp.handlers.linted import linted
from stanzalint.lsp.protocol import EncodedResult
from stanzalint.lsp.stanza_server import StanzaServer

if TYPE_CHECKING:  # pragma: no cover
    from stanzalint.lsp.actions import Json

CODE_ACTION_OPTIONS = types.CodeActionOptions(
    code_action_kinds=[
        types.CodeActionKind.QuickFix,
        types.CodeActionKind.RefactorRewrite,
        types.CodeActionKind.RefactorExtract,
        types.CodeActionKind.SourceFixAll,
        FIX_ALL_KIND,
    ]
)


async def code_action(ls: StanzaServer, params: ActionParams | types.CodeActionParams) -> EncodedResult | None:
    """The actions for the request's range and diagnostics, as JSON (``actions``); ``params``
    are plain unless the converter read them (``action_request``)."""
    from stanzalint.lsp import actions as actions_mod

    if not isinstance(params, ActionParams):
        params = from_lsprotocol(params)
    here = await linted(ls, params.uri)
    if here is None:
        return None
    doc, res, positions = here.doc, here.result, here.positions
    only = params.only
    wants: Callable[[str], bool] = lambda kind: not only or any(kind == k or kind.startswith(k + ".") for k in only)  # noqa: E731
    found: list[Iterable[Json]] = []
    if wants(types.CodeActionKind.QuickFix):
        found.append(actions_mod.quick_fixes(doc.uri, doc.version, res, positions, params.diagnostics))
        found.append(actions_mod.ignore_actions(doc.uri, doc.version, res, positions, params.diagnostics))
    # Fix-all re-lints until nothing changes: only when the client asks for source actions
    # (``only`` names source, source.fixAll or our kind), never for a light-bulb request.
    if only and wants(FIX_ALL_KIND):
        action = actions_mod.fix_all_action(
            doc.uri, doc.version, doc.text, positions, ls.store.config_for(doc), doc.path
        )
        if action is not None:
            found.append([action])
    refactor = types.CodeActionKind.Refactor
    if not only or any(k == refactor or k.startswith(refactor + ".") or refactor.startswith(k + ".") for k in only):
        start, end = positions.offset(*params.start), positions.offset(*params.end)
        refactors = actions_mod.refactor_actions(doc.uri, doc.version, res, positions, start, end)
        found.append(a for a in refactors if wants(a["kind"]))
    actions: Iterable[Json] = itertools.chain.from_iterable(found)
    if not ls.literal_actions:
        actions = map(actions_mod.as_command, actions)
    # each action written as it is made: only their JSON is kept until the answer is
    return EncodedResult("[" + ",".join(map(compact_json, actions)) + "]")


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
