from ruletest import found


def m(kw, name):
    return f"{kw} `{name}` looks like a secret; its value is kept in the image and its history: use a secret mount"


def test_flags_stage_arg_and_env_names():
    text = (
        "ARG GLOBAL_TOKEN\nFROM a:1\nARG NPM_TOKEN DB_PASSWORD=x\nENV API_KEY=1 apikey=2 AUTH=3\nENV SIGNING_KEY 1234\n"
    )
    assert found("SZ812", text) == [
        ("3:5-3:14", m("ARG", "NPM_TOKEN")),
        ("3:15-3:26", m("ARG", "DB_PASSWORD")),
        ("4:5-4:12", m("ENV", "API_KEY")),
        ("4:15-4:21", m("ENV", "apikey")),
        ("4:24-4:28", m("ENV", "AUTH")),
        ("5:5-5:16", m("ENV", "SIGNING_KEY")),
    ]


def test_allowed_words_and_partial_words_are_clean():
    text = "FROM a:1\nENV PUBLIC_KEY=1 TOKEN_FILE=2 KEY_VERSION=3 MONKEY=4 TOKENIZER=5 AUTHOR=6\n"
    assert found("SZ812", text) == []


def test_public_key_fingerprints_are_not_secrets():
    text = (
        "FROM a:1\nENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305\n"
        "ENV WORDPRESS_CLI_GPG_KEY=63AF7AA15067C05616FDDD88A3A2E8F226F0BC06 NODE_KEY_FINGERPRINT=1\n"
        'ARG KEY_ID=0x7169605F62C75135\nARG RELEASE_KEY_IDS="A821E680E5FA6305 63AF7AA1"\n'
    )
    assert found("SZ812", text) == []


def test_other_keys_stay_secrets():
    text = "FROM a:1\nARG GPG_PRIVATE_KEY\nARG AWS_ACCESS_KEY_ID=AKIAEXAMPLE\nARG KEY_ID\n"
    assert found("SZ812", text) == [
        ("2:5-2:20", m("ARG", "GPG_PRIVATE_KEY")),
        ("3:5-3:22", m("ARG", "AWS_ACCESS_KEY_ID")),
        ("4:5-4:11", m("ARG", "KEY_ID")),
    ]
