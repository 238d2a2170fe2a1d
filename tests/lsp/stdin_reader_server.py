"""
## What it does
Test-only rule for the language server tests: SZ997, on a file containing `READ-STDIN`, starts a
program without `stdin=` that reads its standard input to the end, and reports how many bytes it
read; on one containing `WRITE-STDOUT`, it prints a line of its own and starts a program without
`stdout=` that writes what looks like a message of the protocol.

## Why is this bad?
A program the server starts inherits its standard input and output, which carry the messages.

## Example
```dockerfile
# READ-STDIN
```

## Use instead
```dockerfile
FROM alpine:3.20
```

## Fix safety
None.

## Options
None.

## References
- none
"""

from __future__ import annotations

import subprocess
import sys

from stanzalint import rules
from stanzalint.findings import Severity
from stanzalint.rules.base import rule
from stanzalint.syntax.model import Span

rules.all_rules()  # load the real rules first, then add the test one

#: how long the program may read: it reads to the end of its input, which a client never closes
READ_TIMEOUT = 10
#: the program: how many bytes it read before its standard input ended
READER = "import sys; print(len(sys.stdin.buffer.read()))"
#: a message's header and a body that is not JSON: a client reading it among the messages fails
FAKE_MESSAGE = "Content-Length: 5\r\n\r\nnoise"
#: the program: writes the fake message on its standard output
WRITER = f"import sys; sys.stdout.write({FAKE_MESSAGE!r})"


@rule(code="SZ997", name="test-child-reads-stdin", severity=Severity.INFO)
def child_reads_stdin(ctx):
    if "WRITE-STDOUT" in ctx.text:
        print(FAKE_MESSAGE, flush=True)
        subprocess.run([sys.executable, "-c", WRITER], check=True)
        yield ctx.violation(Span(0, 1), "wrote on the standard output")
    if "READ-STDIN" not in ctx.text:
        return
    try:
        read = subprocess.run([sys.executable, "-c", READER], stdout=subprocess.PIPE, timeout=READ_TIMEOUT)
        message = f"the program read {int(read.stdout)} bytes"
    except subprocess.TimeoutExpired:
        message = f"the program was still reading after {READ_TIMEOUT} s"
    yield ctx.violation(Span(0, 1), message)


if __name__ == "__main__":
    from stanzalint.lsp.server import run

    sys.exit(run())
