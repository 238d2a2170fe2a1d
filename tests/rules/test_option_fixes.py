"""The fixes that add a missing option to a command keep an exec-form RUN a JSON array: the
option is one more string of it (written as bare text, it made the RUN a shell command named
after the whole array, and the build failed)."""

from __future__ import annotations

import pytest
from ruletest import fixed


@pytest.mark.parametrize(
    ("code", "image", "run", "after"),
    [
        ("DL3038", "fedora:40", '["dnf","install","httpd"]', '["dnf","install", "-y","httpd"]'),
        ("DL3030", "centos:7", '["yum","install","httpd"]', '["yum","install", "-y","httpd"]'),
        ("DL3014", "debian:12", '["apt-get","install","curl"]', '["apt-get","install", "-y","curl"]'),
        (
            "DL3015",
            "debian:12",
            '["apt-get","install","-y","curl"]',
            '["apt-get","install", "--no-install-recommends","-y","curl"]',
        ),
        ("DL3019", "alpine:3.19", '["apk","add","curl"]', '["apk","add", "--no-cache","curl"]'),
        ("DL3034", "opensuse/leap:15.6", '["zypper","install","curl"]', '["zypper", "-n","install","curl"]'),
    ],
)
def test_an_option_added_in_exec_form_is_one_more_string(code, image, run, after):
    assert fixed(code, f"FROM {image}\nRUN {run}\n", unsafe=True) == f"FROM {image}\nRUN {after}\n"
