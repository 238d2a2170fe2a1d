"""BuildKit's build-check names (``docker build --check``), for aliases and ``# check=``."""

from __future__ import annotations

#: Every build check BuildKit runs, by the name its ``# check=skip=`` directive takes.
BUILD_CHECKS = frozenset(
    {
        "StageNameCasing",
        "FromAsCasing",
        "NoEmptyContinuation",
        "ConsistentInstructionCasing",
        "DuplicateStageName",
        "ReservedStageName",
        "JSONArgsRecommended",
        "MaintainerDeprecated",
        "UndefinedArgInFrom",
        "WorkdirRelativePath",
        "UndefinedVar",
        "MultipleInstructionsDisallowed",
        "LegacyKeyValueFormat",
        "RedundantTargetPlatform",
        "SecretsUsedInArgOrEnv",
        "InvalidDefaultArgInFrom",
        "FromPlatformFlagConstDisallowed",
        "CopyIgnoredFile",
        "ExposeProtoCasing",
        "ExposeInvalidFormat",
        "InvalidBaseImagePlatform",
        "InvalidDefinitionDescription",
    }
)

#: Checks BuildKit runs only when ``# check=experimental=...`` names them (or ``all``).
EXPERIMENTAL_CHECKS = frozenset({"InvalidDefinitionDescription"})

#: Checks BuildKit runs over the whole file with the file's ``# check=`` settings only: the
#: per-instruction ``# check=`` comment above an instruction does not reach them.
FILE_LEVEL_CHECKS = frozenset(
    {
        "NoEmptyContinuation",
        "ConsistentInstructionCasing",
        "DuplicateStageName",
        "ReservedStageName",
        "InvalidDefaultArgInFrom",
    }
)

_LOWER = {name.lower(): name for name in BUILD_CHECKS}


def build_check_name(names) -> str:
    """The BuildKit check name among ``names`` (a rule's code, name and aliases), or ""."""
    for n in names:
        found = _LOWER.get(n.lower())
        if found:
            return found
    return ""
