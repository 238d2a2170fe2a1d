from __future__ import annotations

from ruletest import fixed, found, violations

PIN = {"rules": {"SZ105": {"today": "2026-08-22"}}}


def test_eol_runtime_and_distro_are_named_with_dates():
    assert found("SZ105", "FROM python:3.8-slim-buster\n", **PIN) == [
        ("1:6-1:28", "`python:3.8-slim-buster` is past end of life: python 3.8 reached end of life on 2024-10-07 "
         "and debian 10 buster reached end of life on 2024-06-30 (end of Debian LTS) (facts as of 2026-08-22); "
         "`3.10-slim-trixie` is the oldest supported tag"),
    ]


def test_today_decides():
    assert found("SZ105", "FROM node:20\n", rules={"SZ105": {"today": "2026-04-29"}}) == []
    assert found("SZ105", "FROM node:20\n", rules={"SZ105": {"today": "2026-04-30"}}) == [
        ("1:6-1:13", "`node:20` is past end of life: node 20 reached end of life on 2026-04-30 (facts as of 2026-08-22); "
         "`22` is the oldest supported tag"),
    ]


def test_debian_lts_counts_as_supported():
    assert found("SZ105", "FROM debian:bookworm-slim\nFROM python:3.12-slim-bookworm\n", **PIN) == []


def test_supported_unknown_stage_and_scratch_are_clean():
    assert found("SZ105", "FROM python:3.12 AS a\nFROM a\nFROM scratch\nFROM someone/x:1\n", **PIN) == []


def test_fix_moves_to_oldest_supported_tag():
    assert fixed("SZ105", "FROM python:3.8-slim AS app\n", unsafe=True, **PIN) == "FROM python:3.10-slim AS app\n"


def test_no_fix_for_arg_tag():
    [v] = violations("SZ105", "ARG V=3.8\nFROM python:${V}\n", **PIN)
    assert v.fix is None


def test_short_lived_toolchain_releases_are_not_reported():
    assert found("SZ105", "FROM rust:1.80-slim\n", **PIN) == []
