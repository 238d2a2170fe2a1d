from __future__ import annotations

from ruletest import found


def test_unofficial_namespace_is_flagged():
    assert found("SZ101", "FROM someuser/python-gdal:3.12\n") == [
        (
            "1:6-1:31",
            "`someuser/python-gdal` is not a Docker Official Image and its registry or namespace is not in trusted-registries",
        ),
    ]


def test_other_registry_is_flagged_with_its_host():
    assert found("SZ101", "FROM ghcr.io/acme/app:1.0 AS base\n") == [
        (
            "1:6-1:26",
            "`ghcr.io/acme/app` is not a Docker Official Image and its registry or namespace is not in trusted-registries",
        ),
    ]


def test_local_short_names_are_unknown_not_flagged():
    assert found("SZ101", "FROM mycompany-base:1\n") == []


def test_official_images_in_every_spelling_are_clean():
    text = "FROM python:3.12-slim\nFROM docker.io/library/debian:12\nFROM library/node:22\n"
    assert found("SZ101", text) == []


def test_stages_scratch_and_unresolved_args_are_exempt():
    text = "ARG BASE\nFROM python:3.12 AS build\nFROM build\nFROM scratch\nFROM ${BASE}\n"
    assert found("SZ101", text) == []


def test_trusted_registries_and_namespaces():
    text = (
        "FROM ghcr.io/acme/app:1\n"
        "FROM nvcr.io/nvidia/pytorch:24.01-py3\n"
        "FROM quay.io/jupyter/scipy-notebook:2024-05-27\n"
        "FROM bitnami/redis:7.2\n"
        "FROM quay.io/other/x:1\n"
    )
    trusted = ["ghcr.io", "nvcr.io/nvidia", "quay.io/jupyter", "docker.io/bitnami"]
    assert found("SZ101", text, trusted_registries=trusted) == [
        (
            "5:6-5:23",
            "`quay.io/other/x` is not a Docker Official Image and its registry or namespace is not in trusted-registries",
        ),
    ]


def test_hub_namespace_without_host_and_prefix_boundaries():
    text = "FROM bitnami/redis:7.2\nFROM bitnamilegacy/redis:7.2\n"
    assert found("SZ101", text, trusted_registries=["bitnami"]) == [
        (
            "2:6-2:29",
            "`bitnamilegacy/redis` is not a Docker Official Image and its registry or namespace is not in trusted-registries",
        ),
    ]


def test_arg_default_is_resolved():
    text = "ARG BASE=someuser/img:1\nFROM ${BASE}\n"
    assert found("SZ101", text) == [
        (
            "2:6-2:13",
            "`someuser/img` is not a Docker Official Image and its registry or namespace is not in trusted-registries",
        ),
    ]


def test_rule_option_trusts_publishers_without_restricting_registries():
    text = "FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nFROM rocker/r-ver:4.4\nFROM python:3.12-slim\n"
    assert found("SZ101", text, rules={"SZ101": {"trusted": ["docker.io/nvidia"]}}) == [
        (
            "2:6-2:22",
            "`rocker/r-ver` is not a Docker Official Image and its registry or namespace is not in trusted-registries",
        ),
    ]
