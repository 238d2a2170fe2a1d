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
