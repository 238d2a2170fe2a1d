"""The rule registry: every rule module under this package, found by its file name.

A rule module is named by its code in lower case (``dl3006.py``, ``sz301.py``). Importing the
registry imports them all once; ``resolve`` turns a code, rule name, alias or code prefix into
the codes it stands for.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
from collections.abc import Iterable

from stanzalint.rules.base import DEFINED, Rule, RuleMeta

_MODULE_NAME = re.compile(r"^(dl|sz|sc)\d{3,4}$")
_loaded = False


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for info in pkgutil.iter_modules(__path__):  # type: ignore[name-defined]
        if _MODULE_NAME.match(info.name):
            importlib.import_module(f"{__name__}.{info.name}")
    _loaded = True


def all_rules() -> list[Rule]:
    """Every rule, sorted by code."""
    _load()
    if len(_SORTED) != len(DEFINED):
        _SORTED[:] = [DEFINED[code] for code in sorted(DEFINED, key=_code_sort_key)]
    return list(_SORTED)


_SORTED: list[Rule] = []


def get(code_or_name: str) -> Rule | None:
    """The rule with this code, name or alias (case-insensitive), or None."""
    _load()
    key = code_or_name.strip()
    upper = key.upper()
    if upper in DEFINED:
        return DEFINED[upper]
    return _by_name().get(key.lower())


def _by_name() -> dict[str, Rule]:
    """Rules by lower-case name and alias; rebuilt only when rules were defined since."""
    return _name_table(len(DEFINED))


@functools.lru_cache(maxsize=1)
def _name_table(defined: int) -> dict[str, Rule]:
    """The name table for the first ``defined`` rules (the argument keys the cache)."""
    table: dict[str, Rule] = {}
    for rule in DEFINED.values():
        table[rule.meta.name.lower()] = rule
        for alias in rule.meta.aliases:
            table.setdefault(alias.lower(), rule)
    return table


def meta_for(code: str) -> RuleMeta | None:
    """Metadata for a code, including ShellCheck codes that have no module of their own."""
    rule = get(code)
    if rule is not None:
        return rule.meta
    from stanzalint.rules import shellcheck_meta, trivy_meta

    return shellcheck_meta.meta_for(code) or trivy_meta.meta_for(code)


def resolve(selector: str) -> set[str]:
    """Codes a selector stands for: ``ALL``, a code, a name, an alias, or a code prefix.

    ``SC``/``DS`` and ShellCheck/trivy codes resolve to themselves (those families are
    open-ended).
    Unknown selectors resolve to nothing.
    """
    _load()
    sel = selector.strip()
    if not sel:
        return set()
    upper = sel.upper()
    if upper == "ALL":
        return set(DEFINED) | set(OPEN_PREFIXES)
    rule = get(sel)
    if rule is not None:
        return {rule.code}
    if re.fullmatch(r"SC\d{4}|DS-\d{4}", upper):
        return {upper}
    if upper in ("DS", "DS-"):
        return {"DS"}
    if re.fullmatch(r"[A-Z]+\d*", upper):
        codes = {code for code in DEFINED if code.startswith(upper)}
        if "SC".startswith(upper) or upper.startswith("SC"):
            codes.add(upper if upper.startswith("SC") else "SC")
        return codes
    return set()


def is_known_selector(selector: str) -> bool:
    return bool(resolve(selector))


#: Code families that are open-ended (ShellCheck's, trivy's): selected by prefix, not by listing.
OPEN_PREFIXES = ("SC", "DS")


def code_matches(code: str, selected: Iterable[str]) -> bool:
    """True when ``code`` is in the resolved selection (``SC``/``DS`` prefixes match the
    ShellCheck and trivy codes they start)."""
    for sel in selected:
        if code == sel or (sel.startswith(OPEN_PREFIXES) and code.startswith(sel)):
            return True
    return False


def _code_sort_key(code: str):
    match = re.match(r"([A-Z]+)(\d+)", code)
    if not match:
        return (code, 0)
    return (match.group(1), int(match.group(2)))
