from stanzalint.rules.toolkit.mounts import mount_from_spans, mount_targets, mounted
from toolkit_input import analysed


def _run(text):
    dockerfile, _ = analysed(text)
    return dockerfile, dockerfile.instructions[1]


def test_mount_targets_by_type():
    _, run = _run(
        "FROM a\nRUN --mount=type=cache,target=/root/.cache/ --mount=type=tmpfs,dst='/tmp' "
        "--mount=source=.,target=/src make\n"
    )
    assert mount_targets(run) == ["/root/.cache", "/tmp"]
    assert mount_targets(run, ("cache",)) == ["/root/.cache"]
    assert mount_targets(run, ("bind",)) == ["/src"]


def test_mounted_covers_directories_below_a_target():
    _, run = _run("FROM a\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\n")
    assert mounted(run, "/var/cache/apt/archives")
    assert not mounted(run, "/var/lib/apt/lists")


def test_mount_from_spans_point_at_the_value():
    dockerfile, run = _run("FROM a\nRUN --mount=type=bind,from=builder,target=/b ls\n")
    text = dockerfile.text
    assert [(value, text[span.start : span.end]) for value, span in mount_from_spans(run, text)] == [
        ("builder", "builder")
    ]


def test_of_a_mount_the_from_buildkit_reads_is_its_last_in_any_case():
    dockerfile, run = _run(
        "FROM a\nRUN --mount=from=first,FROM=second,target=/b --mount=from=x,from=,target=/c --mount=From=c ls\n"
    )
    text = dockerfile.text
    assert [(value, text[span.start : span.end]) for value, span in mount_from_spans(run, text)] == [
        ("second", "second"),
        ("c", "c"),
    ]
