from ruletest import fixed, found


def test_findings_0():
    text = "FROM debian:12\nRUN apt update && apt install -y curl && apt list --installed && apt show curl\n"
    assert found("DL3027", text) == [
        ("2:5-2:8", "Use `apt-get` in scripts; `apt` is meant for interactive use"),
        ("2:19-2:22", "Use `apt-get` in scripts; `apt` is meant for interactive use"),
        ("2:42-2:45", "Use `apt-get` in scripts; `apt` is meant for interactive use"),
        ("2:66-2:69", "Use `apt-cache` in scripts; `apt` is meant for interactive use"),
    ]


def test_fix():
    text = "FROM debian:12\nRUN apt update && apt show curl\n"
    assert fixed("DL3027", text) == "FROM debian:12\nRUN apt-get update && apt-cache show curl\n"
