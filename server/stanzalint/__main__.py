"""``python -m stanzalint``: the same as the ``stanzalint`` command."""

from stanzalint.cli import main

raise SystemExit(main())
