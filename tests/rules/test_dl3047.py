from ruletest import fixed, found, violations


def test_findings_0():
    text = "FROM debian:12\nRUN wget http://x\nRUN wget -qO- http://x\nRUN wget -nv http://x\nRUN wget -O - http://x\nRUN wget --progress=bar http://x\n"
    assert found("DL3047", text) == [
        ("2:5-2:9", "Add `--progress=dot:giga` (or `-q`/`-nv`) so wget does not flood the build log"),
        ("5:5-5:9", "Add `--progress=dot:giga` (or `-q`/`-nv`) so wget does not flood the build log"),
    ]


def test_fix():
    text = "FROM debian:12\nRUN <<EOF\nwget http://x\nEOF\n"
    assert fixed("DL3047", text) == "FROM debian:12\nRUN <<EOF\nwget --progress=dot:giga http://x\nEOF\n"


def test_no_fix_where_wget_is_busybox_s():
    """busybox's wget (Alpine's, busybox's) has no ``--progress``: the fixed RUN would fail."""
    for image in ("alpine:3.19", "busybox:1.36", "node:20-alpine"):
        [v] = violations("DL3047", f"FROM {image}\nRUN wget https://example.com/x.tgz\n")
        assert v.fix is None, image
    assert fixed("DL3047", "FROM debian:12\nRUN wget https://example.com/x.tgz\n") == (
        "FROM debian:12\nRUN wget --progress=dot:giga https://example.com/x.tgz\n"
    )
