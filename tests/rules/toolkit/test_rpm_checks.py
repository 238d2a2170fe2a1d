from stanzalint.rules.toolkit.commands import run_commands
from stanzalint.rules.toolkit.rpm_checks import cache_not_cleaned, install_without_yes, unpinned_packages
from toolkit_input import rule_context


def _found(check, text, *args):
    ctx = rule_context(text, "DL3030")
    return [(text[v.span.start : v.span.end], v.message, v.fix is not None) for v in check(ctx, *args)]


def _found_per_command(check, text, *args):
    """What a check that judges one command finds over every command of the file's RUNs."""
    ctx = rule_context(text, "DL3030")
    found = [v for _ins, cmds in run_commands(ctx) for cmd in cmds for v in check(ctx, cmd, *args)]
    return [(text[v.span.start : v.span.end], v.message, v.fix is not None) for v in found]


def test_install_without_yes_for_the_named_tools():
    text = "FROM a\nRUN dnf module install nodejs:18 && yum install -y x\n"
    assert _found_per_command(install_without_yes, text, ("dnf",)) == [
        ("install", "Add `-y` so `dnf module install` does not wait for a confirmation", True)
    ]
    assert _found_per_command(install_without_yes, text, ("yum",)) == []


def test_cache_not_cleaned_unless_cleaned_removed_or_mounted():
    assert _found(cache_not_cleaned, "FROM a\nRUN yum install -y x\n", ("yum",), ("/var/cache/yum",)) == [
        ("install", "Run `yum clean all` after `yum install` in the same RUN", True)
    ]
    assert (
        _found(cache_not_cleaned, "FROM a\nRUN yum install -y x && yum clean all\n", ("yum",), ("/var/cache/yum",))
        == []
    )
    assert (
        _found(
            cache_not_cleaned,
            "FROM a\nRUN --mount=type=cache,target=/var/cache/yum yum install -y x\n",
            ("yum",),
            ("/var/cache/yum",),
        )
        == []
    )


def test_unpinned_packages_and_module_streams():
    text = "FROM a\nRUN dnf install -y httpd-2.4.57 curl $EXTRA && dnf module install -y php\n"
    assert _found_per_command(unpinned_packages, text, ("dnf",)) == [
        ("curl", "Pin the version of `curl` (`curl-<version>`)", False),
        ("php", "Pin the stream of module `php` (`php:<stream>`)", False),
    ]
