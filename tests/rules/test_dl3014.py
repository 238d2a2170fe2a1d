from ruletest import fixed, found


def test_findings_0():
    text = "FROM debian:12\nRUN apt-get install curl\nRUN apt-get install -qq curl\nRUN apt-get -y install curl\nRUN yes | apt-get install curl\n"
    assert found("DL3014", text) == [
        ("2:13-2:20", "Add `-y` so `apt-get install` does not wait for a confirmation"),
    ]


def test_fix():
    text = "FROM debian:12\nRUN apt-get update \\\n    && apt-get install curl\n"
    assert fixed("DL3014", text) == "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl\n"


def test_quiet_level_two_in_any_spelling_implies_yes():
    text = (
        "FROM debian:12\nRUN apt-get install --quiet --quiet python3=3.11.2-1\n"
        "RUN apt-get install -q -q curl\nRUN apt-get install --quiet=2 curl\nRUN apt-get install --quiet curl\n"
    )
    assert found("DL3014", text) == [("5:13-5:20", "Add `-y` so `apt-get install` does not wait for a confirmation")]


def test_aptitude_install():
    text = "FROM debian:12\nRUN aptitude install -R curl=1\nRUN aptitude -y install -R curl=1\nRUN aptitude install -qq -R curl=1\n"
    assert found("DL3014", text) == [
        ("2:14-2:21", "Add `-y` so `aptitude install` does not wait for a confirmation"),
        ("4:14-4:21", "Add `-y` so `aptitude install` does not wait for a confirmation"),
    ]
