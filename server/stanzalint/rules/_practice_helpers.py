"""Transitional: the names modules not yet moved to ``rules.toolkit`` still import from here."""

from stanzalint.analysis.shell_command import has_option as has_flag  # noqa: F401
from stanzalint.rules.toolkit.commands import positionals  # noqa: F401
from stanzalint.rules.toolkit.copies import copied_files as copy_operands  # noqa: F401
from stanzalint.rules.toolkit.edits import full_lines, newline_of  # noqa: F401
from stanzalint.rules.toolkit.paths import is_under, resolve_path  # noqa: F401
from stanzalint.rules.toolkit.stages import stage_body, workdirs  # noqa: F401
