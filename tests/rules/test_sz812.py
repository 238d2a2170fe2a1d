from ruletest import found


def m(kw, name):
    return f"{kw} `{name}` looks like a secret; its value is kept in the image and its history: use a secret mount"


def test_flags_stage_arg_and_env_names():
    text = "ARG GLOBAL_TOKEN\nFROM a:1\nARG NPM_TOKEN DB_PASSWORD=x\nENV API_KEY=1 apikey=2 AUTH=3\nENV GPG_KEY 1234\n"
    assert found("SZ812", text) == [
        ("3:5-3:14", m("ARG", "NPM_TOKEN")),
        ("3:15-3:26", m("ARG", "DB_PASSWORD")),
        ("4:5-4:12", m("ENV", "API_KEY")),
        ("4:15-4:21", m("ENV", "apikey")),
        ("4:24-4:28", m("ENV", "AUTH")),
        ("5:5-5:12", m("ENV", "GPG_KEY")),
    ]


def test_allowed_words_and_partial_words_are_clean():
    text = "FROM a:1\nENV PUBLIC_KEY=1 TOKEN_FILE=2 KEY_VERSION=3 MONKEY=4 TOKENIZER=5 AUTHOR=6\n"
    assert found("SZ812", text) == []
