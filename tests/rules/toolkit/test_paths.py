from stanzalint.rules.toolkit.paths import PlacedPaths, covers, expand_braces, is_absolute, is_under, resolve_path


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


def test_placed_paths_answer_with_the_last_place_before_the_one_asked_about():
    places = PlacedPaths([("/tmp/x10", 4), ("/opt/app", 1), ("/tmp/x1", 2), ("/opt/app", 6), ("/tmp/x1", 7)])
    assert places.last_equal("/opt/app", 6) == 1 and places.last_equal("/opt/app", 7) == 6
    assert places.last_equal("/opt/app", 1) is None and places.last_equal("/opt", 9) is None
    assert places.last_starting_with("/tmp/x1", 7) == 4  # /tmp/x10 starts with /tmp/x1 too
    assert places.last_starting_with("/tmp/x1", 3) == 2 and places.last_starting_with("/tmp/x1", 2) is None
    assert places.last_starting_with("/tmp/x2", 9) is None and places.last_starting_with("/", 9) == 7
