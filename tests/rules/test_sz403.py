from __future__ import annotations

from ruletest import fixed, found, violations

MSG = "`conda` leaves its package cache in this layer; end the RUN with `conda clean -afy` or use a cache mount"


def test_install_without_clean():
    text = "FROM continuumio/miniconda3:24.7.1-0\nRUN conda install -y -c conda-forge numpy pandas\n"
    assert found("SZ403", text) == [("2:5-2:49", MSG)]
    assert fixed("SZ403", text) == (
        "FROM continuumio/miniconda3:24.7.1-0\nRUN conda install -y -c conda-forge numpy pandas && conda clean -afy\n"
    )


def test_env_create_micromamba_and_continuation():
    text = (
        "FROM mambaorg/micromamba:1.5\n"
        "RUN micromamba install -y -n base -f /tmp/env.yaml && \\\n    echo done\n"
        "RUN mamba env create -f environment.yml\n"
    )
    assert found("SZ403", text) == [
        (
            "2:5-2:51",
            "`micromamba` leaves its package cache in this layer; end the RUN with `micromamba clean --all --yes` or use a cache mount",
        ),
        (
            "4:5-4:40",
            "`mamba` leaves its package cache in this layer; end the RUN with `mamba clean -afy` or use a cache mount",
        ),
    ]
    assert fixed("SZ403", text) == (
        "FROM mambaorg/micromamba:1.5\n"
        "RUN micromamba install -y -n base -f /tmp/env.yaml && \\\n    echo done && micromamba clean --all --yes\n"
        "RUN mamba env create -f environment.yml && mamba clean -afy\n"
    )


def test_heredoc_crlf_and_onbuild():
    text = "FROM c\r\nRUN <<EOF\r\nset -e\r\nconda install -y numpy\r\nEOF\r\nONBUILD RUN conda update -y --all\r\n"
    assert found("SZ403", text) == [("4:1-4:23", MSG), ("6:13-6:34", MSG)]
    assert fixed("SZ403", text) == (
        "FROM c\r\nRUN <<EOF\r\nset -e\r\nconda install -y numpy\r\nconda clean -afy\r\nEOF\r\n"
        "ONBUILD RUN conda update -y --all && conda clean -afy\r\n"
    )


def test_no_line_appended_to_a_heredoc_whose_status_is_its_last_line():
    """Without ``set -e`` a heredoc script's status is its last command's: a clean-up line after
    the install would let a failed install pass."""
    for body in ("conda install -y numpy", "set -e\nset +e\nconda install -y numpy", "set -x\nconda install -y numpy"):
        [v] = violations("SZ403", f"FROM c\nRUN <<EOF\n{body}\nEOF\n")
        assert v.fix is None, body


def test_clean_cases():
    text = (
        "FROM c\n"
        "RUN conda install -y numpy && conda clean -afy\n"
        "RUN --mount=type=cache,target=/opt/conda/pkgs conda install -y scipy\n"
        "RUN micromamba create -y -f env.yml && micromamba clean --all --yes\n"
        "RUN conda install -y x && rm -rf /opt/conda/pkgs/*\n"
        "RUN conda config --add channels conda-forge && conda list\n"
    )
    assert found("SZ403", text) == []


def test_clean_before_install_does_not_count():
    text = "FROM c\nRUN conda clean -afy && conda install -y numpy # note\n"
    assert found("SZ403", text) == [("2:25-2:47", MSG)]
    from ruletest import violations

    assert violations("SZ403", text)[0].fix is None


def test_download_only_fills_the_cache_on_purpose():
    assert found("SZ403", "FROM c\nRUN conda install --download-only -y numpy\n") == []
