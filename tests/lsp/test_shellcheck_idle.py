"""ShellCheck's follow-up waits until the document is idle: while keystrokes keep coming, each
making a new script, no ShellCheck run takes the CPU from the next keystroke's lint; once the
document stays unchanged, one run checks the newest text and its publication is exactly a fresh
lint's with ShellCheck."""

from __future__ import annotations

import asyncio

from fake_answers import AnswersChangeWhenSaid
from in_process import Collected, receive, run_initialized
from pygls.protocol import default_converter
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.lsp import publish
from stanzalint.lsp.diagnostics import to_diagnostics
from stanzalint.lsp.shellcheck_pass import ShellCheckPass
from stanzalint.shellcheck import Finding, findings_for

#: seconds without a change before the follow-up runs, in this test: far longer than a lint of
#: a two-line file takes, so every keystroke below comes before it
IDLE = 1.5


class UnquotedRunner(AnswersChangeWhenSaid):
    """A ShellCheck runner that finds each script's first ``$`` reference and records its runs."""

    available = True
    version = "test"

    def __init__(self) -> None:
        self.answers: dict[str, list[Finding]] = {}
        self.runs: list[list[str]] = []

    def recall(self, key: str) -> list[Finding] | None:
        return self.answers.get(key)

    def check(self, scripts):
        keyed = {script.key(self.version): script for script in scripts}
        new = [key for key in keyed if key not in self.answers]
        if new:
            self.runs.append([keyed[key].text.text for key in new])
        if new:
            self.changed()
        for key in new:
            line = keyed[key].text.text
            column = line.index("$") + 1
            self.answers[key] = [Finding(2086, "info", "Double quote it.", 1, column, 1, len(line) + 1)]
        return {key: self.answers[key] for key in keyed}


def published(written: Collected, version: int) -> list[dict]:
    """The params of each publication of ``version`` the server wrote."""
    return [
        m["params"]
        for m in written.messages
        if m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version
    ]


def test_shellcheck_runs_once_the_typing_stops_and_publishes_a_fresh_lint(tmp_path, monkeypatch):
    monkeypatch.setattr(publish, "SHELLCHECK_IDLE", IDLE)
    runner = UnquotedRunner()
    written = Collected()
    uri = (tmp_path / "Dockerfile").as_uri()
    texts = [f"FROM debian:12\nRUN echo ${'N' * n}\n" for n in range(1, 6)]

    async def session(server):
        server.protocol.set_writer(written, include_headers=False)
        server.store.shellcheck = ShellCheckPass(factory=lambda: runner)
        server.store.shellcheck.wait_checker(timeout=10)
        loop = asyncio.get_running_loop()
        receive(
            server,
            {
                "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": texts[0]}},
            },
        )
        typed_by = loop.time() + IDLE
        for version, text in enumerate(texts, start=1):
            if version > 1:
                receive(
                    server,
                    {
                        "method": "textDocument/didChange",
                        "params": {
                            "textDocument": {"uri": uri, "version": version},
                            "contentChanges": [{"text": text}],
                        },
                    },
                )
            while not published(written, version):
                await asyncio.sleep(0.005)
        typing_runs = list(runner.runs)
        in_time = loop.time() < typed_by
        while len(published(written, len(texts))) < 2 and loop.time() < typed_by + 30:
            await asyncio.sleep(0.02)
        return typing_runs, in_time

    typing_runs, in_time = run_initialized(session)

    assert in_time, "the keystrokes took longer than the idle time: nothing was tested"
    assert typing_runs == []
    assert runner.runs == [["echo $NNNNN"]]
    first, merged = published(written, len(texts))
    assert [d["code"] for d in first["diagnostics"]] == []
    config = Config()
    fresh = lint(texts[-1], config, extra=lambda dockerfile, analysis: findings_for(dockerfile, analysis, runner))
    expected = to_diagnostics(fresh, "utf-16", uri, len(texts), config, code_descriptions=False)
    assert merged["diagnostics"] == default_converter().unstructure(expected)
    assert [(d["code"], d["range"]) for d in merged["diagnostics"]] == [
        ("SC2086", {"start": {"line": 1, "character": 9}, "end": {"line": 1, "character": 15}})
    ]


def test_a_follow_up_waiting_when_the_client_shuts_down_runs_nothing_and_sends_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(publish, "SHELLCHECK_IDLE", 0.2)
    runner = UnquotedRunner()
    written = Collected()
    uri = (tmp_path / "Dockerfile").as_uri()

    async def session(server):
        server.protocol.set_writer(written, include_headers=False)
        server.store.shellcheck = ShellCheckPass(factory=lambda: runner)
        server.store.shellcheck.wait_checker(timeout=10)
        text = "FROM debian:12\nRUN echo $NN\n"
        opened = {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}
        receive(server, {"method": "textDocument/didOpen", "params": opened})
        while not published(written, 1):
            await asyncio.sleep(0.005)
        receive(server, {"id": 2, "method": "shutdown", "params": None})
        sent = len(written.messages)
        await asyncio.sleep(0.6)  # three times the idle time
        return written.messages[sent:]

    after_shutdown = run_initialized(session)

    assert runner.runs == []
    assert [m.get("method") for m in after_shutdown if "method" in m] == []
