from ruletest import found


def test_unused_global_and_stage_args():
    text = (
        "ARG A=1\nARG B\nARG C\nFROM python:${A}\nARG C\nARG D=2\nARG E\n"
        "ARG DEBIAN_FRONTEND=noninteractive\nRUN echo $E\nRUN apt-get update\n"
    )
    assert found("SZ702", text) == [
        ("2:5-2:6", "ARG `B` is declared but no FROM line or stage uses it"),
        ("5:5-5:6", "ARG `C` is declared but nothing in its stage reads it"),
        ("6:5-6:8", "ARG `D` is declared but nothing in its stage reads it"),
    ]


def test_scripts_and_build_tools_may_read_it():
    assert found("SZ702", "FROM debian:12\nARG GIT_SHA\nRUN cargo build --release\n") == []
    assert found("SZ702", "FROM debian:12\nARG V\nRUN ./build.sh\n") == []
    assert found("SZ702", "FROM debian:12\nARG BUILDKIT_INLINE_CACHE=1\nARG HTTP_PROXY\n") == []


def test_heredoc_reference_counts():
    assert found("SZ702", "FROM debian:12\nARG V=1\nRUN <<EOF\necho $V\nEOF\n") == []
