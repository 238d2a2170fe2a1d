"""Commands that verify a downloaded file: a checksum compared, a signature checked."""

from __future__ import annotations

from stanzalint.analysis.model import ShellCommand
from stanzalint.rules._practice_helpers import has_flag

CHECKSUM_TOOLS = frozenset({"sha256sum", "sha512sum", "sha384sum", "sha224sum", "sha1sum", "md5sum", "b2sum",
                            "shasum", "cksum"})


def verifies_download(cmd: ShellCommand) -> bool:
    """``sha256sum -c``, ``gpg --verify``, ``gpgv``, ``cosign verify``, ``minisign -V``."""
    if cmd.name in CHECKSUM_TOOLS:
        return has_flag(cmd.args, "-c", "--check")
    if cmd.name in ("gpg", "gpg2"):
        return has_flag(cmd.args, "--verify")
    if cmd.name == "gpgv":
        return True
    if cmd.name == "cosign":
        return any(w.value.startswith("verify") for w in cmd.args[:1])
    if cmd.name == "minisign":
        return has_flag(cmd.args, "-V")
    return False
