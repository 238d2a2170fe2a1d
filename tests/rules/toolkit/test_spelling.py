from stanzalint.rules.toolkit.spelling import is_self_consistent, suggestion


def test_suggestion_prefers_another_case_then_a_near_miss():
    assert suggestion("Builder", ["builder", "build"]) == "builder"
    assert suggestion("buidler", ["builder", "runtime"]) == "builder"
    assert suggestion("zzz", ["builder"]) is None
    assert suggestion("builder", ["builder"]) is None


def test_is_self_consistent():
    assert is_self_consistent("RUN") and is_self_consistent("run") and not is_self_consistent("Run")
