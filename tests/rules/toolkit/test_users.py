from stanzalint.rules.toolkit.users import (
    created_users,
    creates_accounts,
    is_root_user,
    last_user,
    names_run_as_in,
    names_started_as,
    normalise_user,
    user_named,
    users_created_by,
)
from toolkit_input import analysed


def test_is_root_user():
    assert is_root_user("root") and is_root_user("0:0") and is_root_user(" root:app")
    assert not is_root_user("app") and not is_root_user("1000:0")


def test_last_user_is_inherited_through_from_stage():
    _, analysis = analysed("FROM a AS base\nUSER app\nFROM base\nRUN x\n")
    assert last_user(analysis.stages[1]).args[0].value == "app"
    _, analysis = analysed("FROM a\nRUN x\n")
    assert last_user(analysis.stages[0]) is None


def test_created_users_with_their_uid():
    _, analysis = analysed("FROM a\nRUN useradd -u 1001 -m app && adduser -D -u1002 web && adduser app sudo\n")
    assert [(u.name, u.uid) for u in created_users(analysis, analysis.stages[0])] == [("app", "1001"), ("web", "1002")]


def test_the_users_one_run_creates_and_whether_its_commands_create_any():
    _, analysis = analysed(
        "FROM a\nRUN echo && useradd app\nRUN adduser -D web && adduser app sudo\nRUN chown app /x\n"
    )
    stage = analysis.stages[0]
    runs = [ins for ins in stage.instructions if ins.keyword == "RUN"]
    assert [[u.name for u in users_created_by(analysis, run, stage)] for run in runs] == [["app"], ["web"], []]
    assert [creates_accounts(analysis.commands(run)) for run in runs] == [True, True, False]


def test_user_line_names_and_the_user_a_user_line_names():
    _, analysis = analysed("FROM a\nRUN useradd -u 1001 ${APP_USER}\n")
    user = created_users(analysis, analysis.stages[0])[0]
    assert user.user_line_names == ["$APP_USER", "1001"]
    assert user_named("${APP_USER}:app") == "$APP_USER" and user_named(" 1001") == "1001"
    assert normalise_user('"${A}"') == "$A"


def test_names_run_as_through_a_privilege_drop():
    dockerfile, analysis = analysed(
        'FROM a\nRUN useradd app && usermod -aG sudo app\nENTRYPOINT ["gosu", "app:app", "server"]\n'
    )
    run, entrypoint = dockerfile.instructions[1:]
    assert names_run_as_in(analysis.commands(run)) == set()  # ``-aG sudo`` names a group
    assert {"app", "server", "gosu"} <= names_started_as(entrypoint)
    dockerfile, analysis = analysed("FROM a\nRUN sudo -u '#1000' buildkitd && gosu \"${APP}:app\" true\n")
    assert {"-u", "#1000", "$APP", "app", "true"} <= names_run_as_in(analysis.commands(dockerfile.instructions[1]))
    dockerfile, _ = analysed('FROM a\nCMD ["server"]\n')
    assert names_started_as(dockerfile.instructions[1]) == set()
