"""``stanzalint serve``'s command line, read without argparse when it holds only serve's own
options: the same values argparse would read, and argparse for everything else."""

from __future__ import annotations

import pytest
from stanzalint.cli import main, parse_command_line, plain_serve


@pytest.mark.parametrize(
    "argv",
    [
        ["serve"],
        ["serve", "--stdio"],
        ["serve", "--tcp", "127.0.0.1:2087"],
        ["serve", "--tcp=0.0.0.0:2087", "--log-level=DEBUG"],
        ["serve", "--log-level", "info", "--stdio", "--log-level", "ERROR"],
        ["serve", "--log-level="],
    ],
)
def test_plain_serve_reads_what_argparse_reads(argv):
    plain = plain_serve(argv)
    _, parsed = parse_command_line(argv)
    assert plain is not None
    assert vars(plain) == vars(parsed)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--version"],
        ["check", "serve"],
        ["serve", "--help"],
        ["serve", "extra"],
        ["serve", "--tcp"],
        ["serve", "--tcp", "--stdio"],
        ["serve", "--log", "DEBUG"],  # argparse's abbreviation: argparse reads it
        ["serve", "--stdio=yes"],
    ],
)
def test_anything_else_is_left_to_argparse(argv):
    assert plain_serve(argv) is None


def test_a_bad_tcp_address_is_a_usage_error_without_argparse(capsys):
    assert main(["serve", "--tcp", "nowhere"]) == 2
    assert capsys.readouterr().err == "stanzalint: error: --tcp: expected HOST:PORT, got 'nowhere'\n"


def test_a_missing_value_gets_argparse_s_error(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--tcp"])
    assert exited.value.code == 2
    assert "argument --tcp: expected one argument" in capsys.readouterr().err
