from stanzalint.fixes import apply_edits
from stanzalint.rules.toolkit.stage_split import plan_split
from toolkit_input import analysed


def _plan(text):
    dockerfile, analysis = analysed(text)
    return dockerfile, plan_split(dockerfile, analysis, analysis.final_stage)


def test_plan_split_builder_and_final_stage():
    text = "FROM python:3.12-slim\nRUN apt-get install -y gcc\nWORKDIR /app\nRUN pip install x==1\nEXPOSE 80\nCMD x\n"
    _, plan = _plan(text)
    assert (plan.builder, plan.copied, plan.reinstalled, plan.refused) == ("builder", ["/usr/local", "/app"], [], None)
    assert apply_edits(text, plan.edits) == (
        "FROM python:3.12-slim AS builder\nRUN apt-get install -y gcc\nWORKDIR /app\nRUN pip install x==1\n\n"
        "FROM python:3.12-slim\nCOPY --from=builder /usr/local /usr/local\nCOPY --from=builder /app /app\n"
        "WORKDIR /app\nEXPOSE 80\nCMD x\n"
    )


def test_no_plan_without_build_results_or_an_external_base():
    assert _plan("FROM python:3.12-slim\nRUN apt-get install -y gcc\nCMD x\n")[1] is None
    assert _plan("FROM scratch\nCOPY a /a\n")[1] is None
