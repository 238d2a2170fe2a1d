from ruletest import fixed, found, violations

MSG = "User `{0}` is created but nothing switches to it: add `USER {0}`"


def test_unused_users_in_base_and_final_stage():
    text = "FROM python:3.12-slim AS b\nRUN useradd -m analyst\nFROM b\nRUN useradd bob\nUSER nobody\nCMD x\n"
    assert found("SZ502", text) == [("2:16-2:23", MSG.format("analyst")), ("4:13-4:16", MSG.format("bob"))]


def test_fix_appends_user_before_cmd():
    text = "FROM python:3.12-slim\nRUN useradd bob\nUSER nobody\nCMD x\n"
    assert fixed("SZ502", text, unsafe=True) == "FROM python:3.12-slim\nRUN useradd bob\nUSER nobody\nUSER bob\nCMD x\n"


def test_no_fix_when_a_later_stage_still_runs_commands():
    from ruletest import violations

    text = "FROM debian:12 AS b\nRUN useradd -m analyst\nFROM b\nRUN apt-get update\nUSER nobody\n"
    (v,) = violations("SZ502", text)
    assert v.fix is None


def test_final_stage_ending_as_root_is_left_to_sz501():
    assert found("SZ502", "FROM python:3.12-slim\nRUN useradd -m analyst\nCMD x\n") == []


def test_used_by_uid_by_child_stage_or_by_gosu():
    assert found("SZ502", "FROM debian:12 AS b\nRUN useradd -u 1000 a\nUSER 1000\n") == []
    assert found("SZ502", "FROM debian:12 AS b\nRUN useradd a\nFROM b\nUSER a:a\n") == []
    text = 'FROM debian:12\nRUN useradd -m analyst\nUSER nobody\nENTRYPOINT ["gosu", "analyst", "x"]\n'
    assert found("SZ502", text) == []


def test_adduser_busybox_and_heredoc():
    text = "FROM alpine:3.20 AS b\nRUN <<EOF\nadduser -D -h /home/x x\nEOF\nFROM debian:12\nUSER 1\n"
    assert found("SZ502", text) == [("3:23-3:24", MSG.format("x"))]


def test_account_with_a_password_is_a_login_account():
    # StatCan's SAS image: SAS Studio signs in as `sas`; the image itself runs as jovyan
    tail = "FROM b AS app\nUSER 1000\n"
    assert found("SZ502", 'FROM debian:12 AS b\nRUN useradd -m sas && echo "sas:sas" | chpasswd\n' + tail) == []
    assert found("SZ502", "FROM debian:12 AS b\nRUN useradd -m -p x sas\n" + tail) == []
    assert found("SZ502", "FROM debian:12 AS b\nRUN useradd -m sas\nRUN passwd -d sas\n" + tail) == []
    # a password for someone else, or a locked account, says nothing about this one
    assert found("SZ502", 'FROM debian:12 AS b\nRUN useradd -m sas && echo "root:x" | chpasswd\n' + tail) == [
        ("2:16-2:19", MSG.format("sas"))
    ]
    assert found("SZ502", "FROM debian:12 AS b\nRUN useradd -m sas && passwd -l sas\n" + tail) == [
        ("2:16-2:19", MSG.format("sas"))
    ]
    # a pipe into chpasswd from something that is not a command feeds it nothing, not the words
    # of the RUN before
    text = 'FROM debian:12 AS b\nRUN useradd -m sas && echo "sas:x" > /dev/null\nRUN X=1 | chpasswd\n'
    assert found("SZ502", text + tail) == [("2:16-2:19", MSG.format("sas"))]


def test_image_with_a_privilege_dropping_tool_switches_at_run_time():
    # moby/buildkit's integration tests run rootless buildkitd through `sudo -u`
    tail = "FROM b AS app\nUSER 1000\n"
    text = "FROM alpine:3.20 AS b\nRUN apk add --no-cache shadow sudo \\\n  && useradd --create-home --uid 1000 user\n"
    assert found("SZ502", text + tail) == []
    gosu = "FROM debian:12 AS b\nRUN useradd -r redis\nCOPY --from=tianon/gosu /gosu /usr/local/bin/\n"
    assert found("SZ502", gosu + tail) == []
    fetched = (
        "FROM debian:12 AS b\nRUN useradd -r redis \\\n"
        "  && wget -O /usr/local/bin/gosu https://example.org/gosu-amd64\n"
    )
    assert found("SZ502", fetched + tail) == []
    heredoc = "FROM debian:12 AS b\nRUN <<EOF\napt-get install -y su-exec\nuseradd -r svc\nEOF\n"
    assert found("SZ502", heredoc + tail) == []


