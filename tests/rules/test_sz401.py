from __future__ import annotations

from ruletest import fixed, found, violations

MSG = "This RUN only cleans up; the files stay in the earlier layer, so do the cleanup in the RUN that created them"


def test_apt_lists_removed_in_next_layer_safe_fix():
    text = (
        "FROM debian:12\nRUN apt-get update && apt-get install -y \\\n    curl\n"
        "ENV A=1\nRUN rm -rf /var/lib/apt/lists/*\n"
    )
    assert found("SZ401", text) == [("5:5-5:32", MSG)]
    [v] = violations("SZ401", text)
    assert v.fix.is_safe
    assert fixed("SZ401", text) == (
        "FROM debian:12\nRUN apt-get update && apt-get install -y \\\n    curl && rm -rf /var/lib/apt/lists/*\nENV A=1\n"
    )


def test_unsafe_when_something_runs_between():
    text = "FROM continuumio/miniconda3:24.7.1-0\nRUN conda install -y numpy\nRUN python -c 1\nRUN conda clean -afy\n"
    assert found("SZ401", text) == [("4:5-4:21", MSG)]
    [v] = violations("SZ401", text)
    assert not v.fix.is_safe
    assert fixed("SZ401", text, unsafe=True) == (
        "FROM continuumio/miniconda3:24.7.1-0\nRUN conda install -y numpy && conda clean -afy\nRUN python -c 1\n"
    )


def test_copied_files_removed_later_have_no_fix():
    text = "FROM debian:12\nCOPY data/ /opt/data/\nRUN rm -rf /opt/data/raw && apt-get clean\n"
    assert found("SZ401", text) == [("3:1-3:4", MSG)]
    [v] = violations("SZ401", text)
    assert v.fix is None


def test_clean_cases():
    text = (
        "FROM debian:12\n"
        "RUN rm -rf /var/lib/apt/lists/*\n"
        "RUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*\n"
        "FROM debian:12\nRUN rm -rf /tmp/*\nRUN mkdir /x && rm -rf /y\n"
    )
    assert found("SZ401", text) == []
