from ruletest import found


def msg(name, near=None):
    m = f"`${name}` is not defined here: no ARG or ENV before this instruction sets it"
    return m + (f" (did you mean `${near}`?)" if near else "")


def test_global_arg_needs_redeclaring_in_the_stage():
    text = "ARG VERSION=1.4\nFROM alpine:3.20\nCOPY app-${VERSION}.tgz /tmp/\n"
    assert found("SZ808", text) == [("3:10-3:20", msg("VERSION"))]


def test_redeclared_arg_env_and_path_are_clean():
    text = "ARG VERSION=1.4\nFROM alpine:3.20\nARG VERSION\nENV HOME_DIR=/srv PATH=/opt:$PATH\nCOPY app-${VERSION}.tgz $HOME_DIR/\n"
    assert found("SZ808", text) == []


def test_default_forms_are_flagged_like_buildkit_and_typos_get_a_suggestion():
    text = "FROM alpine:3.20\nENV APP_HOME=/srv\nWORKDIR ${APP_HOM:-/srv}\n"
    assert found("SZ808", text) == [("3:9-3:25", msg("APP_HOM", "APP_HOME"))]


def test_whole_env_line_is_expanded_before_it_takes_effect():
    text = "FROM alpine:3.20\nENV A=/x B=$A/y\n"
    assert found("SZ808", text) == [("2:12-2:14", msg("A"))]


def test_stage_arg_items_are_declared_one_by_one():
    assert found("SZ808", "FROM alpine:3.20\nARG A=1 B=$A\n") == []


def test_platform_args_need_declaring_in_the_stage():
    text = "FROM alpine:3.20\nRUN --mount=type=cache,target=/c,id=c-$TARGETARCH echo $UNSET_IN_SHELL\n"
    assert found("SZ808", text) == [("2:39-2:50", msg("TARGETARCH"))]
    assert (
        found("SZ808", "FROM alpine:3.20\nARG TARGETARCH\nRUN --mount=type=cache,target=/c,id=c-$TARGETARCH ls\n") == []
    )


def test_shell_scripts_cmd_expose_and_onbuild_are_not_checked():
    text = "FROM alpine:3.20\nRUN echo $X\nRUN <<EOF\necho $Y\nEOF\nCMD echo $Z\nEXPOSE $PORT\nONBUILD COPY $W /w\n"
    assert found("SZ808", text) == []


def test_parent_stage_args_and_env_are_inherited():
    text = "FROM alpine:3.20 AS base\nARG TARGETPLATFORM\nENV E=1\nFROM base\nCOPY $TARGETPLATFORM/$E /x\n"
    assert found("SZ808", text) == []


def test_known_image_env_and_unknown_images():
    assert found("SZ808", "FROM python:3.12-slim\nLABEL py=$PYTHON_VERSION\n") == []
    assert found("SZ808", "FROM example.com/tools:1\nLABEL v=$TOOL_VERSION\n") == []
    assert found("SZ808", "FROM scratch\nLABEL v=$TOOL_VERSION\n") == [("2:9-2:22", msg("TOOL_VERSION"))]


def test_copy_from_and_heredoc_bodies():
    text = "FROM alpine:3.20\nCOPY <<EOF /etc/conf\nhost=$HOST\nEOF\nCOPY <<'EOF' /etc/raw\n$RAW\nEOF\n"
    assert found("SZ808", text) == [("3:6-3:11", msg("HOST"))]


def test_an_explicit_empty_default_is_on_purpose():
    text = 'FROM scratch\nENV CONDA_OVERRIDE_CUDA="${CUDA_VERSION:-}" B=${TOOL_HOME-} C=${TOOL_HOM:-/opt}\n'
    assert found("SZ808", text) == [("2:63-2:80", msg("TOOL_HOM"))]


def test_no_suggestion_among_more_names_than_the_bound():
    from stanzalint.rules.sz808 import MOST_NAMES_TO_SUGGEST_FROM

    many = "".join(f"ENV V{k}=1\n" for k in range(MOST_NAMES_TO_SUGGEST_FROM))
    text = f"FROM alpine:3.20\nENV APP_HOME=/srv\n{many}WORKDIR ${{APP_HOM}}\n"
    line = MOST_NAMES_TO_SUGGEST_FROM + 3
    assert found("SZ808", text) == [(f"{line}:9-{line}:19", msg("APP_HOM"))]
    fewer = text.replace("ENV V0=1\n", "")
    assert found("SZ808", fewer) == [(f"{line - 1}:9-{line - 1}:19", msg("APP_HOM", "APP_HOME"))]


def test_a_suggestion_is_a_name_in_scope_at_the_reference():
    later = "FROM alpine:3.20\nWORKDIR ${APP_HOM}\nENV APP_HOME=/srv\n"
    assert found("SZ808", later) == [("2:9-2:19", msg("APP_HOM"))]
    sibling = "FROM alpine:3.20 AS a\nENV APP_HOME=/srv\nFROM alpine:3.20 AS b\nWORKDIR ${APP_HOM}\n"
    assert found("SZ808", sibling) == [("4:9-4:19", msg("APP_HOM"))]
    base = "FROM alpine:3.20 AS a\nENV APP_HOME=/srv\nFROM a AS b\nWORKDIR ${APP_HOM}\n"
    assert found("SZ808", base) == [("4:9-4:19", msg("APP_HOM", "APP_HOME"))]


def test_the_same_name_in_another_case_comes_first():
    text = "FROM alpine:3.20\nENV app_home=/srv APP_HOMES=/x\nWORKDIR ${APP_HOME}\n"
    assert found("SZ808", text) == [("3:9-3:20", msg("APP_HOME", "app_home"))]