def test_admin_rights_keep_the_finding():
    tail = "FROM b AS app\nUSER 1000\n"
    sudoers = (
        "FROM debian:12 AS b\nRUN apt-get install -y sudo && useradd -m dev \\\n"
        "  && echo 'dev ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers\n"
    )
    assert found("SZ502", sudoers + tail) == [("2:43-2:46", MSG.format("dev"))]
    group = 'FROM debian:12 AS b\nRUN useradd -m -G sudo dev && echo "dev:dev" | chpasswd\n'
    assert found("SZ502", group + tail) == [("2:24-2:27", MSG.format("dev"))]
    copied = "FROM debian:12 AS b\nRUN apt-get install -y sudo && useradd -m dev\nCOPY sudoers /etc/sudoers\n"
    assert found("SZ502", copied + tail) == [("2:43-2:46", MSG.format("dev"))]


def test_builder_account_recreated_by_the_stage_that_copies_from_it():
    builder = "FROM python:3.12-slim AS builder\nRUN useradd -m model\nCOPY --chown=model app /app\n"
    final = "FROM python:3.12-slim\nRUN useradd -m model\nCOPY --from=builder /app /app\nUSER model\nCMD x\n"
    assert found("SZ502", builder + final) == []
    # the copying stage must create the same user and switch to it; copying alone is not enough
    assert found("SZ502", builder + final.replace("USER model", "USER nobody")) == [
        ("2:16-2:21", MSG.format("model")),
        ("5:16-5:21", MSG.format("model")),
    ]
    # and it must copy from this stage, not just exist after it
    other = final.replace("--from=builder", "--from=python:3.12-slim")
    assert found("SZ502", builder + other) == [("2:16-2:21", MSG.format("model"))]


def test_dev_environment_account_is_for_the_editor():
    # Docker Dev Environments attach as vscode; USER vscode would lock it out of the root-owned
    # workdir that `mvn spring-boot:run` writes to
    text = (
        "FROM maven:3.9-eclipse-temurin-21 AS builder\nWORKDIR /workdir/server\nRUN mvn install\n"
        'FROM builder AS dev-envs\nRUN useradd -s /bin/bash -m vscode\nCMD ["mvn", "spring-boot:run"]\n'
        "FROM eclipse-temurin:21-jre\nUSER 1000\n"
    )
    assert found("SZ502", text) == []


def test_account_left_for_images_built_on_it_or_for_the_server():
    # the official node image creates node for downstream `USER node` and stays root itself
    node = 'FROM debian:bookworm-slim\nRUN useradd -m node\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["node"]\n'
    assert found("SZ502", node) == []
    httpd = "FROM debian:12\nRUN useradd -r www-data\nRUN sed -i 's/^User daemon/User www-data/' httpd.conf\nCMD [\"httpd-foreground\"]\n"
    assert found("SZ502", httpd) == []
    # once the image switches to another user it is no longer leaving root for anyone
    assert found("SZ502", node.replace("CMD", "USER nobody\nCMD")) == [("2:16-2:20", MSG.format("node"))]


def test_account_a_privilege_dropping_server_runs_its_workers_as_is_left_alone():
    text = 'FROM debian:12-slim\nRUN useradd -r nginx && apt-get install -y nginx\nCMD ["nginx", "-g", "daemon off;"]\n'
    assert found("SZ502", text) == []


def test_test_fixtures_are_never_built():
    text = "FROM debian:12 AS build\nRUN useradd -m builder\nRUN make\nFROM debian:12\nCOPY --from=build /out /out\n"
    assert found("SZ502", text, path="app/Dockerfile") == [("2:16-2:23", MSG.format("builder"))]
    assert found("SZ502", text, path="parser/testfiles/users/Dockerfile") == []


def test_work_grows_linearly_with_the_users_of_a_stage():
    from ruletest import rule_work

    def stage(users: int) -> str:
        runs = "".join(f"RUN useradd u{i}\nRUN echo {i}\nUSER nobody\n" for i in range(users))
        return f"FROM debian:12\n{runs}CMD x\n"

    assert rule_work("SZ502", stage(200)) <= 2.2 * rule_work("SZ502", stage(100))


def test_work_grows_linearly_with_the_stages_that_create_users():
    from ruletest import rule_work

    def stages(count: int) -> str:
        return "".join(
            f"FROM debian:12 AS s{i}\n"
            + (f"COPY --from=s{i - 1} /a /a\n" if i else "")
            + f"RUN useradd u{i}\nUSER nobody\n"
            for i in range(count)
        )

    assert rule_work("SZ502", stages(200)) <= 2.2 * rule_work("SZ502", stages(100))


def test_no_user_appended_over_a_non_root_user_the_author_chose():
    """The image already runs as an account the file creates (``web``): the author chose it."""
    for user in ("web", "web:web"):
        text = f'FROM debian:12\nRUN useradd -m app && useradd -m web\nUSER {user}\nCMD ["./run"]\n'
        assert [v.fix for v in violations("SZ502", text)] == [None], user
