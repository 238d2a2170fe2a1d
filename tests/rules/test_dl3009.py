from ruletest import found, fixed


def test_findings_0():
    text = 'FROM debian:12 AS build\nRUN apt-get update\nFROM debian:12\nRUN apt-get update && apt-get install -y x\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\nRUN rm -rf /var/lib/apt/lists/* && apt update\nRUN apt-get update && rm -rf /var/lib/{apt,dpkg}/\nRUN apt-get update; apt-get dist-clean\n'
    assert found('DL3009', text) == [
        ('4:13-4:19', 'Delete /var/lib/apt/lists in the same RUN as `apt-get update`'),
        ('6:40-6:46', 'Delete /var/lib/apt/lists in the same RUN as `apt-get update`'),
    ]


def test_fix():
    text = 'FROM debian:12\nRUN apt-get update && apt-get install -y x\n'
    assert fixed('DL3009', text) == 'FROM debian:12\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*\n'
