from ruletest import fixed, found, rule_work, through_memo


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


def test_keywords_before_the_first_from_in_lower_case_are_not_counted():
    assert found("SZ804", "arg X=1\nFROM alpine:3.20\nRUN echo $X\n") == []


def test_typing_a_keyword_in_another_case_and_back_finds_what_a_fresh_lint_finds():
    text = "arg X=1\nFROM alpine:3.20\nRUN echo $X\nCMD sh\n"
    texts = [text, text.replace("RUN", "rUN"), text.replace("RUN", "run"), text.replace("CMD", "cmd"), text]
    assert through_memo("SZ804", texts) == [[], ["rUN"], ["run"], ["cmd"], []]


def test_a_file_in_upper_case_is_judged_without_a_count_of_its_spellings():
    """Every keyword written in upper case, as most files are: the check reads the instructions
    not written so (none here), not the tally of every spelling the file uses."""
    few = "FROM a:1\nRUN x\n"
    many = "FROM a:1\nRUN x\nCOPY a b\nENV A=1\nARG B\nWORKDIR /w\nUSER u\nEXPOSE 1\nLABEL a=b\nVOLUME /v\nCMD y\n"
    assert rule_work("SZ804", many) == rule_work("SZ804", few)
