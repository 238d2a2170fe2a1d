from __future__ import annotations

from ruletest import found


def test_floating_tags_are_flagged():
    text = "FROM python:3 AS a\nFROM node:lts-slim AS b\nFROM debian:stable\nFROM ubuntu:rolling\n"
    assert found("SZ103", text) == [
        ("1:6-1:14", "`python:3` is a floating tag: `3` names no single release: it moves to each new 3.x release"),
        ("2:6-2:19", "`node:lts-slim` is a floating tag: `lts` moves to a new release when one comes out"),
        ("3:6-3:19", "`debian:stable` is a floating tag: `stable` moves to a new release when one comes out"),
        ("4:6-4:20", "`ubuntu:rolling` is a floating tag: `rolling` moves to a new release when one comes out"),
    ]


def test_latest_untagged_digest_and_cycles_are_left_alone():
    text = (
        "FROM python\nFROM python:latest\nFROM python:3@sha256:" + "b" * 64 + "\n"
        "FROM python:3.12-slim\nFROM node:22\nFROM debian:12\nFROM ubuntu:jammy\nFROM build\n"
    )
    assert found("SZ103", "FROM python:3.12 AS build\n" + text) == []


def test_onbuild_free_stage_reference_and_arg():
    text = "ARG TAG=3\nFROM python:${TAG}\n"
    assert found("SZ103", text) == [
        ("2:6-2:19", "`python:3` is a floating tag: `3` names no single release: it moves to each new 3.x release"),
    ]


def test_snapshots_and_distro_release_tags_do_not_float():
    text = "FROM ubuntu:noble-20260410\nFROM buildpack-deps:trixie-scm\nFROM rust:bookworm\n"
    assert found("SZ103", text) == [
        (
            "3:6-3:19",
            "`rust:bookworm` is a floating tag: the tag names no version, so it moves to each new release of the image",
        ),
    ]


def test_official_tags_no_longer_published_do_not_move():
    text = (
        "FROM rust:buster AS a\nFROM golang:1-buster AS b\nFROM tomcat:9-jdk17-temurin-focal AS c\n"
        "FROM node:lts-alpine3.12 AS d\nFROM centos:centos8 AS e\nFROM golang:1-bookworm\n"
    )
    assert found("SZ103", text) == [
        (
            "6:6-6:23",
            "`golang:1-bookworm` is a floating tag: `1` names no single release: it moves to each new 1.x release",
        ),
    ]


def test_third_party_tags_their_publisher_retired_do_not_move():
    text = (
        "FROM tensorflow/tensorflow:nightly-devel AS a\nFROM tensorflow/tensorflow:nightly-devel-gpu-py3 AS b\n"
        "FROM minio/minio:edge AS c\nFROM tensorflow/tensorflow:nightly\n"
    )
    assert found("SZ103", text) == [
        (
            "4:6-4:35",
            "`tensorflow/tensorflow:nightly` is a floating tag: `nightly` moves to a new release when one comes out",
        ),
    ]


def test_the_successor_of_a_retired_tag_still_floats():
    assert found("SZ103", "FROM quay.io/minio/minio:edge AS a\nFROM tensorflow/tensorflow:devel\n") == [
        (
            "2:6-2:33",
            "`tensorflow/tensorflow:devel` is a floating tag: `devel` moves to a new release when one comes out",
        ),
    ]


def test_placeholder_defaults_every_build_overrides():
    text = (
        "ARG BASE_IMAGE=nginx:mainline\nARG PYTHON_VER=notset\n"
        "FROM ${BASE_IMAGE} AS modules\nFROM python:${PYTHON_VER}-slim AS deps\n"
    )
    assert found("SZ103", text) == []


def test_an_image_the_pipeline_builds_just_before(tmp_path):
    (tmp_path / "Makefile").write_text("cicd:\n\tdocker build -t example/server:edge .\n")
    dockerfile = tmp_path / "Dockerfile.cicd"
    text = "FROM example/server:edge\nCOPY mc /usr/bin/mc\n"
    assert found("SZ103", text, path=str(dockerfile)) == []
    (tmp_path / "Makefile").write_text("pull:\n\tdocker pull example/server:edge\n")
    assert found("SZ103", text, path=str(dockerfile)) == [
        ("1:6-1:25", "`example/server:edge` is a floating tag: `edge` moves to a new release when one comes out"),
    ]


def test_a_variant_built_from_a_sibling_directory(tmp_path):
    (tmp_path / "29" / "cli").mkdir(parents=True)
    (tmp_path / "29" / "cli" / "Dockerfile").write_text("FROM alpine:3.22\n")
    (tmp_path / "29" / "dind").mkdir()
    text = "FROM docker:29-cli\nRUN apk add --no-cache iptables\n"
    assert found("SZ103", text, path=str(tmp_path / "29" / "dind" / "Dockerfile")) == []
    elsewhere = tmp_path / "a" / "b" / "c" / "d" / "Dockerfile"
    assert found("SZ103", text, path=str(elsewhere)) == [
        ("1:6-1:19", "`docker:29-cli` is a floating tag: `29` moves to each new 29.x release"),
    ]


def test_a_variant_in_an_image_library_layout_without_the_sibling_on_disk():
    text = "FROM docker:29-cli\nRUN apk add --no-cache iptables\n"
    assert found("SZ103", text, path="checkout/docker/29/dind/Dockerfile") == []
    message = "`docker:29-cli` is a floating tag: `29` moves to each new 29.x release"
    assert found("SZ103", text, path="checkout/docker/28/dind/Dockerfile") == [("1:6-1:19", message)]
    assert found("SZ103", text, path="checkout/docker/app/Dockerfile") == [("1:6-1:19", message)]
    assert found("SZ103", "FROM node:lts\n", path="src/node/lts/Dockerfile") == [
        ("1:6-1:14", "`node:lts` is a floating tag: `lts` moves to a new release when one comes out"),
    ]


def test_the_tables_are_asked_once_per_image_reference(monkeypatch):
    """The knowledge tables do not change while the process runs: a lint after a keystroke asks
    nothing of them for a reference already judged, and reports the same."""
    from stanzalint import knowledge

    text = "FROM python:3 AS a\nRUN echo sz103-once\n"
    first = found("SZ103", text)
    asked: list[str] = []
    reason = knowledge.floating_reason
    monkeypatch.setattr(knowledge, "floating_reason", lambda image: asked.append(image.raw) or reason(image))
    assert found("SZ103", text.replace("sz103-once", "sz103-once!")) == first
    assert found("SZ103", "FROM python:3\nFROM someone/sz103-once:1.2.3\n") == first
    assert asked == ["someone/sz103-once:1.2.3"]  # a reference not seen before is judged
