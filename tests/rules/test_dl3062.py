from ruletest import found


def test_findings_0():
    text = "FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@latest github.com/a/b@v1.2.0 github.com/c/d ./...\nRUN go run main.go\nRUN go get -ldflags x github.com/e/f\n"
    assert found("DL3062", text) == [
        ("2:16-2:47", "Pin the version of `golang.org/x/tools/gopls` (`golang.org/x/tools/gopls@<version>`)"),
        ("2:70-2:84", "Pin the version of `github.com/c/d` (`github.com/c/d@<version>`)"),
        ("4:23-4:37", "Pin the version of `github.com/e/f` (`github.com/e/f@<version>`)"),
    ]
