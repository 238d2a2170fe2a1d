from ruletest import found

MSG = "Tag the image `{}` with the version you build against"


def test_untagged_images_are_flagged_at_the_image_word():
    text = "FROM ubuntu\nFROM docker.io/library/debian AS d\nFROM ghcr.io/acme/tool\n"
    assert found("DL3006", text) == [
        ("1:6-1:12", MSG.format("ubuntu")),
        ("2:6-2:30", MSG.format("debian")),
        ("3:6-3:23", MSG.format("ghcr.io/acme/tool")),
    ]


def test_tags_digests_stages_scratch_are_clean():
    text = (
        "FROM ubuntu:24.04 AS base\nFROM python@sha256:" + "a" * 64 + "\nFROM base\nFROM scratch\n"
        "FROM BASE\n"  # a stage name in another case is still the stage
    )
    assert found("DL3006", text) == []


def test_arg_defaults_resolve_and_unknown_values_are_left_alone():
    text = "ARG IMAGE=quay.io/jupyter/base-notebook\nARG OTHER\nFROM $IMAGE\nFROM ${OTHER}\nFROM scratch\nARG LOCAL\nFROM $LOCAL\n"
    # $IMAGE resolves to an untagged image; $OTHER has no value yet (a --build-arg gives it one);
    # $LOCAL is a stage ARG, blank in FROM: the builder rejects that line, nothing to tag
    assert found("DL3006", text) == [("3:6-3:12", MSG.format("quay.io/jupyter/base-notebook"))]


def test_backtick_escape_and_crlf():
    assert found("DL3006", "# escape=`\r\nFROM mcr.microsoft.com/windows/servercore\r\n") == [
        ("2:6-2:42", MSG.format("mcr.microsoft.com/windows/servercore")),
    ]
