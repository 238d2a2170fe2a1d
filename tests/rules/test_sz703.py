from ruletest import fixed, found, violations


def test_versions_in_urls_and_fix():
    text = (
        "FROM debian:12-slim\n"
        "RUN curl -fsSLO https://releases.hashicorp.com/terraform/1.9.5/terraform_1.9.5_linux_amd64.zip \\\n"
        "    && unzip terraform_1.9.5_linux_amd64.zip\n"
        "ADD https://github.com/jqlang/jq/releases/download/jq-1.7.1/jq-linux64 /jq\n"
    )
    assert found("SZ703", text) == [
        (
            "2:58-2:63",
            "Version `1.9.5` is hard-coded in a download URL: declare `ARG TERRAFORM_VERSION=1.9.5` and use it",
        ),
        ("4:55-4:60", "Version `1.7.1` is hard-coded in a download URL: declare `ARG JQ_VERSION=1.7.1` and use it"),
    ]
    assert fixed("SZ703", text) == (
        "FROM debian:12-slim\nARG JQ_VERSION=1.7.1\nARG TERRAFORM_VERSION=1.9.5\n"
        "RUN curl -fsSLO https://releases.hashicorp.com/terraform/${TERRAFORM_VERSION}/terraform_${TERRAFORM_VERSION}_linux_amd64.zip \\\n"
        "    && unzip terraform_1.9.5_linux_amd64.zip\n"
        "ADD https://github.com/jqlang/jq/releases/download/jq-${JQ_VERSION}/jq-linux64 /jq\n"
    )


def test_single_quotes_get_no_fix_and_v_prefix_two_parts():
    (v,) = violations("SZ703", "FROM debian:12\nRUN wget 'https://x.org/v2.1/a.tgz'\n")
    assert v.fix is None
    assert found("SZ703", 'FROM debian:12\nRUN wget "https://x.org/tool/v2.1/a.tgz"\n') == [
        ("2:31-2:34", "Version `2.1` is hard-coded in a download URL: declare `ARG TOOL_VERSION=2.1` and use it")
    ]


def test_non_urls_and_hosts_are_ignored():
    assert found("SZ703", "FROM debian:12\nRUN pip install numpy==2.0.1 && curl http://10.0.0.1/x\n") == []


def test_a_run_seen_before_is_reported_where_it_now_stands():
    run = "RUN curl -fsSLO https://x.org/tool/1.2.3/t.tgz && curl -O https://x.org/tool/1.2.3/t.sha\n"
    message = "Version `1.2.3` is hard-coded in a download URL: declare `ARG TOOL_VERSION=1.2.3` and use it"
    assert found("SZ703", "FROM debian:12\n" + run) == [("2:36-2:41", message)]
    moved = "FROM debian:12\nENV A=1\n" + run
    (v,) = violations("SZ703", moved)
    assert (moved[v.span.start : v.span.end], [moved[r.span.start : r.span.end] for r in v.related]) == (
        "1.2.3",
        ["1.2.3"],
    )
    assert found("SZ703", moved) == [("3:36-3:41", message)]
    assert fixed("SZ703", moved) == (
        "FROM debian:12\nARG TOOL_VERSION=1.2.3\nENV A=1\n"
        "RUN curl -fsSLO https://x.org/tool/${TOOL_VERSION}/t.tgz && curl -O https://x.org/tool/${TOOL_VERSION}/t.sha\n"
    )
    quoted = "FROM debian:12\n" + run.replace(
        "curl -O https://x.org/tool/1.2.3/t.sha", "curl -O 'https://x.org/tool/1.2.3/t.sha'"
    )
    assert violations("SZ703", quoted)[0].fix is None


def test_a_run_checked_again_costs_the_same_whatever_its_length():
    from ruletest import rule_work

    def stage(words: int) -> str:
        run = "RUN curl -fsSL https://x.org/t/1.2.3/t.tgz " + " ".join(f"w{i}" for i in range(words)) + "\n"
        return "FROM debian:12\n" + run * 50

    assert rule_work("SZ703", stage(40)) == rule_work("SZ703", stage(2))


def test_a_url_inside_a_substitution_or_sh_c_is_replaced_once():
    url = "https://github.com/foo/bar/releases/download/v1.2.3/bar.tgz"
    replaced = url.replace("1.2.3", "${BAR_VERSION}")
    for run in (
        f'sh -c "curl -L {url}"',
        f'curl -L "$(echo {url})"',
        f"curl -L $(echo {url})",
        f"curl -L `echo {url}`",
    ):
        assert fixed("SZ703", f"FROM debian:12\nRUN {run}\n") == (
            f"FROM debian:12\nARG BAR_VERSION=1.2.3\nRUN {run.replace(url, replaced)}\n"
        ), run


def test_no_fix_when_the_script_sets_a_shell_variable_of_that_name():
    """``${BAR_VERSION}`` would read the shell's value, not the ARG's."""
    url = "https://github.com/foo/bar/releases/download/v1.2.3/bar.tgz"
    for run in (
        f"export BAR_VERSION=9; curl -L {url}",
        f"BAR_VERSION=2.0 && curl -L {url}",
        f"for BAR_VERSION in a; do curl -L {url}; done",
        f"read -r BAR_VERSION < /v; curl -L {url}",
    ):
        [v] = violations("SZ703", f"FROM debian:12\nRUN {run}\n")
        assert v.fix is None, run
