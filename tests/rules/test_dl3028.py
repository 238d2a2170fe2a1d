from ruletest import found


def test_findings_0():
    text = 'FROM ruby:3.3\nRUN gem install rails bundler:2 ./x.gem\nRUN gem install rails -v 7.1\n'
    assert found('DL3028', text) == [
        ('2:17-2:22', 'Pin the version of `rails` (`rails:<version>`)'),
    ]
