from ruletest import fixed, found

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
