from ruletest import fixed, found


def test_flags_minority_and_mixed_case_keywords():
    text = 'FROM alpine:3.20\nrun echo hi\nRun echo ho\nCMD ["sh"]\n'
    assert found("SZ804", text) == [
        ("2:1-2:4", "Write `run` in upper case like most instructions in this file"),
        ("3:1-3:4", "Write `Run` in upper case like most instructions in this file"),
    ]


def test_lower_case_majority():
    text = 'from alpine:3.20\nrun echo hi\nCMD ["sh"]\n'
    assert found("SZ804", text) == [("3:1-3:4", "Write `CMD` in lower case like most instructions in this file")]


def test_tie_goes_to_upper_case_and_global_args_are_not_counted():
    text = "arg X=1\narg Y=2\nFROM alpine:3.20\nrun echo $X\n"
    assert found("SZ804", text) == [("4:1-4:4", "Write `run` in upper case like most instructions in this file")]


def test_consistent_file_is_clean():
    assert found("SZ804", "FROM a:1\nONBUILD RUN x\nRUN y\n") == []


def test_fix():
    assert fixed("SZ804", "FROM a:1\nrun x\nCMD y\n") == "FROM a:1\nRUN x\nCMD y\n"
