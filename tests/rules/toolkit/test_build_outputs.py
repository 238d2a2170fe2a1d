from stanzalint.rules.toolkit.build_outputs import build_outputs, mkdir_targets, setup_only_runs, venvs_created
from toolkit_input import analysed


def _stage(text):
    _, analysis = analysed(text)
    return analysis, analysis.stages[-1]


def test_build_outputs_in_order():
    analysis, stage = _stage(
        "FROM python:3.12-slim\nWORKDIR /app\nRUN python -m venv .venv && .venv/bin/pip install x\n"
        "RUN npm install -g y\nCOPY conf/ /etc/app/\nCOPY build.sh /tmp/\n"
    )
    # the virtualenv /app/.venv is inside the WORKDIR, listed last; /tmp holds build inputs
    assert build_outputs(analysis, stage) == ["/usr/local", "/etc/app", "/app"]


def test_setup_only_runs_and_mkdir_targets():
    analysis, stage = _stage(
        "FROM debian:12\nWORKDIR /srv\nRUN useradd app && mkdir data /logs && chown app data\n"
        "RUN mkdir -p /cache && make\n"
    )
    setup = setup_only_runs(analysis, stage)
    assert [ins.rest.text for ins in setup] == ["useradd app && mkdir data /logs && chown app data"]
    assert mkdir_targets(analysis, stage, setup[0]) == ["/srv/data", "/logs"]


def test_venvs_created():
    analysis, stage = _stage(
        "FROM python:3.12\nWORKDIR /w\nRUN python3 -m venv /opt/venv && uv venv && virtualenv $NOPE\n"
    )
    assert [(path, cmd.name) for path, cmd in venvs_created(analysis, stage)] == [
        ("/opt/venv", "python3"),
        ("/w/.venv", "uv"),
    ]
