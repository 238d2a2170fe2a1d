from __future__ import annotations

from ruletest import fixed, found, violations


def test_uv_and_poetry_get_no_cache_flag():
    text = (
        "FROM python:3.12-slim\n"
        "RUN uv pip install --system -r requirements.txt\n"
        "RUN uv sync --frozen && poetry install --no-root\n"
    )
    assert found("SZ405", text) == [
        ("2:5-2:48", "`uv` keeps its download cache in this layer; add `--no-cache` or use a cache mount"),
        ("3:5-3:21", "`uv` keeps its download cache in this layer; add `--no-cache` or use a cache mount"),
        ("3:25-3:49", "`poetry` keeps its download cache in this layer; add `--no-cache` or use a cache mount"),
    ]
    assert fixed("SZ405", text) == (
        "FROM python:3.12-slim\n"
        "RUN uv pip install --no-cache --system -r requirements.txt\n"
        "RUN uv sync --no-cache --frozen && poetry install --no-cache --no-root\n"
    )


def test_npm_and_yarn_get_clean_appended():
    text = "FROM node:22-slim\nRUN npm ci\nRUN yarn install --frozen-lockfile\nONBUILD RUN npm install -g pm2\n"
    assert found("SZ405", text) == [
        (
            "2:5-2:11",
            "`npm` keeps its download cache in this layer; end the RUN with `npm cache clean --force` or use a cache mount",
        ),
        (
            "3:5-3:35",
            "`yarn` keeps its download cache in this layer; end the RUN with `yarn cache clean` or use a cache mount",
        ),
        (
            "4:13-4:31",
            "`npm` keeps its download cache in this layer; end the RUN with `npm cache clean --force` or use a cache mount",
        ),
    ]
    assert fixed("SZ405", text) == (
        "FROM node:22-slim\nRUN npm ci && npm cache clean --force\nRUN yarn install --frozen-lockfile && yarn cache clean\n"
        "ONBUILD RUN npm install -g pm2 && npm cache clean --force\n"
    )


def test_tools_without_a_switch_get_no_fix():
    text = (
        "FROM ruby:3.3\nRUN gem install rails && bundle install && cargo install ripgrep && pipenv install --system\n"
    )
    assert [m for _, m in found("SZ405", text)] == [
        "`gem` keeps its download cache in this layer; delete its cache directory in the same RUN or use a cache mount",
        "`bundle` keeps its download cache in this layer; delete its cache directory in the same RUN or use a cache mount",
        "`cargo` keeps its download cache in this layer; delete its cache directory in the same RUN or use a cache mount",
        "`pipenv` keeps its download cache in this layer; delete its cache directory in the same RUN or use a cache mount",
    ]
    assert all(v.fix is None for v in violations("SZ405", text))


def test_cache_mounts_settings_and_cleanups_satisfy():
    text = (
        "FROM python:3.12-slim\n"
        "ENV UV_NO_CACHE=1\n"
        "RUN uv pip install --system x\n"
        "RUN --mount=type=cache,target=/root/.npm npm ci\n"
        "RUN --mount=type=cache,target=/root/.cache/pypoetry poetry install\n"
        "RUN npm ci && npm cache clean --force\n"
        "RUN yarn install && yarn cache clean\n"
        "RUN poetry install && rm -rf $POETRY_CACHE_DIR /root/.cache/pypoetry\n"
        "RUN PIP_NO_CACHE_DIR=1 pipenv install --system\n"
        "RUN gem install bundler && rm -rf /usr/local/bundle/cache\n"
        "RUN npm run build && pip install x\n"
    )
    assert found("SZ405", text) == []


def test_yarn_version_is_not_an_install():
    assert found("SZ405", "FROM node:22\nRUN yarn --version && npm --version\n") == []


def test_fix_covers_every_uv_command_of_the_run():
    text = "FROM python:3.12-slim\nRUN uv sync --frozen && uv pip install requests\n"
    assert (
        fixed("SZ405", text)
        == "FROM python:3.12-slim\nRUN uv sync --no-cache --frozen && uv pip install --no-cache requests\n"
    )
