from ruletest import found


def test_findings_0():
    text = "FROM python:3.12\nRUN pip install flask 'b>=2' ./x git+https://github.com/a/b git+https://github.com/a/b@v1 $P x.whl\nRUN python3 -m pip install -U pip\nRUN pip install -r r.txt flask\n"
    assert found('DL3013', text) == [
        ('2:17-2:22', 'Pin the version of `flask` (`flask==<version>`)'),
        ('2:34-2:60', 'Pin the version of `git+https://github.com/a/b` (`git+https://github.com/a/b@<ref>`)'),
        ('3:31-3:34', 'Pin the version of `pip` (`pip==<version>`)'),
    ]
