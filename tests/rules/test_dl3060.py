from ruletest import fixed, found


def test_findings_0():
    text = "FROM node:20\nRUN yarn install\nRUN yarn install && yarn cache clean\nRUN yarn cache clean && yarn install --frozen-lockfile\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\nRUN yarn add react\n"
    assert found("DL3060", text) == [
        ("2:10-2:17", "Run `yarn cache clean` after `yarn install` in the same RUN"),
        ("4:30-4:37", "Run `yarn cache clean` after `yarn install` in the same RUN"),
    ]


def test_fix():
    text = "FROM node:20\nRUN yarn install --frozen-lockfile\n"
    assert fixed("DL3060", text) == "FROM node:20\nRUN yarn install --frozen-lockfile && yarn cache clean\n"
