"""SZ604: a final stage that only runs a copied artefact could be based on distroless."""

from ruletest import fixed, found

GO_STATIC = """\
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server

FROM debian:bookworm-slim
COPY --from=build /out/server /server
USER app
ENTRYPOINT ["/server"]
"""


def test_go_static_binary():
    assert found("SZ604", GO_STATIC) == [
        (
            "6:6-6:26",
            "The final stage only runs the statically linked binary `/server`: it could be based on "
            "`gcr.io/distroless/static-debian13:nonroot` (no shell, no package manager)",
        )
    ]
    assert fixed("SZ604", GO_STATIC, unsafe=True) == GO_STATIC.replace(
        "debian:bookworm-slim", "gcr.io/distroless/static-debian13:nonroot\nWORKDIR /"
    ).replace("USER app", "USER 65532")


RUST_MUSL = """\
FROM rust:1.80 AS build
RUN rustup target add x86_64-unknown-linux-musl
WORKDIR /app
COPY . .
RUN cargo build --release --target x86_64-unknown-linux-musl

FROM alpine:3.20
COPY --from=build /app/target/x86_64-unknown-linux-musl/release/app /usr/local/bin/app
CMD ["app", "--serve"]
"""


def test_rust_musl_binary_on_alpine_goes_static():
    assert found("SZ604", RUST_MUSL) == [
        (
            "7:6-7:17",
            "The final stage only runs the statically linked binary `/usr/local/bin/app`: it could be based on "
            "`gcr.io/distroless/static-debian13:nonroot` (no shell, no package manager)",
        )
    ]
    assert fixed("SZ604", RUST_MUSL, unsafe=True) == RUST_MUSL.replace(
        "alpine:3.20", "gcr.io/distroless/static-debian13:nonroot\nWORKDIR /"
    )


CPP = """\
FROM gcc:14 AS build
WORKDIR /src
COPY . .
RUN g++ -O2 -o /out/engine main.cpp

FROM ubuntu:24.04
COPY --from=build --chown=engine:engine /out/engine /opt/engine/engine
WORKDIR /opt/engine
ENTRYPOINT ["./engine"]
"""


def test_cpp_binary_needs_libstdcxx_so_cc():
    assert found("SZ604", CPP) == [
        (
            "6:6-6:18",
            "The final stage only runs the binary `/opt/engine/engine`: it could be based on "
            "`gcr.io/distroless/cc-debian13:nonroot` (no shell, no package manager)",
        )
    ]
    assert fixed("SZ604", CPP, unsafe=True) == CPP.replace(
        "ubuntu:24.04", "gcr.io/distroless/cc-debian13:nonroot"
    ).replace("engine:engine", "65532:65532")


VENV = """\
FROM {builder} AS build
RUN {python} -m venv /venv && /venv/bin/pip install --no-cache-dir flask==3.0.3
COPY app.py /app/app.py

FROM python:{final}-slim
COPY --from=build /venv /venv
COPY --from=build /app /app
ENTRYPOINT ["/venv/bin/python", "/app/app.py"]
"""


def test_venv_with_the_interpreter_distroless_has():
    text = VENV.format(builder="debian:trixie", python="/usr/bin/python3", final="3.13")
    assert found("SZ604", text) == [
        (
            "5:6-5:22",
            "The final stage only runs the virtualenv's `/venv/bin/python`: it could be based on "
            "`gcr.io/distroless/python3-debian13:nonroot` (no shell, no package manager)",
        )
    ]
    assert fixed("SZ604", text, unsafe=True) == text.replace(
        "python:3.13-slim", "gcr.io/distroless/python3-debian13:nonroot\nWORKDIR /"
    )


def test_venv_linked_to_usr_local_is_reported_without_an_edit():
    text = VENV.format(builder="python:3.13-slim", python="python", final="3.13")
    assert found("SZ604", text) == [
        (
            "5:6-5:22",
            "The final stage only runs the virtualenv's `/venv/bin/python`: it could be based on "
            "`gcr.io/distroless/python3-debian13:nonroot` (no shell, no package manager); the virtualenv's "
            "python links to `/usr/local/bin`, where the image has none: create it with `/usr/bin/python`",
        )
    ]
    (v,) = __import__("ruletest").violations("SZ604", text)
    assert v.fix is None


def test_venv_on_a_python_distroless_does_not_ship():
    assert found("SZ604", VENV.format(builder="python:3.12-slim", python="/usr/bin/python3", final="3.12")) == []


JAR = """\
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -q package

FROM eclipse-temurin:21-jre
COPY --from=build /src/target/app.jar /app/app.jar
EXPOSE 8080
ENTRYPOINT ["/opt/java/openjdk/bin/java", "-jar", "/app/app.jar"]
"""


def test_jar():
    assert found("SZ604", JAR) == [
        (
            "6:6-6:28",
            "The final stage only runs `java -jar /app/app.jar`: it could be based on "
            "`gcr.io/distroless/java21-debian13:nonroot` (no shell, no package manager)",
        )
    ]
    assert fixed("SZ604", JAR, unsafe=True) == JAR.replace(
        "eclipse-temurin:21-jre", "gcr.io/distroless/java21-debian13:nonroot\nWORKDIR /"
    ).replace('"/opt/java/openjdk/bin/java"', '"/usr/bin/java"')


