from ruletest import found
from stanzalint.config import Config
from stanzalint.engine import lint

MSG = "The shipped image has no HEALTHCHECK"


def test_final_stage_without_healthcheck():
    text = "FROM alpine:3.20 AS build\nHEALTHCHECK CMD true\nFROM alpine:3.20\nRUN true\n"
    assert found("DL3057", text) == [("3:1-3:5", MSG)]


def test_builder_stage_needs_none():
    text = 'FROM golang:1.23 AS build\nRUN go build\nFROM alpine:3.20\nCOPY --from=build /app /app\nHEALTHCHECK CMD ["/app","health"]\n'
    assert found("DL3057", text) == []


def test_inherited_through_from_stage():
    assert found("DL3057", "FROM alpine:3.20 AS base\nHEALTHCHECK CMD true\nFROM base\nRUN true\n") == []
    assert found("DL3057", "FROM alpine:3.20 AS a\nfrom a\n") == [("2:1-2:5", MSG)]


def test_healthcheck_none_is_a_decision():
    assert found("DL3057", "FROM alpine:3.20\nHEALTHCHECK NONE\n") == []


def test_onbuild_healthcheck_is_for_child_images():
    assert found("DL3057", "FROM alpine:3.20\nONBUILD HEALTHCHECK CMD true\n") == [("1:1-1:5", MSG)]


def test_off_by_default_on_in_strict():
    text = "FROM alpine:3.20\nRUN true\n"
    assert [v.code for v in lint(text, Config(shellcheck=False)).violations if v.code == "DL3057"] == []
    assert [v.code for v in lint(text, Config(shellcheck=False, strict=True)).violations if v.code == "DL3057"] == [
        "DL3057"
    ]
