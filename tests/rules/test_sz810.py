from ruletest import fixed, found


def test_flags_legacy_env_and_label():
    text = "FROM debian:12-slim\nENV APP_HOME /srv/app\nLABEL maintainer Jane Doe\nENV A=1 B=2\n"
    assert found("SZ810", text) == [
        ("2:5-2:13", "Write `ENV APP_HOME=value` instead of the legacy `ENV APP_HOME value` form"),
        ("3:7-3:17", "Write `LABEL maintainer=value` instead of the legacy `LABEL maintainer value` form"),
    ]


def test_fix_quotes_only_when_needed():
    text = 'FROM debian:12-slim\nENV APP_HOME /srv/app\nLABEL maintainer Jane  Doe\nENV MSG "a b"\nENV P $HOME/bin\n'
    assert fixed("SZ810", text) == (
        'FROM debian:12-slim\nENV APP_HOME=/srv/app\nLABEL maintainer="Jane  Doe"\nENV MSG="a b"\nENV P=$HOME/bin\n'
    )


def test_no_fix_when_quotes_and_spaces_mix():
    from ruletest import violations

    [v] = violations("SZ810", 'FROM a:1\nENV X it\'s "odd"\n')
    assert v.fix is None


def test_onbuild_and_key_value_form_are_clean():
    assert found("SZ810", 'FROM a:1\nONBUILD ENV A b\nENV A=b\nLABEL a="b c"\n') == []


def test_continuation_and_crlf():
    text = "FROM a:1\r\nENV PATH /opt/bin:\\\r\n    $PATH\r\n"
    assert fixed("SZ810", text) == 'FROM a:1\r\nENV PATH="/opt/bin:    $PATH"\r\n'
