"""The published diagnostics' JSON (built by ``DiagnosticEncoder``, reusing unchanged diagnostics)
is exactly what the protocol's serialisation of ``to_diagnostics`` gives, edit after edit."""

from __future__ import annotations

import glob
import json
import os

import pytest
from lsprotocol import types
from pygls.protocol import default_converter
from repo_paths import REPO_ROOT
from stanzalint.config import Config
from stanzalint.engine import lint, rule_url
from stanzalint.lsp.diagnostics import to_diagnostics
from stanzalint.lsp.positions import UTF8, UTF16, UTF32, PositionMap
from stanzalint.lsp.publish import DiagnosticEncoder

CONVERTER = default_converter()
URI = "file:///work/Dockerfile"

UNICODE = (
    "FROM ubuntu\n"
    'LABEL note="caf\u00e9 \U0001f433 \U00010348" maintainer=x\n'
    "MAINTAINER \U0001f433 someone\n"
    "RUN echo \U0001f433 && apt-get install -y curl && cd /tmp\n"
    "ARG UNUSED\n"
)


def _expected(text: str, encoding: str, version):
    config = Config()
    result = lint(text, config)
    diagnostics = to_diagnostics(result, encoding, URI, version, config)
    params = types.PublishDiagnosticsParams(uri=URI, diagnostics=diagnostics, version=version)
    return result, CONVERTER.unstructure(params)


def _encoded(encoder: DiagnosticEncoder, result, encoding: str, version):
    body = encoder.notification(
        result.violations, PositionMap(result.dockerfile.lines, encoding), URI, version, rule_url
    )
    message = json.loads(body)
    assert body.isascii()
    assert message["method"] == "textDocument/publishDiagnostics"
    return message["params"]


def _examples():
    return sorted(glob.glob(os.path.join(REPO_ROOT, "examples", "*", "*.Dockerfile")))


@pytest.mark.parametrize("encoding", [UTF16, UTF8, UTF32])
def test_unicode_document_in_every_encoding(encoding):
    result, expected = _expected(UNICODE, encoding, 3)
    assert {d["code"] for d in expected["diagnostics"]} >= {"DL4000", "DL3003"}
    assert any(d.get("tags") for d in expected["diagnostics"])
    assert _encoded(DiagnosticEncoder(), result, encoding, 3) == expected


def test_every_example_file_matches_and_reuse_stays_exact():
    files = _examples()
    assert len(files) >= 18
    encoder = DiagnosticEncoder()
    for version, path in enumerate(files, start=1):
        text = open(path, encoding="utf-8").read()
        result, expected = _expected(text, UTF16, version)
        assert _encoded(encoder, result, UTF16, version) == expected, path
        # an edit on the first line: the diagnostics after it are reused, the version is new
        edited = text.replace("\n", " \n", 1)
        result, expected = _expected(edited, UTF16, version + 100)
        assert _encoded(encoder, result, UTF16, version + 100) == expected, path
        # and back: still exact
        result, expected = _expected(text, UTF16, None)
        assert _encoded(encoder, result, UTF16, None) == expected, path


def test_related_information_and_fixes_are_encoded():
    text = "FROM python:3.12-slim\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n"
    result, expected = _expected(text, UTF16, 1)
    encoded = _encoded(DiagnosticEncoder(), result, UTF16, 1)
    assert encoded == expected
    sz301 = [d for d in encoded["diagnostics"] if d["code"] == "SZ301"]
    assert sz301 and sz301[0]["relatedInformation"][0]["location"]["range"]["start"]["line"] == 2
    assert any("fix" in d["data"] for d in encoded["diagnostics"])
