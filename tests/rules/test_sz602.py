from ruletest import found


def test_golang_final_base_with_cmd():
    assert found("SZ602", 'FROM golang:1.22\nRUN go build -o /app\nCMD ["/app"]\n') == [
        (
            "1:6-1:17",
            "The final image is based on the build image `golang:1.22` (Go toolchain image (compiler, git and "
            "a full distribution)); build in an earlier stage and copy the result into "
            "`gcr.io/distroless/static-debian13`",
        )
    ]


def test_cuda_devel_through_stage_chain():
    text = "FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04 AS base\nFROM base\nCMD python3\n"
    (hit,) = found("SZ602", text)
    assert hit[0] == "1:6-1:48"
    assert hit[1].endswith("`nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04`")


def test_runtime_images_builders_and_build_environments_are_fine():
    assert found("SZ602", "FROM node:20-slim\nCMD node\n") == []
    assert found("SZ602", "FROM golang:1.22 AS b\nFROM scratch\nCMD x\n") == []
    assert found("SZ602", "FROM golang:1.22\nRUN go vet ./...\n") == []


def test_onbuild_images_workspaces_and_dev_environments_are_left_alone():
    assert found("SZ602", "FROM golang:1.22\nONBUILD COPY . /go/src/app\nONBUILD RUN go install\n") == []
    jupyter = "FROM nvidia/cuda:12.4.1-devel-ubuntu22.04\nRUN pip install jupyter\nRUN python setup.py build develop\nCMD jupyter notebook\n"
    assert found("SZ602", jupyter) == []
    dev = "FROM node:20 AS development\nCMD node index.js\nFROM development AS dev-envs\nRUN useradd -m vscode\n"
    assert found("SZ602", dev) == []


def test_jdk_kept_for_the_jdk_tools_the_file_names():
    jdk = "FROM eclipse-temurin:21-jammy\nCOPY app.jar /app.jar\n"
    assert found("SZ602", jdk + 'CMD ["java", "-jar", "/app.jar"]\n') == [
        (
            "1:6-1:30",
            "The final image is based on the build image `eclipse-temurin:21-jammy` (JDK image; a Java "
            "application needs only a JRE at run time); build in an earlier stage and copy the result into "
            "`eclipse-temurin:21-jre-jammy`",
        )
    ]
    assert found("SZ602", jdk + 'HEALTHCHECK CMD jcmd 1 VM.uptime\nCMD ["java", "-jar", "/app.jar"]\n') == []
    assert found("SZ602", "# the executors call jmap for heap histograms: keep the JDK\n" + jdk + "CMD x\n") == []


def test_jdk_kept_for_a_spark_release_whose_executors_run_jmap():
    def spark(version):
        return (
            "FROM eclipse-temurin:21-jammy\n"
            f"ENV SPARK_TGZ_URL=https://example.org/spark/spark-{version}/spark-{version}-bin-hadoop3.tgz\n"
            'RUN wget -O spark.tgz "$SPARK_TGZ_URL" && tar -xf spark.tgz -C /opt/spark\n'
            'ENTRYPOINT ["/opt/entrypoint.sh"]\n'
        )

    assert found("SZ602", spark("3.5.1")) == []
    assert found("SZ602", spark("4.1.2")) == []
    message = (
        "The final image is based on the build image `eclipse-temurin:21-jammy` (JDK image; a Java "
        "application needs only a JRE at run time); build in an earlier stage and copy the result into "
        "`eclipse-temurin:21-jre-jammy`"
    )
    assert found("SZ602", spark("4.2.0")) == [("1:6-1:30", message)]
    assert found("SZ602", spark("3.4.3")) == [("1:6-1:30", message)]


def test_each_image_reference_is_looked_up_once(monkeypatch):
    """The build-image table does not change while the process runs: a lint after a keystroke
    asks nothing of it for an image it has looked up, and reports the same."""
    from stanzalint import knowledge

    text = 'FROM golang:1.22-sz602\nRUN go build -o /app\nCMD ["/app"]\n'
    first = found("SZ602", text)
    assert first
    asked: list[str] = []
    info = knowledge.build_image_info
    monkeypatch.setattr(knowledge, "build_image_info", lambda image: asked.append(image.raw) or info(image))
    assert found("SZ602", text.replace("/app", "/app2")) == first
    assert found("SZ602", 'FROM golang:1.22-sz602\nFROM rust:1.80-sz602\nCMD ["/app"]\n')
    assert asked == ["rust:1.80-sz602"]  # a reference not looked up before is
