from ruletest import found


def test_copying_a_whole_stage_filesystem_is_flagged():
    text = "FROM debian:12 AS build\nRUN make\nFROM debian:12-slim\nCOPY --from=build / /\nCOPY --from=build /out/app /usr/local/bin/app\n"
    assert found("DL3067", text) == [
        ("4:19-4:20", "Copies the whole filesystem of `build`; copy only the files the image needs")
    ]


def test_copying_a_directory_is_clean():
    assert found("DL3067", "FROM a:1 AS b\nFROM c:1\nCOPY --from=b /app /app\n") == []
