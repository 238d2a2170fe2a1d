from toolkit_input import analysed

from stanzalint.rules.toolkit.users import (
    created_users,
    is_root_user,
    last_user,
    normalise_user,
    user_matches,
    user_used_elsewhere,
)


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


def test_user_matches_by_name_or_uid():
    _, analysis = analysed("FROM a\nRUN useradd -u 1001 ${APP_USER}\n")
    user = created_users(analysis, analysis.stages[0])[0]
    assert user_matches("$APP_USER:app", user) and user_matches("1001", user) and not user_matches("root", user)
    assert normalise_user("\"${A}\"") == "$A"


def test_user_used_elsewhere_through_a_privilege_drop():
    _, analysis = analysed("FROM a\nRUN useradd app && usermod -aG sudo app\nENTRYPOINT [\"gosu\", \"app\", \"server\"]\n")
    stage = analysis.stages[0]
    assert user_used_elsewhere(analysis, [stage], created_users(analysis, stage)[0])
    _, analysis = analysed("FROM a\nRUN useradd app && usermod -aG sudo app\nCMD [\"server\"]\n")
    stage = analysis.stages[0]
    assert not user_used_elsewhere(analysis, [stage], created_users(analysis, stage)[0])
