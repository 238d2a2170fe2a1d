"""Rules that were whole-file, declared stage- or instruction-scoped: each finding follows an
edit of what it reads outside its row (a stage it is built on or one built on it, the global
ARGs, the stage names, the file's variable names, an earlier ARG), through the memo as in a
fresh lint; each test fails when the rule's declaration leaves that out."""

from __future__ import annotations

from test_findings_memo import linted_through_memo

BASE = "FROM debian:12 AS base\nWORKDIR /srv\nFROM base\nRUN echo\nFROM base\n"


def test_a_relative_workdir_s_fix_follows_the_base_stage_s_workdir():
    text = BASE + "WORKDIR app\n"
    assert linted_through_memo(["DL3000"], text, text.replace("/srv", "/opt")) == [
        ("DL3000", "app", "Use an absolute path for WORKDIR, not `app`", "Write the absolute path /opt/app")
    ]


def test_a_relative_copy_destination_is_reported_once_the_base_stage_drops_its_workdir():
    text = BASE + "COPY a.txt .\n"
    assert linted_through_memo(["DL3045"], text) == []
    assert linted_through_memo(["DL3045"], text, text.replace("WORKDIR /srv\n", "")) == [
        ("DL3045", ".", "`.` is relative and no WORKDIR is set in this stage", None)
    ]


def test_a_relative_workdir_is_reported_once_the_base_stage_drops_its_workdir():
    text = BASE + "WORKDIR app\n"
    assert linted_through_memo(["SZ807"], text) == []
    message = "Relative WORKDIR `app` depends on the base image's working directory; use an absolute path"
    assert linted_through_memo(["SZ807"], text, text.replace("WORKDIR /srv\n", "")) == [("SZ807", "app", message, None)]


def test_a_from_variable_is_reported_once_its_global_arg_goes():
    text = "ARG TAG=12\nFROM debian:12 AS base\nRUN echo\nFROM debian:${TAG}\n"
    empty_tag = (
        "SZ813",
        "debian:${TAG}",
        "Without --build-arg, `debian:${TAG}` gives `debian:`, not a valid image reference (invalid tag ''); "
        "give the ARG a default value",
        None,
    )
    assert linted_through_memo(["SZ806", "SZ813"], text) == []
    assert linted_through_memo(["SZ806", "SZ813"], text, text.replace("ARG TAG=12\n", "ARG OTHER=12\n")) == [
        empty_tag,
        ("SZ806", "${TAG}", "`$TAG` is not declared by an ARG before the first FROM, so it is empty here", None),
    ]
    assert linted_through_memo(["SZ806", "SZ813"], text, text.replace("ARG TAG=12", "ARG TAG=")) == [empty_tag]


def test_a_from_variable_naming_a_stage_is_reported_once_the_stage_is_renamed():
    text = "ARG TARGET=build_\nFROM debian:12 AS build_\nRUN echo\nFROM ${TARGET}\n"
    assert linted_through_memo(["SZ813"], text) == []
    assert linted_through_memo(["SZ813"], text, text.replace("AS build_", "AS other")) == [
        (
            "SZ813",
            "${TARGET}",
            "Without --build-arg, `${TARGET}` gives `build_`, not a valid image reference (invalid repository name "
            "component 'build_'); give the ARG a default value",
            None,
        )
    ]


def test_a_from_variable_is_left_alone_once_a_stage_of_its_value_s_name_is_added():
    text = "ARG TARGET=build_\nFROM ${TARGET}\nRUN echo\n"
    assert [code for code, *_ in linted_through_memo(["SZ813"], text)] == ["SZ813"]
    assert linted_through_memo(["SZ813"], text, text + "FROM debian:12 AS build_\n") == []


def test_a_repeated_cmd_is_reported_in_its_own_stage():
    text = 'FROM debian:12 AS a\nCMD ["a"]\nFROM debian:12\nCMD ["b"]\n'
    edited = text + 'CMD ["c"]\n'
    assert linted_through_memo(["SZ809"], text, edited) == [
        ("SZ809", "CMD", "This CMD is ignored: a later CMD in the same stage replaces it", None)
    ]


BUILD_TIME_ENV = "FROM debian:12 AS base\nENV DEBIAN_FRONTEND=noninteractive\nFROM base\nRUN echo\n"
BUILD_TIME_MESSAGE = (
    "`DEBIAN_FRONTEND` only matters while the image builds: set it with ARG so the container does not inherit it"
)


