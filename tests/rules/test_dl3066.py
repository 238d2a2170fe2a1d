from __future__ import annotations

from ruletest import found


def msg(user: str) -> str:
    return f"User `{user}` is a name; use a numeric uid the host can resolve"


def test_names_and_env_variables_flagged():
    text = "FROM node:22-slim\nUSER node\nENV APP_USER=app\nUSER $APP_USER\nUSER app:1000\nUSER ${UNSET}\n"
    assert found("DL3066", text) == [
        ("2:6-2:10", msg("node")),
        ("4:6-4:15", msg("$APP_USER")),
        ("5:6-5:14", msg("app")),
        ("6:6-6:14", msg("${UNSET}")),
    ]


def test_numeric_ids_and_build_args_clean():
    text = "ARG uid=1000\nFROM alpine:3.20 AS base\nARG gid\nUSER 1000\nUSER 1000:1000\nFROM base\nUSER ${uid}:${gid}\n"
    assert found("DL3066", text) == []


def test_onbuild_user_flagged():
    assert found("DL3066", "FROM alpine:3.20\nONBUILD USER root\n") == [("2:14-2:18", msg("root"))]
