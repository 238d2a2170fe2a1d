"""Every rule's work is linear in the file (issue: a quadratic rule made a 20,000-instruction
file take 15-28 s). Work is counted in Python lines run (``ruletest.rule_work``), the same on
any machine, so the test is exact where a timing would be flaky: doubling the file may at most
double a rule's work, with 10% slack for what does not scale (a fix's header, a table built once).
"""

from __future__ import annotations

import pytest
from ruletest import rule_work
from stanzalint.rules import all_rules

#: what real files hold, and what nearly every rule reports (each line formatted with a number)
LINES = (
    "ARG VERSION_{i}=1.{i}.0\n",
    "RUN apt-get update && apt-get install -y --no-install-recommends tool-{i}=${{VERSION_{i}}} "
    "&& rm -rf /var/lib/apt/lists/*\n",
    "ARG UNUSED_{i}=x{i}\n",
    "ENV VAR_{i}=value_{i} BIN_{i}=/opt/{i}/bin:$PATH\n",
    "COPY --chown=app:app src/{i} /app/{i}\n",
    'RUN pip install --no-cache-dir package-{i}==1.0.{i} && echo "$VAR_{i}" > /etc/v{i}\n',
    "WORKDIR /app/{i}\n",
    'LABEL org.example.n{i}="v{i}"\n',
    "USER app\n",
    "RUN apt-get update && apt-get install -y q{i}\n",
    "RUN cd /x{i} && make\n",
    "COPY . .\n",
    "RUN pip install x{i}\n",
    "RUN apk add a{i}\n",
    "ENV DEBIAN_FRONTEND=noninteractive A{i}=1 B{i}=$A{i}\n",
    "RUN useradd -m u{i}\n",
    "ADD http://example.com/y{i} /y{i}\n",
    "RUN curl http://example.com/{i} | sh\n",
    "COPY a{i}.tar /tmp/a{i}.tar\n",
    "RUN tar -xf /tmp/a{i}.tar && rm -rf /tmp/x{i}\n",
    "RUN chown -R app /app/{i}\n",
    "WORKDIR rel{i}\n",
    "USER root\n",
    "RUN echo $UNDEFINED{i}\n",
    "EXPOSE 99999\n",
)


def generated(count: int, stage_size: int) -> str:
    """``count`` instructions in stages of ``stage_size``, each stage built on the one before."""
    parts = []
    for i in range(count):
        if i % stage_size == 0:
            n = i // stage_size
            parts.append(f"FROM {f's{n - 1}' if n else 'python:3.12-slim'} AS s{n}\n")
            if n:
                parts.append(f"COPY --from=s{n - 1} /app/out /app/out{n}\n")
        parts.append(LINES[i % len(LINES)].format(i=i))
    parts.append('CMD ["python", "/app/main.py"]\n')
    return "".join(parts)


#: (rule, layout) still doing more than twice the work on twice the file: each is work to do;
#: strict, so a rule made linear must leave this list
SUPERLINEAR: set[tuple[str, str]] = set()
#: layout -> stage size: one stage; the short chains of real files; stages of ten, chains of 25 and
#: 50 stages, where a rule that walks a stage's whole chain for each stage or finding does four
#: times the work
LAYOUTS = {"one-stage": 100_000, "stages": 60, "chain": 10}


#: rules whose first run on a fresh analysis is held to the same bound: what they have the analysis
#: compute and keep must be linear too
FIRST_RUN = ("DL3009", "DL3010", "DL3044", "SZ301", "SZ401", "SZ404", "SZ808")


def _cases(codes):
    for code in codes:
        for layout in LAYOUTS:
            marks = (
                [pytest.mark.xfail(strict=True, reason="known superlinear")] if (code, layout) in SUPERLINEAR else []
            )
            yield pytest.param(code, layout, id=f"{code}-{layout}", marks=marks)


@pytest.mark.parametrize("code,layout", list(_cases(sorted(r.meta.code for r in all_rules()))))
def test_a_rule_does_at_most_twice_the_work_on_a_file_twice_as_big(code, layout):
    _assert_linear(code, layout, first_run=False)


@pytest.mark.parametrize("code,layout", list(_cases(FIRST_RUN)))
def test_a_rule_s_first_run_does_at_most_twice_the_work_on_a_file_twice_as_big(code, layout):
    _assert_linear(code, layout, first_run=True)


def _assert_linear(code, layout, first_run):
    stage_size = LAYOUTS[layout]
    small = rule_work(code, generated(250, stage_size), first_run)
    big = rule_work(code, generated(500, stage_size), first_run)
    assert big <= 2.2 * max(small, 1) + 200, f"{code}: {small} lines of work on 250 instructions, {big} on 500"


#: one stage of cleanups, most removing what nothing in the stage created (``/tmp/gone-N``, the
#: apt cache) and some what the instructions just before created
CLEANUPS = (
    "RUN rm -rf /tmp/gone-{n}\n",
    "COPY app{n} /opt/app{n}/\n",
    "RUN mkdir -p /srv/d{n} && touch /srv/d{n}/f\n",
    "RUN rm -rf /srv/d{n}/f /opt/app{n}\n",
    "RUN apt-get clean\n",
)


@pytest.mark.parametrize("first_run", [False, True], ids=["second-run", "first-run"])
def test_sz401_finds_what_a_cleanup_follows_without_walking_back_through_the_stage(first_run):
    def cleanups(count: int) -> str:
        return "FROM debian:12\n" + "".join(
            CLEANUPS[i % len(CLEANUPS)].format(n=i // len(CLEANUPS)) for i in range(count)
        )

    small = rule_work("SZ401", cleanups(250), first_run)
    big = rule_work("SZ401", cleanups(500), first_run)
    assert big <= 2.2 * max(small, 1) + 200, f"SZ401: {small} lines of work on 250 instructions, {big} on 500"


def test_sz601_s_split_plan_walks_the_stage_s_workdirs_once_for_all_its_mkdir_runs():
    def setup_runs(count: int) -> str:
        return (
            "FROM python:3.12\n"
            "RUN apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*\n"
            "RUN pip install --no-cache-dir flask\n"
            + "".join(f"RUN mkdir /d{i}\n" for i in range(count))
            + 'COPY . /app\nCMD ["python", "app.py"]\n'
        )

    small = rule_work("SZ601", setup_runs(250))
    big = rule_work("SZ601", setup_runs(500))
    assert big <= 2.2 * max(small, 1) + 200, f"SZ601: {small} lines of work on 250 RUNs, {big} on 500"
