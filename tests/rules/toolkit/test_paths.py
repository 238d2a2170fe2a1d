from stanzalint.rules.toolkit.paths import PathIndex, covers, expand_braces, is_absolute, is_under, resolve_path


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


def test_path_index_answers_as_is_under_does():
    index: PathIndex[str] = PathIndex()
    for path in ("/app/lib", "/", "/app", "/application", "/app/lib/x", "/app/"):
        index.add(path, path)
    assert index.at("/app") == ["/app"]
    assert index.above("/app/lib/y") == ["/app/lib", "/", "/app", "/app/"]
    assert index.below("/app") == ["/app/lib", "/app/lib/x", "/app/"]
    assert index.below("/app/") == ["/app/lib", "/app/lib/x"]
    everything = ["/app/lib", "/", "/app", "/application", "/app/lib/x", "/app/", "/x", "/app/lib/x/y"]
    for path in everything:
        filed = everything[:6]
        assert index.above(path) == [f for f in filed if f != path and is_under(path, f)]
        assert index.below(path) == [f for f in filed if f != path and is_under(f, path)]


def test_path_index_rollback_takes_back_what_was_filed_since_the_mark():
    index: PathIndex[int] = PathIndex()
    index.add("/srv", 1)
    mark = index.mark()
    index.add("/srv/a", 2)
    index.add("/srv", 3)
    assert (index.at("/srv"), index.below("/srv")) == ([1, 3], [2])
    index.rollback(mark)
    assert (index.at("/srv"), index.below("/srv"), index.above("/srv/a")) == ([1], [], [1])


def test_path_index_related_is_at_then_above_then_below():
    index: PathIndex[str] = PathIndex()
    for path in ("/srv/app/lib", "/srv", "/srv/app", "/srv/application", "/opt"):
        index.add(path, path)
    assert index.related("/srv/app") == ["/srv/app", "/srv", "/srv/app/lib"]
    assert index.related("/var") == []
