"""
## What it does
Flags a `FROM ... AS name` or `ARG` whose comment right above does not start with the stage or
argument name; the finding is on the instruction, where BuildKit reports it. BuildKit's experimental `InvalidDefinitionDescription` build check: it runs only
when the Dockerfile asks for it with `# check=experimental=InvalidDefinitionDescription` (or
`experimental=all`), and so does this rule.

## Why is this bad?
`docker build --call=outline` and `--call=targets` show a description for each stage and build
argument, taken from the comment block right above it when that comment starts with the name
(`# version selects the release to build`). A comment that sits there but says something else
is either a description in the wrong format, so the outline shows nothing, or a plain note that
readers and tools may take for a description. An empty line between the comment and the
instruction makes a plain note unambiguous.

## Example
```dockerfile
# check=experimental=InvalidDefinitionDescription
# compile the server
FROM golang:1.23 AS build
```

## Use instead
```dockerfile
# check=experimental=InvalidDefinitionDescription
# build compiles the server
FROM golang:1.23 AS build
```

## Fix safety
Safe: the fix inserts an empty line between the comment and the instruction, which keeps the
comment as a note and changes nothing in the build. Rewording it into a description is up to
you.

## Options
None.

## References
- [Docker build checks: InvalidDefinitionDescription](https://docs.docker.com/reference/build-checks/invalid-definition-description/)
- [docker buildx build: descriptions](https://docs.docker.com/reference/cli/docker/buildx/build/#descriptions)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import Edit, Fix, FixAvailability, Related, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.comments import comment_block_above
from stanzalint.rules.toolkit.edits import newline_of
from stanzalint.syntax.model import Comment, Dockerfile, Instruction, Span


def _description(df: Dockerfile, ins: Instruction, directives: set[int]) -> Comment | None:
    """The last comment of the block right above ``ins`` (BuildKit's description comment): the
    block's parser directives are passed over, an empty comment ends it."""
    block: list[Comment] = []
    for comment in comment_block_above(df, ins):
        if comment.span.start not in directives:
            if not comment.text:
                break
            block.append(comment)
    return block[0] if block else None


@rule(
    code="SZ818",
    name="invalid-definition-description",
    severity=Severity.WARNING,
    fix=FixAvailability.ALWAYS,
    aliases=("InvalidDefinitionDescription",),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    df = ctx.dockerfile
    directives = {d.span.start for d in df.directives}
    newline = newline_of(ctx.text)
    for ins in df.of_keywords("FROM", "ARG"):
        if ins.parent is not None:
            continue
        comment = _description(df, ins, directives)
        if comment is None:
            continue
        if ins.keyword == "FROM":
            args = ins.args
            if len(args) != 3 or args[1].value.lower() != "as":
                continue
            names = [args[2].value.lower()]
            what = "stage"
        elif ins.keyword == "ARG":
            names = [t.value.partition("=")[0] for t in ins.args]
            what = "argument"
        else:
            continue
        if not names:
            continue
        if comment.text.split(" ")[0] in names:
            continue
        example = names[0] if len(names) == 1 else "<name>"
        at = df.lines.line_starts[ins.start_line]
        fix = Fix.safe("Separate the comment from the instruction", [Edit(Span(at, at), newline)])
        yield ctx.violation(
            ins.keyword_span,
            f"The comment right above {ins.keyword_text} describes the {what}: start it with `# {example} ...`, "
            f"or put an empty line between",
            fix=fix,
            related=[Related(comment.span, "the comment read as a description")],
        )