def test_node_script_points_at_distroless_node():
    # a CMD alone would become the argument of the image's ENTRYPOINT (/nodejs/bin/node): reset it
    text = 'FROM node:22-slim AS deps\nRUN npm ci\n\nFROM node:22-slim\nCOPY --from=deps /node_modules /app/node_modules\nCOPY . /app\nCMD ["node", "/app/server.js"]\n'
    assert found("SZ604", text)[0][1].startswith(
        "The final stage only runs `node /app/server.js`: it could be based on `gcr.io/distroless/nodejs22-debian13:nonroot`"
    )
    assert fixed("SZ604", text, unsafe=True) == text.replace(
        "FROM node:22-slim\n", "FROM gcr.io/distroless/nodejs22-debian13:nonroot\nWORKDIR /\nENTRYPOINT []\n"
    ).replace('["node",', '["/nodejs/bin/node",')


def test_what_distroless_cannot_carry_is_not_reported():
    apt = GO_STATIC.replace("USER app", "RUN apt-get update && apt-get install -y ca-certificates")
    script = GO_STATIC.replace(
        'ENTRYPOINT ["/server"]', 'COPY --from=build /out/entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]'
    )
    health = GO_STATIC + "HEALTHCHECK CMD /server -health || exit 1\n"
    shell_form = GO_STATIC.replace('ENTRYPOINT ["/server"]', "ENTRYPOINT /server")
    musl = (
        RUST_MUSL.replace("RUN cargo build --release --target x86_64-unknown-linux-musl", "RUN cargo build --release")
        .replace("x86_64-unknown-linux-musl/", "")
        .replace("FROM rust:1.80 AS build", "FROM rust:1.80-alpine AS build")
    )
    from_context = 'FROM debian:bookworm-slim\nCOPY server /server\nENTRYPOINT ["/server"]\n'
    for text in (apt, script, health, shell_form, musl, from_context):
        assert found("SZ604", text) == [], text


def test_exec_form_healthcheck_of_the_program_is_fine():
    assert len(found("SZ604", GO_STATIC + 'HEALTHCHECK CMD ["/server", "-health"]\n')) == 1
    assert found("SZ604", GO_STATIC + 'HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]\n') == []


def test_a_stage_with_a_workdir_keeps_it():
    assert "WORKDIR /\n" not in fixed("SZ604", CPP, unsafe=True)


def test_binary_built_on_an_older_debian_is_reported_without_an_edit():
    text = GO_STATIC.replace("CGO_ENABLED=0 ", "").replace("golang:1.23", "golang:1.23-bullseye")
    assert found("SZ604", text) == [
        (
            "6:6-6:26",
            "The final stage only runs the binary `/server`: it could be based on "
            "`gcr.io/distroless/base-debian13:nonroot` (no shell, no package manager); it was built on "
            "`golang:1.23-bullseye`, not Debian 12 or 13: check that it needs no newer glibc than Debian 13's "
            "and no library but glibc, libssl 3 and libstdc++",
        )
    ]


def test_base_python_with_site_packages_copied_is_reported_without_an_edit():
    text = (
        "FROM python:3.13-slim AS deps\nRUN pip install --no-cache-dir flask==3.0.3\n\n"
        "FROM python:3.13-slim\n"
        "COPY --from=deps /usr/local/lib/python3.13/site-packages /usr/local/lib/python3.13/site-packages\n"
        'COPY app.py /app/app.py\nCMD ["python", "/app/app.py"]\n'
    )
    assert found("SZ604", text) == [
        (
            "4:6-4:22",
            "The final stage only runs `python /app/app.py`: it could be based on "
            "`gcr.io/distroless/python3-debian13:nonroot` (no shell, no package manager); Debian's python does "
            "not read `/usr/local/lib/python3.13/site-packages`: copy the packages into "
            "`/usr/local/lib/python3.13/dist-packages` instead",
        )
    ]
    assert found("SZ604", text.replace("3.13", "3.12")) == []


def test_base_python_running_a_stdlib_script_moves_with_its_entrypoint_reset():
    text = 'FROM python:3.13-slim AS src\nRUN true\n\nFROM python:3.13-slim\nCOPY --from=src /etc/hostname /app/\nCMD ["/usr/local/bin/python3", "-m", "http.server"]\n'
    assert fixed("SZ604", text, unsafe=True) == (
        "FROM python:3.13-slim AS src\nRUN true\n\nFROM gcr.io/distroless/python3-debian13:nonroot\nWORKDIR /\n"
        'ENTRYPOINT []\nCOPY --from=src /etc/hostname /app/\nCMD ["/usr/bin/python3.13", "-m", "http.server"]\n'
    )


def test_numeric_ids_are_kept_and_only_missing_names_change():
    text = GO_STATIC.replace("USER app", "USER 1000:app")
    assert "USER 1000:65532\n" in fixed("SZ604", text, unsafe=True)


def test_a_cmd_before_the_entrypoint_of_the_same_stage_still_counts():
    text = JAR.replace(
        'ENTRYPOINT ["/opt/java/openjdk/bin/java", "-jar", "/app/app.jar"]',
        'CMD ["-jar", "/app/app.jar"]\nENTRYPOINT ["java"]',
    )
    assert found("SZ604", text)[0][1].startswith("The final stage only runs `java -jar /app/app.jar`")
