"""
## What it does
Flags an instruction keyword whose case differs from the case most instructions of the file
use (`run` in a file written in upper case), or that mixes cases (`Run`). BuildKit's
`ConsistentInstructionCasing` build check.

## Why is this bad?
Keywords are case-insensitive, so this is about reading: a file that switches between `RUN` and
`run` is harder to scan, and search, review and tooling conventions assume one spelling. The
majority of the file decides (upper case on a tie), counting the instructions from the first
`FROM` on, as BuildKit does.

## Example
```dockerfile
FROM alpine:3.20
run apk add --no-cache curl
CMD ["curl", "--version"]
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
CMD ["curl", "--version"]
```

## Fix safety
Safe: only the case of the keyword changes.

## Options
None.

## References
- [Docker build checks: ConsistentInstructionCasing](https://docs.docker.com/reference/build-checks/consistent-instruction-casing/)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.kept_answers import KeptPicks, KeptTally
from stanzalint.rules.toolkit.spelling import is_self_consistent
from stanzalint.rules.toolkit.stages import stage_instructions
from stanzalint.syntax.model import Dockerfile, Instruction


def _spelling(ins: Instruction, _text: str) -> str:
    """How the instruction's keyword is written."""
    return ins.keyword_text


#: how many instructions write their keyword each way, carried from one keystroke's parse to the next
_TALLY: KeptTally[str] = KeptTally(_spelling)


def _not_upper_case(ins: Instruction, _text: str) -> bool | None:
    """True when the instruction's keyword is not written in upper case (``run``, ``Run``), else None."""
    return None if ins.keyword_text.isupper() else True


#: the instructions whose keyword is not written in upper case, carried from one keystroke's parse to the next
_NOT_UPPER_CASE: KeptPicks[bool] = KeptPicks(_not_upper_case)


def _all_upper_case(dockerfile: Dockerfile) -> bool:
    """Whether every keyword from the first FROM on is written in upper case, as most files are:
    then upper case is the majority and none is flagged. Read off the few instructions not
    written so (carried from the last parse), not a tally of every spelling at every keystroke."""
    picks = _NOT_UPPER_CASE.of(dockerfile)
    if not picks:
        return True
    before = len(dockerfile.instructions) - len(stage_instructions(dockerfile))
    return picks[-1][0] < before


def _stage_spellings(dockerfile: Dockerfile) -> Counter[str]:
    """How many instructions from the first FROM on write their keyword each way: the whole
    file's tally (a few spellings, carried from the last parse) less the lines before it."""
    words = _TALLY.of(dockerfile)
    before = len(dockerfile.instructions) - len(stage_instructions(dockerfile))
    if before == 0:
        return words
    return words - Counter(_spelling(ins, dockerfile.text) for ins in dockerfile.instructions[:before])


@rule(
    code="SZ804",
    name="consistent-instruction-casing",
    severity=Severity.WARNING,
    fix=FixAvailability.ALWAYS,
    aliases=("ConsistentInstructionCasing",),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    if _all_upper_case(ctx.dockerfile):
        return
    words = _stage_spellings(ctx.dockerfile)
    lower = sum(n for word, n in words.items() if is_self_consistent(word) and word == word.lower())
    upper = sum(n for word, n in words.items() if is_self_consistent(word) and word != word.lower())
    majority_lower = lower > upper
    if all(word == (word.lower() if majority_lower else word.upper()) for word in words):
        return  # every keyword is written the majority's way
    for ins in stage_instructions(ctx.dockerfile):
        word = ins.keyword_text
        wanted = word.lower() if majority_lower else word.upper()
        if word == wanted:
            continue
        case = "lower" if majority_lower else "upper"
        yield ctx.violation(
            ins.keyword_span,
            f"Write `{word}` in {case} case like most instructions in this file",
            fix=Fix.safe(f"Write `{wanted}`", [Edit(ins.keyword_span, wanted)]),
        )
