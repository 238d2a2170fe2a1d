from ruletest import found


def test_unused_global_and_stage_args():
    text = (
        "ARG A=1\nARG B\nARG C\nFROM python:${A}\nARG C\nARG D=2\nARG E\n"
        "ARG DEBIAN_FRONTEND=noninteractive\nRUN echo $E\nRUN apt-get update\n"
    )
    assert found("SZ702", text) == [
        ("2:5-2:6", "ARG `B` is declared but no FROM line or stage uses it"),
        ("5:5-5:6", "ARG `C` is declared but nothing in its stage reads it"),
        ("6:5-6:8", "ARG `D` is declared but nothing in its stage reads it"),
    ]


def test_scripts_and_build_tools_may_read_it():
    assert found("SZ702", "FROM debian:12\nARG GIT_SHA\nRUN cargo build --release\n") == []
    assert found("SZ702", "FROM debian:12\nARG V\nRUN ./build.sh\n") == []
    assert found("SZ702", "FROM debian:12\nARG BUILDKIT_INLINE_CACHE=1\nARG HTTP_PROXY\n") == []


def test_heredoc_reference_counts():
    assert found("SZ702", "FROM debian:12\nARG V=1\nRUN <<EOF\necho $V\nEOF\n") == []


def test_a_fragment_without_from_reads_its_args_like_a_stage():
    text = (
        "ARG TOOL_VERSION=1.2.3\nARG TOOL_SHA=abc123\nRUN curl -fsSLo /tmp/t.tgz https://example.com/t-${TOOL_VERSION}.tgz \\\n"
        '    && echo "${TOOL_SHA}  /tmp/t.tgz" | sha256sum -c -\nARG UNUSED=1\n'
    )
    assert found("SZ702", text) == [("5:5-5:13", "ARG `UNUSED` is declared but nothing after it reads it")]


def test_a_fragment_arg_the_tools_read_from_the_environment():
    assert found("SZ702", "ARG NODE_OPTIONS=--openssl-legacy-provider\nRUN node build.js\n") == []


def test_a_stage_redeclaring_a_bare_arg_takes_the_base_stages_value():
    text = (
        "FROM debian:12 AS base\nARG BRANCH=main\nFROM base AS build\nARG BRANCH\n"
        "RUN git clone -b ${BRANCH} https://example.com/repo.git\n"
    )
    assert found("SZ702", text) == []


def test_a_bare_arg_in_an_unrelated_stage_does_not_reach_back():
    text = (
        "FROM debian:12 AS base\nARG BRANCH=main\nFROM debian:12 AS build\nARG BRANCH\n"
        "RUN git clone -b ${BRANCH} https://example.com/repo.git\n"
    )
    assert found("SZ702", text) == [("2:5-2:16", "ARG `BRANCH` is declared but nothing in its stage reads it")]


def test_a_run_that_dumps_its_environment_reads_every_arg():
    text = "FROM debian:12\nARG GIT_COMMIT\nARG VERSION\nRUN env | sed 's/^/#/' > /manifest.txt\n"
    assert found("SZ702", text) == []
    assert found("SZ702", "FROM debian:12\nARG VERSION\nRUN env -i ls\n") == [
        ("2:5-2:12", "ARG `VERSION` is declared but nothing in its stage reads it"),
    ]


def test_a_program_built_in_this_build_or_a_bind_mounted_script_may_read_it():
    built = (
        "FROM golang:1.26 AS gen\nRUN go build -o /out/docsgen ./docs\n"
        "FROM alpine:3.23\nCOPY --from=gen /out/docsgen /usr/bin\nARG EXPERIMENTAL\nRUN docsgen --formats md\n"
    )
    assert found("SZ702", built) == []
    # the same copy from a stage that builds nothing: a downloaded tool is not the project's code
    fetched = built.replace("RUN go build -o /out/docsgen ./docs", "RUN wget -O /out/docsgen https://example.com/d")
    assert found("SZ702", fetched) == [("5:5-5:17", "ARG `EXPERIMENTAL` is declared but nothing in its stage reads it")]
    bound = "FROM debian:12\nARG V=1\nRUN --mount=type=bind,source=scripts,target=/tmp/build-scripts /tmp/build-scripts/install\n"
    assert found("SZ702", bound) == []
    assert found("SZ702", bound.replace("/tmp/build-scripts/install", "/usr/bin/install x y")) == [
        ("2:5-2:8", "ARG `V` is declared but nothing in its stage reads it")
    ]


def test_only_a_run_after_the_arg_gives_it_the_benefit_of_the_doubt():
    text = "FROM debian:12\nARG A=1\nRUN ./build.sh\nARG B=2\nRUN echo done\nRUN echo again\n"
    assert found("SZ702", text) == [("4:5-4:8", "ARG `B` is declared but nothing in its stage reads it")]


def test_two_bare_names_ask_whether_a_value_was_meant():
    text = "FROM debian:12\nARG DEBIAN_FRONTEND noninteractive\nRUN apt-get update\n"
    assert found("SZ702", text) == [
        (
            "2:21-2:35",
            "ARG `noninteractive` is declared but nothing in its stage reads "
            "it: did you mean `DEBIAN_FRONTEND=noninteractive`?",
        )
    ]


def test_work_grows_linearly_with_the_unused_args_of_a_stage():
    from ruletest import rule_work

    def stage(args: int) -> str:
        return "FROM debian:12\n" + "".join(f"ARG A{i}\nRUN echo {i}\n" for i in range(args))

    assert rule_work("SZ702", stage(200)) <= 2.2 * rule_work("SZ702", stage(100))


def test_a_stage_whose_args_are_all_read_is_checked_without_reading_its_commands():
    from ruletest import rule_work

    def stage(commands: int) -> str:
        run = "RUN " + " && ".join(f"echo {i}" for i in range(commands)) + "\n"
        return "FROM debian:12\nARG V=1\n" + run * 50 + "RUN echo $V\n"

    assert rule_work("SZ702", stage(20)) == rule_work("SZ702", stage(2))
