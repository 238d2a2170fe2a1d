from ruletest import found


def test_findings_0():
    text = "FROM ruby:3.3\nRUN gem install rails bundler:2 ./x.gem\nRUN gem install rails -v 7.1\n"
    assert found("DL3028", text) == [
        ("2:17-2:22", "Pin the version of `rails` (`rails:<version>`)"),
    ]


def test_words_after_double_dash_are_build_options():
    text = "FROM ruby:3.3\nRUN gem install bundler:2.0.1 -- --use-system-libraries=true\nRUN gem install nokogiri -- --use-system-libraries\n"
    assert found("DL3028", text) == [("3:17-3:25", "Pin the version of `nokogiri` (`nokogiri:<version>`)")]


def test_short_install():
    text = "FROM ruby:3.3\nRUN gem i rails\nRUN gem i rails:7.1.3\n"
    assert found("DL3028", text) == [("2:11-2:16", "Pin the version of `rails` (`rails:<version>`)")]
