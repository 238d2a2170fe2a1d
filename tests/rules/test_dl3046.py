from ruletest import fixed, found


def test_findings_0():
    text = "FROM debian:12\nRUN useradd -u 123456 app\nRUN useradd --uid=200000 app\nRUN useradd -l -u 123456 app\nRUN useradd -u 1000 app\nRUN useradd -u $UID app\n"
    assert found("DL3046", text) == [
        ("2:16-2:22", "Add `-l` to `useradd`: UID 123456 makes lastlog and faillog huge in the layer"),
        ("3:13-3:25", "Add `-l` to `useradd`: UID 200000 makes lastlog and faillog huge in the layer"),
    ]


def test_fix():
    text = "FROM debian:12\nRUN useradd -u 123456 app\n"
    assert fixed("DL3046", text) == "FROM debian:12\nRUN useradd -l -u 123456 app\n"
