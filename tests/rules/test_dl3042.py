from ruletest import fixed, found


def test_findings_0():
    text = "FROM python:3.12\nRUN pip install x==1\nRUN python -m pip install x==1\nRUN --mount=type=cache,target=/root/.cache pip install x==1\nRUN PIP_NO_CACHE_DIR=1 pip install x==1\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x==1\n"
    assert found("DL3042", text) == [
        ("2:9-2:16", "Add `--no-cache-dir` so pip's download cache stays out of the image"),
        ("3:19-3:26", "Add `--no-cache-dir` so pip's download cache stays out of the image"),
    ]


def test_fix():
    text = "# escape=`\nFROM python:3.12\nRUN python -m pip install `\n    x==1\n"
    assert (
        fixed("DL3042", text) == "# escape=`\nFROM python:3.12\nRUN python -m pip install --no-cache-dir `\n    x==1\n"
    )


def test_any_value_of_pip_no_cache_dir_turns_the_cache_off():
    text = "FROM python:3.12\nENV PIP_NO_CACHE_DIR=0\nRUN pip install flask==3.0.3\n"
    assert found("DL3042", text) == []