def test_a_build_time_env_loses_its_fix_when_a_stage_built_on_it_starts_running_apt():
    assert linted_through_memo(["SZ704"], BUILD_TIME_ENV) == [
        ("SZ704", "DEBIAN_FRONTEND", BUILD_TIME_MESSAGE, "Turn ENV into ARG")
    ]
    edited = BUILD_TIME_ENV.replace("RUN echo", "RUN apt-get install -y curl")
    assert linted_through_memo(["SZ704"], BUILD_TIME_ENV, edited) == [
        ("SZ704", "DEBIAN_FRONTEND", BUILD_TIME_MESSAGE, None)
    ]


def test_a_build_time_env_is_left_alone_once_a_comment_calls_the_final_image_a_base_image():
    edited = BUILD_TIME_ENV.replace("FROM base", "# Base image for our services\nFROM base")
    assert linted_through_memo(["SZ704"], BUILD_TIME_ENV, edited) == []


def test_an_undefined_variable_s_suggestion_follows_the_names_other_stages_declare():
    """A suggestion is looked for among at most 50 names of a like length and first letters, in
    the order the file declares them: another stage's names can crowd out the one meant."""
    crowd = "FROM debian:12 AS a\nARG " + " ".join(f"APP_X{i:03d}" for i in range(50)) + "\n"
    stage = "FROM debian:12\nARG APP_DIRS=/x\nWORKDIR $APP_DIRR\n"
    message = "`$APP_DIRR` is not defined here: no ARG or ENV before this instruction sets it"
    assert linted_through_memo(["SZ808"], crowd + stage) == [("SZ808", "$APP_DIRR", message, None)]
    assert linted_through_memo(["SZ808"], crowd + stage, "FROM debian:12 AS a\nRUN echo\n" + stage) == [
        ("SZ808", "$APP_DIRR", message + " (did you mean `$APP_DIRS`?)", None)
    ]


def test_an_undefined_variable_is_defined_once_the_declaration_moves_into_the_base_stage():
    text = "FROM debian:12 AS a\nENV APP_DIR=/a\nFROM debian:12 AS base\nRUN echo\nFROM base\nWORKDIR $APP_DIR\n"
    message = "`$APP_DIR` is not defined here: no ARG or ENV before this instruction sets it"
    assert linted_through_memo(["SZ808"], text) == [("SZ808", "$APP_DIR", message, None)]
    moved = text.replace("ENV APP_DIR=/a", "RUN echo").replace("RUN echo\nFROM base", "ENV APP_DIR=/a\nFROM base")
    assert linted_through_memo(["SZ808"], text, moved) == []


def test_a_user_from_a_variable_is_reported_once_no_arg_of_the_file_declares_it():
    text = "FROM debian:12 AS a\nARG U\nFROM debian:12\nUSER $U\n"
    assert linted_through_memo(["DL3066"], text) == []
    assert linted_through_memo(["DL3066"], text, text.replace("ARG U", "ENV U=x")) == [
        ("DL3066", "$U", "User `$U` is a name; use a numeric uid the host can resolve", None)
    ]


def test_an_exposed_port_follows_the_arg_declared_earlier_in_its_stage():
    text = "FROM debian:12\nARG P=80\nRUN echo\nEXPOSE $P\n"
    assert linted_through_memo(["DL3011"], text) == []
    assert linted_through_memo(["DL3011"], text, text.replace("P=80", "P=70000")) == [
        ("DL3011", "$P", "Port 70000 is out of range: ports go from 0 to 65535", None)
    ]


def test_an_exposed_port_with_a_host_part_follows_the_base_stage_s_env_and_the_global_arg():
    text = "FROM debian:12 AS base\nENV PORT=80\nFROM base\nRUN echo\nEXPOSE ${PORT}\n"
    assert linted_through_memo(["SZ817"], text) == []
    host = text.replace("PORT=80", "PORT=8080:80")
    assert linted_through_memo(["SZ817"], text, host) == [
        (
            "SZ817",
            "${PORT}",
            "EXPOSE `8080:80` names a host address or port, which EXPOSE ignores; write only `80`",
            None,
        )
    ]
    global_arg = "ARG HOST=\nFROM debian:12 AS base\nARG HOST\nEXPOSE ${HOST}:80\n"
    assert linted_through_memo(["SZ817"], global_arg, global_arg.replace("HOST=", "HOST=8080")) == [
        (
            "SZ817",
            "${HOST}:80",
            "EXPOSE `8080:80` names a host address or port, which EXPOSE ignores; write only `80`",
            None,
        )
    ]


def test_the_as_keyword_s_case_follows_its_from_keyword_in_each_stage():
    text = "FROM debian:12 AS base\nRUN echo\nFROM base AS app\nRUN echo\n"
    assert linted_through_memo(["SZ802"], text, text.replace("FROM base", "from base")) == [
        ("SZ802", "AS", "Write `AS` as `as` to match `from`", "Write `as`")
    ]
