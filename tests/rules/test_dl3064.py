from __future__ import annotations

from ruletest import found


def test_secret_names_in_arg_and_env():
    text = (
        "FROM alpine:3.20\n"
        "ARG GITHUB_TOKEN\n"
        "ENV DB_PASSWORD=x AWS_ACCESS_KEY_ID=y\n"
        "ARG private_key_file=/k\n"
        "ENV API_KEY=1\n"
    )
    assert found("DL3064", text) == [
        ("2:5-2:17", "`GITHUB_TOKEN` looks like a secret; ARG values stay readable in the image"),
        ("3:5-3:16", "`DB_PASSWORD` looks like a secret; ENV values stay readable in the image"),
        ("3:19-3:36", "`AWS_ACCESS_KEY_ID` looks like a secret; ENV values stay readable in the image"),
        ("4:5-4:21", "`private_key_file` looks like a secret; ARG values stay readable in the image"),
        ("5:5-5:12", "`API_KEY` looks like a secret; ENV values stay readable in the image"),
    ]


def test_words_inside_other_words_and_public_keys_clean():
    text = (
        "FROM alpine:3.20\n"
        "ENV TOKENIZERS_PARALLELISM=false\n"
        "ENV GPG_KEY=B42F6819007F00F88E364FD4036A9C25BF357DD4\n"
        "ARG SECRETARY_EMAIL\n"
        "ARG APIKEYS_URL\n"
        "ENV AUTHOR=me\n"
    )
    assert found("DL3064", text) == []


def test_legacy_env_form():
    text = "FROM alpine:3.20\nENV CLIENT_SECRET abc\n"
    assert found("DL3064", text) == [
        ("2:5-2:18", "`CLIENT_SECRET` looks like a secret; ENV values stay readable in the image"),
    ]
