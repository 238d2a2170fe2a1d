from ruletest import fixed, found


def test_findings_0():
    text = "FROM alpine:3.20\nRUN apk add curl=1\nRUN apk update && apk add --update curl=1\nRUN --mount=type=cache,target=/var/cache/apk apk add curl=1\nRUN apk add curl=1 && rm -rf /var/cache/apk/*\n"
    assert found("DL3019", text) == [
        ("2:9-2:12", "Add `--no-cache` so apk keeps no indexes or packages in the image"),
        ("3:23-3:26", "Add `--no-cache` so apk keeps no indexes or packages in the image"),
    ]


def test_fix():
    text = "FROM alpine:3.20\nONBUILD RUN apk add curl=1\n"
    assert fixed("DL3019", text) == "FROM alpine:3.20\nONBUILD RUN apk add --no-cache curl=1\n"


def test_work_grows_linearly_with_the_builder_stages():
    from ruletest import rule_work

    def stages(count: int) -> str:
        return "".join(f"FROM alpine:3.20 AS s{i}\nRUN apk add a{i}\n" for i in range(count))

    assert rule_work("DL3019", stages(200)) <= 2.2 * rule_work("DL3019", stages(100))
