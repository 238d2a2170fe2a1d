from stanzalint.rules.toolkit.spelling import Suggester, is_self_consistent, suggestion


def test_suggestion_prefers_another_case_then_a_near_miss():
    assert suggestion("Builder", ["builder", "build"]) == "builder"
    assert suggestion("buidler", ["builder", "runtime"]) == "builder"
    assert suggestion("zzz", ["builder"]) is None
    assert suggestion("builder", ["builder"]) is None


def test_suggester_answers_as_suggestion_among_the_usable_names():
    names = ["APP_HOME", "APP_HOMES", "app_home", "GOLANG_VERSION", "GO_VERSION", "XX_VERSION", "NODE_VERSION"]
    suggester = Suggester(names)
    for name in ("APP_HOM", "APP_HOME", "GO_VERSON", "NODE_VERSIO", "GOLANG_VERSIN", "ZZZ"):
        for usable in (names, names[1:], names[3:], []):
            assert suggester.suggestion(name, usable.__contains__) == suggestion(name, usable), (name, usable)
    assert suggester.suggestion("APP_HOM", {"APP_HOMES", "APP_HOME"}.__contains__) == "APP_HOME"


def test_suggester_reads_few_names_and_asks_only_about_close_ones():
    many = [f"PKG_{k}_VERSION" for k in range(1000)]
    asked: list[str] = []
    assert Suggester([*many, "APP_HOME"]).suggestion("APP_HOM", lambda n: asked.append(n) or True) == "APP_HOME"
    assert asked == ["APP_HOME"]
    # at most ``most_read`` names, the nearest length first: here VERSION_100 to VERSION_104
    versions = [f"VERSION_{k}" for k in range(1000)]
    assert suggestion("VERSION_99X", versions) == "VERSION_99"
    assert Suggester(versions, most_read=5).suggestion("VERSION_99X", lambda n: True) is None
    assert Suggester(versions, most_read=5).suggestion("VERSION_10X", lambda n: True) == "VERSION_104"
    # names that share neither the first nor the last three letters are not read
    assert Suggester(["XPP_HOME_DIX"]).suggestion("APP_HOME_DIR", lambda n: True) is None
    assert suggestion("APP_HOME_DIR", ["XPP_HOME_DIX"]) == "XPP_HOME_DIX"


def test_is_self_consistent():
    assert is_self_consistent("RUN") and is_self_consistent("run") and not is_self_consistent("Run")
