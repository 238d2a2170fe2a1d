from ruletest import fixed, found, violations

MSG = "`V` is a global ARG (declared before the first FROM) and is empty in this stage: add `ARG V` after the FROM"


def test_shell_heredoc_and_env_uses_flagged_runtime_and_redeclared_not():
    text = (
        "ARG V=3.12\nFROM python:${V}-slim AS a\nRUN echo $V && X=1 && echo $X\nRUN <<EOF\necho ${V}\nEOF\n"
        "ENV W=$V\nCMD echo $V\nFROM a\nARG V\nRUN echo $V\n"
    )
    assert found("SZ701", text) == [("3:10-3:12", MSG), ("5:6-5:10", MSG), ("7:7-7:9", MSG)]
    assert fixed("SZ701", text) == (
        "ARG V=3.12\nFROM python:${V}-slim AS a\nARG V\nRUN echo $V && X=1 && echo $X\nRUN <<EOF\necho ${V}\nEOF\n"
        "ENV W=$V\nCMD echo $V\nFROM a\nARG V\nRUN echo $V\n"
    )


def test_crlf_and_onbuild():
    text = "ARG V=1\r\nFROM debian:12\r\nRUN echo $V\r\nONBUILD RUN echo $V\r\n"
    assert found("SZ701", text) == [("3:10-3:12", MSG)]
    assert fixed("SZ701", text) == "ARG V=1\r\nFROM debian:12\r\nARG V\r\nRUN echo $V\r\nONBUILD RUN echo $V\r\n"


def test_env_defined_name_is_fine():
    assert found("SZ701", "ARG V=1\nFROM debian:12\nENV V=2\nRUN echo $V\n") == []


def test_the_fix_is_unsafe_where_the_base_image_sets_the_name_and_absent_for_path():
    """``ARG PYTHON_VERSION`` in a ``python`` stage replaces the image's ``3.12.4`` with the global
    ``3.12`` for the stage's RUNs; ``ARG PATH`` would leave every RUN without its programs."""
    [v] = violations("SZ701", "ARG PYTHON_VERSION=3.12\nFROM python:3.12-slim\nRUN echo $PYTHON_VERSION\n")
    assert v.fix is not None and not v.fix.is_safe
    [v] = violations("SZ701", "ARG GOPATH=/tmp/gp\nFROM golang:1.22\nRUN echo $GOPATH\n")
    assert v.fix is not None and not v.fix.is_safe
    [v] = violations("SZ701", "ARG PATH=/x\nFROM debian:12\nRUN echo $PATH\n")
    assert v.fix is None
    [v] = violations("SZ701", "ARG VERSION=1\nFROM debian:12\nRUN echo $VERSION\n")
    assert v.fix is not None and v.fix.is_safe
