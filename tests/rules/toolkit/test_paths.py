from stanzalint.rules.toolkit.paths import covers, expand_braces, is_absolute, is_under, resolve_path


def test_is_absolute_on_linux_and_windows():
    assert is_absolute("/app") and is_absolute("C:\\app") and is_absolute("c:/app") and is_absolute("\\app")
    assert not is_absolute("app") and not is_absolute("$HOME/app")


def test_is_under():
    assert is_under("/app/bin", "/app") and is_under("/app/bin", "/app/") and is_under("/x", "/")
    assert not is_under("/application", "/app")


def test_resolve_path():
    assert resolve_path("/app", "../etc/x") == "/etc/x"
    assert resolve_path(None, "/abs//dir/") == "/abs/dir"
    assert resolve_path(None, "rel") is None
    assert resolve_path("/app", "$DIR/x") is None


def test_covers_a_directory_or_its_parent():
    assert covers("/var/lib/apt/lists/*", "/var/lib/apt/lists")
    assert covers("'/var/lib/apt/'", "/var/lib/apt/lists")
    assert not covers("/var/lib/apt/lists/partial", "/var/lib/apt/lists")


def test_expand_braces_one_level():
    assert expand_braces("/var/lib/{apt,dpkg}/") == ["/var/lib/apt/", "/var/lib/dpkg/"]
    assert expand_braces("/tmp/*") == ["/tmp/*"]
