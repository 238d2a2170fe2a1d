from ruletest import found


def test_findings_0():
    text = "FROM node:20\nRUN npm install\nRUN npm install -g express @scope/x @scope/y@1 lodash@4 ./local a/b a/b#v1 git+https://x/y.git\nRUN npm install --prefix /opt/ui react@18\n"
    assert found("DL3016", text) == [
        ("3:20-3:27", "Pin the version of `express` (`express@<version>`)"),
        ("3:28-3:36", "Pin the version of `@scope/x` (`@scope/x@<version>`)"),
        ("3:65-3:68", "Pin the version of `a/b` (`a/b#<ref>`)"),
        ("3:76-3:95", "Pin the version of `git+https://x/y.git` (`git+https://x/y.git#<ref>`)"),
    ]
