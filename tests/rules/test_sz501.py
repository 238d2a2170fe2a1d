from ruletest import fixed, found, violations

NO_USER = "The final stage never sets USER: containers from this image run as root (base `{}`)"
SLASH = "; no fix offered: the working directory is `/`, which only root can write"
BACK_TO_ROOT = "The final stage switches back to root here, so the container runs as root"


def test_no_user_creates_one_in_debian_form_before_cmd_and_gives_it_the_workdir():
    text = 'FROM python:3.12-slim\nWORKDIR /srv/my app\nRUN pip install x\nCMD ["python", "app.py"]\n'
    assert found("SZ501", text) == [("1:1-1:22", NO_USER.format("python:3.12-slim"))]
    assert fixed("SZ501", text, unsafe=True) == (
        "FROM python:3.12-slim\nWORKDIR /srv/my app\nRUN pip install x\n"
        "RUN useradd --system --create-home --uid 10001 app && chown 10001 '/srv/my app'\nUSER 10001\n"
        'CMD ["python", "app.py"]\n'
    )


def test_alpine_form_appended_at_end():
    text = "FROM alpine:3.20\nRUN apk add --no-cache tini\nCMD tini\nWORKDIR /srv\nCOPY serve.sh .\n"
    assert fixed("SZ501", text, unsafe=True) == (
        "FROM alpine:3.20\nRUN apk add --no-cache tini\nCMD tini\nWORKDIR /srv\nCOPY serve.sh .\n"
        "RUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app && chown 10001 /srv\nUSER 10001\n"
    )


def test_user_root_inherited_chain_uses_created_user_whose_home_is_the_workdir():
    text = (
        "FROM debian:12 AS base\nRUN useradd -m bob\nUSER bob\nWORKDIR /home/bob\nCMD python3\n"
        "FROM base\nUSER root\nRUN apt-get update\n"
    )
    assert found("SZ501", text) == [("7:6-7:10", BACK_TO_ROOT)]
    assert fixed("SZ501", text, unsafe=True) == text + "USER bob\n"


def test_a_root_user_written_on_purpose_is_a_decision():
    # the only USER of the stage: the author chose root (DL3002 still reports it)
    assert found("SZ501", "FROM gcr.io/distroless/base-debian12:nonroot\nUSER 0:0\nCOPY installer /bin/\n") == []
    # switching back with a comment that says why
    text = "FROM debian:12\nUSER nobody\nRUN id\n# the installer configures the host's runtime\nUSER root\n"
    assert found("SZ501", text) == []
    # a root that comes from a build argument's default is not written on purpose
    text = 'FROM debian:12\nARG USER_ID=0\nUSER "$USER_ID:$USER_ID"\nCMD ["serve"]\n'
    assert found("SZ501", text) == [
        ("3:6-3:25", "USER is `0:0` here unless the build overrides it, so the container runs as root" + SLASH)
    ]


def test_user_set_in_parent_stage_is_inherited():
    assert found("SZ501", "FROM debian:12 AS base\nUSER nobody\nFROM base\nRUN id\n") == []


def test_builder_stage_is_not_blamed():
    assert found("SZ501", "FROM golang:1.22 AS build\nRUN go build\nFROM debian:12\nUSER 1000:1000\n") == []


def test_nonroot_base_and_variable_user():
    assert found("SZ501", "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY x /x\n") == []
    assert found("SZ501", "FROM debian:12\nARG U\nUSER $U\n") == []


def test_scratch_has_no_home_for_the_user():
    text = 'FROM scratch\r\nCOPY x /x\r\nENTRYPOINT ["/x"]\r\n'
    assert found("SZ501", text) == [
        (
            "1:1-1:13",
            NO_USER.format("scratch")
            + (
                "; no fix offered: on scratch there is no user database, so the user's home is `/`, which only root can write"
            ),
        )
    ]
    assert [v.fix for v in violations("SZ501", text)] == [None]


def test_distroless_numeric_user_when_the_workdir_is_open_to_all():
    text = 'FROM gcr.io/distroless/base-debian12:debug\r\nWORKDIR /srv\r\nCOPY site/ .\r\nRUN chmod 1777 /srv\r\nCMD ["/app"]\r\n'
    assert fixed("SZ501", text, unsafe=True) == (
        "FROM gcr.io/distroless/base-debian12:debug\r\nWORKDIR /srv\r\nCOPY site/ .\r\nRUN chmod 1777 /srv\r\n"
        'USER 65532:65532\r\nCMD ["/app"]\r\n'
    )
    closed = 'FROM gcr.io/distroless/static-debian12\nWORKDIR /app\nCOPY app .\nCMD ["./app"]\n'
    assert violations("SZ501", closed)[0].message.endswith(
        "; no fix offered: the working directory `/app` is owned by root and nothing in the file lets the user write there"
    )


def test_unknown_family_has_no_fix():
    text = 'FROM example.com/base:1\nCMD ["serve"]\n'
    text = text.replace("CMD", "WORKDIR /srv\nCOPY serve /srv/\nCMD")
    assert found("SZ501", text) == [("1:1-1:24", NO_USER.format("example.com/base:1"))]
    assert all(v.fix is None for v in violations("SZ501", text))


def test_escape_backtick_append_user_of_created_user():
    text = "# escape=`\nFROM ubuntu:24.04\nRUN useradd `\n    --create-home analyst\nWORKDIR /home/analyst\nEXPOSE 8888\nCMD python3 app.py\n"
    assert fixed("SZ501", text, unsafe=True) == text.replace("EXPOSE", "USER analyst\nEXPOSE")


def test_build_environment_windows_and_file_carrier_are_skipped():
    assert found("SZ501", "FROM ubuntu:24.04\nRUN apt-get install -y build-essential\n") == []
    assert found("SZ501", "FROM mcr.microsoft.com/dotnet/framework/runtime:4.8\nCMD app.exe\n") == []
    assert found("SZ501", "FROM scratch\nCOPY deno /deno\n") == []


def test_images_built_for_others_to_build_on_are_left_alone():
    # ONBUILD: the downstream build runs its triggers (and its own RUNs) as root
    assert (
        found("SZ501", "FROM python:3.12\nONBUILD COPY . /usr/src/app\nONBUILD RUN pip install -r requirements.txt\n")
        == []
    )
    # an interpreter's REPL on a bare distribution (the official node image's shape)
    node = 'FROM debian:bookworm-slim\nRUN groupadd node && useradd -g node -m node\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["node"]\n'
    assert found("SZ501", node) == []
    assert found("SZ501", 'FROM ubuntu:24.04\nENTRYPOINT ["/__cacert_entrypoint.sh"]\nCMD ["jshell"]\n') == []
    # a comment that titles the image as a base image, or a label that says so
    assert found("SZ501", "# Full Base Image\nFROM example.com/app:base2\nRUN apt-get install -y curl\n") == []
    assert found("SZ501", 'FROM alpine:3.20\nLABEL org.example.role="base image"\nCMD ["serve"]\n') == []


def test_a_server_or_an_entrypoint_script_alone_is_still_an_application():
    assert found("SZ501", 'FROM debian:12\nCMD ["node", "server.js"]\n') == [
        ("1:1-1:15", NO_USER.format("debian:12") + SLASH)
    ]
    # an entrypoint script with an application copied in starts that application
    assert found("SZ501", 'FROM ubuntu:22.04\nCOPY server /usr/local/bin/\nENTRYPOINT ["/entrypoint.sh"]\n') == [
        ("1:1-1:18", NO_USER.format("ubuntu:22.04") + SLASH)
    ]
    # a REPL on an application image is not a base for others
    assert found("SZ501", 'FROM python:3.12-slim\nCOPY app.py /\nCMD ["python3"]\n') == [
        ("1:1-1:22", NO_USER.format("python:3.12-slim") + SLASH)
    ]
    # a comment about choosing a base image does not make this one a base image
    text = "# Use the slim base image selection\nFROM example.com/app:1\nCMD serve\n"
    assert found("SZ501", text) == [("2:1-2:23", NO_USER.format("example.com/app:1") + SLASH)]


def test_images_that_drop_privileges_without_user_are_left_alone():
    gosu = (
        "FROM debian:12-slim\nRUN wget -O /usr/local/bin/gosu https://example.com/gosu-amd64 && chmod +x /usr/local/bin/gosu\n"
        'ENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["postgres"]\n'
    )
    assert found("SZ501", gosu) == []
    assert found("SZ501", "FROM postgres:16\nCOPY init.sql /docker-entrypoint-initdb.d/\n") == []
    # Apache's children run as the User of httpd.conf
    assert found("SZ501", "FROM httpd:2.4\nCOPY site/ /usr/local/apache2/htdocs/\n") == []
    sed = "FROM debian:12\nRUN sed -i 's/^User daemon/User www-data/' /etc/apache2/httpd.conf\nCMD [\"httpd-foreground\"]\n"
    assert found("SZ501", sed) == []
    # s6-overlay's /init starts the services as their users
    assert found("SZ501", 'FROM ubuntu:24.04\nRUN apt-get install -y rstudio-server\nCMD ["/init"]\n') == []
    assert found("SZ501", "FROM ghcr.io/linuxserver/baseimage-ubuntu:noble\nRUN apt-get install -y git\n") == []
    # a base known to run as non-root
    assert found("SZ501", "FROM bats-jenkins\nRUN jenkins-plugin-cli -f plugins.txt\n") == []


def test_development_environment_stage_is_left_alone():
    text = "FROM node:20 AS development\nCMD node src/index.js\nFROM development AS dev-envs\nRUN useradd -m vscode\n"
    assert found("SZ501", text) == []


def test_servers_that_drop_privileges_themselves_are_left_alone():
    # nginx's master runs its workers as nginx.conf's `user`, like Apache's children
    assert found("SZ501", "FROM nginx:alpine\nCOPY build/ /usr/share/nginx/html\n") == []
    served = 'FROM debian:12-slim\nRUN apt-get install -y nginx\nCMD ["nginx", "-g", "daemon off;"]\n'
    assert found("SZ501", served) == []
    # supervisord starts each program as its configured user
    supervised = (
        'FROM php:8.3-apache\nRUN apt-get install -y supervisor cron\nCMD ["/usr/bin/supervisord", "-c", "/s.conf"]\n'
    )
    assert found("SZ501", supervised) == []


def test_no_user_fix_where_apache_writes_root_owned_places():
    # switched back to root at the end: Apache needs root-owned places to start
    apache = 'FROM php:8.3-apache\nUSER www-data\nCOPY src/ /var/www/html/\nUSER root\nCMD ["apache2-foreground"]\n'
    assert [v.fix for v in violations("SZ501", apache)] == [None]
    assert violations("SZ501", apache)[0].message.endswith(
        "Apache writes its pid file and logs to root-owned directories and starts its children as its "
        "configured User itself; make those directories writable first"
    )


def test_no_user_fix_where_programs_live_in_root_home():
    uv = (
        "FROM ubuntu:22.04\nRUN uv python install 3.11\n"
        'ENV LD_LIBRARY_PATH="$LD_LIBRARY_PATH:/root/.local/share/uv/python/cpython-3.11-linux/lib/"\n'
        'CMD ["python3", "serve.py"]\n'
    )
    (v,) = violations("SZ501", uv)
    assert v.fix is None
    assert v.message.endswith("; no fix offered: `LD_LIBRARY_PATH` points into /root, which only root can read")
    pyenv = "FROM ubuntu:22.04\nENV PATH /root/.pyenv/shims:$PATH\nCMD python app.py\n"
    assert [v.fix for v in violations("SZ501", pyenv)] == [None]
    home = "FROM ubuntu:22.04\nWORKDIR /root\nCOPY app.py .\nCMD python3 app.py\n"
    assert violations("SZ501", home)[0].message.endswith(
        "the working directory `/root` is in root's home, which only root can enter"
    )
    # a toolset under /opt/rh/.../root is not root's home: the fix is still offered
    rh = (
        "FROM ubuntu:22.04\nENV PATH=/opt/rh/gcc-toolset-13/root/usr/bin:$PATH\nWORKDIR /srv\nCOPY serve .\nCMD serve\n"
    )
    assert [v.fix is not None for v in violations("SZ501", rh)] == [True]


def test_images_whose_job_needs_root_are_left_alone():
    # docker-in-docker: dockerd needs root
    dind = 'FROM docker:27-cli\nRUN adduser -S dockremap\nENTRYPOINT ["dockerd-entrypoint.sh"]\nCMD []\n'
    assert found("SZ501", dind) == []
    assert found("SZ501", 'FROM ubuntu:24.04\nRUN useradd -m tester\nENTRYPOINT ["hack/dind"]\n') == []
    # a hub that logs the image's local users in and spawns their servers
    hub = 'FROM quay.io/jupyterhub/jupyterhub\nRUN useradd alice --create-home\nCMD ["jupyterhub"]\n'
    assert found("SZ501", hub) == []


def test_a_build_environment_on_a_language_image_is_left_alone():
    # no command of its own: it is run as `docker run ... yarn build`
    text = "FROM node:24-alpine\nWORKDIR /src/webui\nCOPY package.json yarn.lock ./\nRUN yarn install\nCOPY . .\n"
    assert found("SZ501", text) == []
    # a tool installed on a language image and run with its own command is a service
    tool = "FROM python:3.10-slim\nRUN pip install --no-cache mlflow==2.9.2\n"
    assert found("SZ501", tool) == [("1:1-1:22", NO_USER.format("python:3.10-slim") + SLASH)]
    served = text + 'CMD ["node", "server.js"]\n'
    assert [v.fix is not None for v in violations("SZ501", served)] == [True]


def test_no_user_fix_for_programs_that_need_root():
    sshd = 'FROM debian:12\nRUN apt-get install -y openssh-server\nWORKDIR /srv\nCMD ["/usr/sbin/sshd", "-D"]\n'
    assert violations("SZ501", sshd)[0].message.endswith(
        "; no fix offered: sshd starts as root to switch to each user who logs in"
    )
    ldconfig = 'FROM ubuntu:24.04\nWORKDIR /app\nCMD ["ldconfig", "/app/bin/launcher"]\n'
    assert [v.fix for v in violations("SZ501", ldconfig)] == [None]
    cron = 'FROM debian:12\nRUN apt-get install -y cron\nWORKDIR /srv\nCMD ["cron", "-f"]\n'
    assert violations("SZ501", cron)[0].message.endswith(
        "; no fix offered: cron starts as root to run each user's crontab as that user"
    )


def test_docker_clients_are_left_alone():
    # the socket is root's and the host's docker group's, and whoever opens it is root on the host
    for text in (
        'FROM alpine:3.20\nWORKDIR /srv\nVOLUME /var/run/docker.sock\nENTRYPOINT ["/ci-runner"]\n',
        'FROM alpine:3.20\nRUN apk add --no-cache git python3 docker\nENTRYPOINT ["/usr/local/bin/entrypoint"]\n',
    ):
        assert found("SZ501", text) == [], text
    # a program that can use the socket (a proxy with a Docker provider) is no client unless the file says so
    proxy = 'FROM alpine:3.20\nCOPY traefik /\nWORKDIR /srv\nCOPY traefik.yml .\nENTRYPOINT ["/traefik"]\n'
    assert found("SZ501", proxy) == [("1:1-1:17", NO_USER.format("alpine:3.20"))]
    # switched back to root at the end: no USER edit either
    text = 'FROM alpine:3.20\nRUN apk add --no-cache docker-cli\nUSER nobody\nRUN id\nUSER root\nCMD ["/ci"]\n'
    assert violations("SZ501", text)[0].message == BACK_TO_ROOT + (
        "; no fix offered: the container talks to the Docker daemon through its socket, which only root "
        "and the host's docker group can open"
    )


def test_an_account_a_service_drops_to_is_left_alone_or_gets_no_edit():
    text = (
        "FROM alpine:3.20\nENV DNSMASQ_USER=pihole\nRUN adduser -S pihole -u 999\nWORKDIR /etc/pihole\n"
        'RUN chown pihole /etc/pihole\nENTRYPOINT ["start.sh"]\n'
    )
    # the service starts as root and runs as the account its own setting names
    assert found("SZ501", text) == []
    # a generic setting names the account the author meant to run as: still reported
    app = text.replace("DNSMASQ_USER", "APP_USER")
    assert [line for line, _ in found("SZ501", app)] == ["1:1-1:17"]
    # switched back to root at the end: no USER edit for the account the service drops to
    back = text.replace("ENTRYPOINT", "USER pihole\nRUN id\nUSER root\nENTRYPOINT")
    assert violations("SZ501", back)[0].message == BACK_TO_ROOT + (
        "; no fix offered: `pihole` is the account a service drops to (`DNSMASQ_USER`), not one it starts as"
    )


def test_no_user_fix_where_the_program_writes_root_owned_places():
    volume = 'FROM debian:12-slim\nRUN mkdir /data\nVOLUME /data\nWORKDIR /\nCMD ["/start.sh"]\n'
    assert violations("SZ501", volume)[0].message.endswith(SLASH)
    data = 'FROM debian:12-slim\nWORKDIR /srv\nRUN mkdir /data\nVOLUME /data\nCMD ["/start.sh"]\n'
    assert violations("SZ501", data)[0].message.endswith(
        "; no fix offered: the volume `/data` is owned by root and nothing in the file lets the user write there"
    )
    # an existing account must be given its working directory by the file
    existing = 'FROM debian:12-slim\nRUN useradd -r svc\nWORKDIR /meili_data\nCMD ["/bin/meilisearch"]\n'
    assert violations("SZ501", existing)[0].message.endswith(
        "; no fix offered: the working directory `/meili_data` is owned by root and nothing in the file lets the user write there"
    )
    given = existing.replace("WORKDIR /meili_data\n", "WORKDIR /srv\nCOPY site/ .\nRUN chown -R svc:svc /srv\n")
    assert fixed("SZ501", given, unsafe=True) == given.replace("CMD", "USER svc\nCMD")
    # a development image: builds run in its root-owned tree
    devel = 'FROM tensorflow/tensorflow:nightly-devel\nWORKDIR /tensorflow\nCMD ["python", "train.py"]\n'
    assert violations("SZ501", devel)[0].message.endswith(
        "; no fix offered: `tensorflow/tensorflow:nightly-devel` is a development image: builds run in its "
        "root-owned source tree and toolchain"
    )


def test_images_on_an_s6_init_base_or_a_dev_container_base_are_left_alone():
    assert found("SZ501", "FROM rocker/verse:4.6.1\nRUN install2.r sf\n") == []
    assert found("SZ501", "FROM mcr.microsoft.com/devcontainers/python:3.12\nRUN pip install ruff\n") == []
    # a command of its own replaces the base's /init
    assert found("SZ501", 'FROM rocker/verse:4.6.1\nCMD ["Rscript", "job.R"]\n') != []
    assert found("SZ501", 'FROM rocker/rstudio:4.4\nCMD ["sh", "-c", "/setup-users.sh && /init"]\n') == []


def test_test_fixtures_are_never_built_so_never_run_as_root():
    text = 'FROM ubuntu:24.04\nRUN apt-get install -y redis-server\nENTRYPOINT ["/usr/bin/redis-server"]\n'
    assert found("SZ501", text, path="app/Dockerfile") == [("1:1-1:18", NO_USER.format("ubuntu:24.04") + SLASH)]
    for fixture in (
        "parser/testfiles/oddities/Dockerfile",
        "pkg/testdata/Dockerfile",
        "test/fixtures/redis/Dockerfile",
    ):
        assert found("SZ501", text, path=fixture) == [], fixture


def test_a_language_runtime_image_is_a_base_whatever_its_base_is_called():
    # the image installs an interpreter and starts only its REPL: PowerShell on a mirrored Alpine
    pwsh = (
        "FROM registry.example.com/alpine:3.20\nCOPY --from=installer /opt/microsoft/powershell /opt/microsoft/powershell\n"
        'RUN ln -s /opt/microsoft/powershell/7/pwsh /usr/bin/pwsh\nCMD ["pwsh"]\n'
    )
    assert found("SZ501", pwsh) == []
    r = 'FROM example.org/r-base:noble\nRUN apt-get install -y ./r-4.5.deb && ln -s /opt/R/4.5/bin/R /usr/bin/R\nCMD ["R"]\n'
    assert found("SZ501", r) == []
    # the REPL is the base's own: the image adds something else to it
    scripts = 'FROM mcr.microsoft.com/powershell:ubuntu-24.04\nCOPY jobs/ /jobs/\nCMD ["pwsh"]\n'
    assert found("SZ501", scripts) == [
        ("1:1-1:47", NO_USER.format("mcr.microsoft.com/powershell:ubuntu-24.04") + SLASH)
    ]
    # a REPL the file does not install is not this image's runtime
    bare = 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nCOPY train.py /srv/\nCMD ["python3"]\n'
    assert found("SZ501", bare) == [("1:1-1:44", NO_USER.format("nvidia/cuda:12.4.1-runtime-ubuntu22.04") + SLASH)]
    # a program other than the REPL on such a base is an application
    served = pwsh.replace('CMD ["pwsh"]', 'CMD ["pwsh", "-File", "/srv/serve.ps1"]')
    assert found("SZ501", served) == [("1:1-1:38", NO_USER.format("registry.example.com/alpine:3.20") + SLASH)]


def test_a_ci_job_environment_that_installs_sudo_is_left_alone():
    ci = (
        "FROM mcr.microsoft.com/powershell:ubuntu-24.04\n"
        "RUN apt-get update && apt-get install --no-install-recommends -y sudo git curl unzip\n"
        'CMD ["pwsh"]\n'
    )
    assert found("SZ501", ci) == []
    assert found("SZ501", ci.replace('CMD ["pwsh"]\n', "")) == []
    # sudo in an image that starts a program of its own: still an application running as root
    served = ci.replace('CMD ["pwsh"]', 'CMD ["/usr/local/bin/start.sh"]')
    assert found("SZ501", served) == [("1:1-1:47", NO_USER.format("mcr.microsoft.com/powershell:ubuntu-24.04") + SLASH)]


def test_servers_that_run_their_workload_as_another_user_are_left_alone():
    # Apache's children run as its configured User: by command or by an httpd / php:*-apache base
    assert found("SZ501", 'FROM php:8.4-apache\nCOPY src/ /var/www/html/\nCMD ["apache2-foreground"]\n') == []
    assert found("SZ501", "FROM php:8.4-apache\nCOPY src/ /var/www/html/\n") == []
    assert (
        found("SZ501", 'FROM debian:12-slim\nRUN apt-get install -y apache2\nCMD ["apache2ctl", "-D", "FOREGROUND"]\n')
        == []
    )
    # php-fpm's pool workers run as the pool's user
    assert found("SZ501", 'FROM php:8.3-fpm-alpine\nWORKDIR /var/www/html\nCMD ["php-fpm"]\n') == []
    assert found("SZ501", 'FROM alpine:3.20\nRUN apk add php82-fpm\nCMD ["php-fpm82", "-F"]\n') == []
    # runit runs each service as the user its run script switches to
    runit = 'FROM ubuntu:24.04\nRUN mkdir -p /etc/sv/postfix\nWORKDIR /opt\nCMD ["/usr/local/bin/start"]\n'
    assert found("SZ501", runit) == []
    assert found("SZ501", 'FROM phusion/baseimage:noble-1.0.0\nCMD ["/sbin/my_init"]\n') == []
    # the base's server is not what runs when the stage starts a program of its own
    worker = 'FROM php:8.4-apache\nCOPY worker.php /srv/\nCMD ["php", "/srv/worker.php"]\n'
    assert found("SZ501", worker) == [("1:1-1:20", NO_USER.format("php:8.4-apache") + SLASH)]
    # a server that does its work in the process root started is still reported
    node = 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n'
    assert found("SZ501", node) == [("1:1-1:18", NO_USER.format("node:22-slim"))]


MOUNT = "a host directory mounted there keeps the host's owner, which no chown in the image changes"


def test_no_user_edit_where_the_data_lives_on_a_mount():
    # a working directory the build puts nothing in is there for data (`-v $PWD/data:/meili_data`)
    data = 'FROM alpine:3.22\nCOPY --from=build /out/search /bin/search\nWORKDIR /meili_data\nCMD ["/bin/search"]\n'
    (v,) = violations("SZ501", data)
    assert (v.fix, v.message) == (
        None,
        NO_USER.format("alpine:3.22")
        + (
            "; no fix offered: the build puts nothing in the working directory `/meili_data`: it is there for data, and "
            + MOUNT
        ),
    )
    # given to a created user by the file: the chown does not reach a host directory mounted there
    given = data.replace(
        "WORKDIR /meili_data\n", "RUN adduser -S svc\nWORKDIR /meili_data\nRUN chown -R svc /meili_data\n"
    )
    assert [v.fix for v in violations("SZ501", given)] == [None]
    # a VOLUME, even one made writable
    volume = 'FROM debian:12-slim\nWORKDIR /srv\nCOPY . .\nRUN mkdir /data && chmod 1777 /data\nVOLUME /data\nCMD ["/srv/run"]\n'
    assert violations("SZ501", volume)[0].message.endswith(
        "; no fix offered: `/data` is a VOLUME, meant to be mounted: " + MOUNT
    )
    # a setting that names the program's data directory
    xdg = 'FROM alpine:3.23\nCOPY caddy /usr/bin/\nENV XDG_DATA_HOME=/data\nWORKDIR /srv\nCOPY site/ .\nCMD ["caddy", "run"]\n'
    assert violations("SZ501", xdg)[0].message.endswith(
        "; no fix offered: `XDG_DATA_HOME` puts the program's data in `/data`, which users mount: " + MOUNT
    )
    # a model server downloads models into a cache users mount (`-v $HOME/models:/app/models`)
    models = 'FROM ubuntu:24.04\nWORKDIR /app\nCOPY router /usr/bin/\nCOPY requirements.txt .\nENV HF_HUB_ENABLE_HF_TRANSFER=1\nENTRYPOINT ["router"]\n'
    assert violations("SZ501", models)[0].message.endswith(
        "; no fix offered: the container downloads models (`HF_HUB_ENABLE_HF_TRANSFER`), which users keep on a "
        "mounted directory: " + MOUNT
    )
    # a stateless service whose working directory holds its code still gets the edit
    service = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["gunicorn", "app:app"]\n'
    assert [v.fix is not None for v in violations("SZ501", service)] == [True]


def test_pgadmin_runs_as_its_own_user():
    # dpage/pgadmin4 ends with USER 5050 (pgadmin)
    assert found("SZ501", "FROM dpage/pgadmin4:latest\n") == []


def test_an_image_whose_command_only_prints_a_greeting_is_run_with_another_command():
    # the official Deno image: its entrypoint wrapper runs `deno eval ...` to say it works
    deno = (
        "FROM alpine:3.20\nCOPY --from=bin /deno /bin/deno\n"
        'ENTRYPOINT ["/tini", "--", "docker-entrypoint.sh"]\nCMD ["eval", "console.log(\'Welcome to Deno!\')"]\n'
    )
    assert found("SZ501", deno) == []
    distroless = 'FROM gcr.io/distroless/cc\nCOPY --from=bin /deno /bin/deno\nENTRYPOINT ["/bin/deno"]\nCMD ["eval", "console.log(\'hi\')"]\n'
    assert found("SZ501", distroless) == []
    hello = "FROM example.com/conda:test\nRUN micromamba install -y python\nCMD python -c \"print('hello')\"\n"
    assert found("SZ501", hello) == []
    # code that does more than print is a program
    job = hello.replace("print('hello')", "import job; job.run()")
    assert found("SZ501", job) == [("1:1-1:28", NO_USER.format("example.com/conda:test") + SLASH)]


def test_an_image_that_starts_nothing_of_its_own_is_left_alone():
    # no CMD or ENTRYPOINT: a workspace started with a shell (host directories mounted for writing)
    assert found("SZ501", "FROM nvcr.io/nvidia/pytorch:24.01-py3\nWORKDIR /workspace/bert\nCOPY . .\n") == []
    # a keep-alive: a test rig people exec into
    assert (
        found("SZ501", 'FROM rocker/ml:4.4\nCOPY test-gpu.sh /\nENTRYPOINT ["tail"]\nCMD ["-f", "/dev/null"]\n') == []
    )
    assert found("SZ501", 'FROM debian:12\nCOPY rig.sh /\nCMD ["sleep", "infinity"]\n') == []
    # a pass-through entrypoint with no CMD on a bare distribution: a runtime for others to build on
    runtime = (
        "FROM ubuntu:24.04\nENV JAVA_HOME=/opt/java/openjdk\nRUN curl -fsSLo /tmp/jre.tgz https://example.com/jre.tgz\n"
        'COPY --chmod=755 entrypoint.sh /__cacert_entrypoint.sh\nENTRYPOINT ["/__cacert_entrypoint.sh"]\n'
    )
    assert found("SZ501", runtime) == []


def test_an_image_with_no_command_of_its_own_still_runs_its_bases_application():
    # a server image's own command serves the models the stage adds
    server = "FROM nvcr.io/nvidia/tensorrtserver:20.02-py3\nCOPY model /models/\n"
    assert found("SZ501", server) == [("1:1-1:45", NO_USER.format("nvcr.io/nvidia/tensorrtserver:20.02-py3") + SLASH)]
    # a tool installed on a language image is run as `mlflow server`
    tool = "FROM python:3.10-slim\nRUN pip install --no-cache mlflow==2.9.2\n"
    assert found("SZ501", tool) == [("1:1-1:22", NO_USER.format("python:3.10-slim") + SLASH)]
    # an entrypoint script with another stage's program copied in starts that program
    app = (
        "FROM rust:1.80 AS build\nRUN cargo build --release\nFROM ubuntu:22.04\n"
        'COPY --from=build /target/release/router /usr/local/bin/\nENTRYPOINT ["/tgi-entrypoint.sh"]\n'
    )
    assert found("SZ501", app) == [("3:1-3:18", NO_USER.format("ubuntu:22.04") + SLASH)]


def test_an_interactive_workspace_with_editors_is_left_alone():
    text = (
        "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y vim emacs nano\nWORKDIR /work\n"
        'COPY . .\nCMD ["bash", "build.sh"]\n'
    )
    assert found("SZ501", text) == []
    # the same image without editors starts a program of its own as root
    plain = text.replace(" vim emacs nano", " make")
    assert [v.code for v in violations("SZ501", plain)] == ["SZ501"]


def test_a_jupyter_server_run_with_allow_root_is_root_by_design():
    notebook = (
        "FROM ubuntu:22.04\nRUN pip install jupyter\nWORKDIR /tf\nCOPY notebooks/ ./notebooks/\n"
        'CMD ["bash", "-c", "jupyter notebook --notebook-dir=/tf --ip 0.0.0.0 --allow-root"]\n'
    )
    assert found("SZ501", notebook) == []
    # without --allow-root it is reported
    assert [v.code for v in violations("SZ501", notebook.replace(" --allow-root", ""))] == ["SZ501"]


def test_no_user_edit_where_the_program_binds_a_port_below_1024():
    why = (
        "; no fix offered: the program listens on port {}, which runtimes that keep the privileged-port limit "
        "refuse to a non-root user: move it to a port above 1023 first"
    )
    base = "FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\n"
    cases = {
        "80": base + 'CMD ["gunicorn", "app:app", "-b", "0.0.0.0:80"]\n',
        "443": base + 'EXPOSE 443/tcp\nCMD ["python", "app.py"]\n',
        "81": base + 'ENV PORT=81\nCMD ["node", "server.js"]\n',
        "8": base + 'CMD ["uvicorn", "app:app", "--port=8"]\n',
    }
    for port, text in cases.items():
        assert [(v.message.endswith(why.format(port)), v.fix) for v in violations("SZ501", text)] == [(True, None)], (
            text
        )
    # a port above 1023 keeps the edit
    high = base + 'EXPOSE 8080\nCMD ["gunicorn", "app:app", "--bind", "0.0.0.0:8080"]\n'
    assert [v.fix is not None for v in violations("SZ501", high)] == [True]


def test_no_user_fix_when_a_sh_c_start_command_installs_or_starts_a_service():
    """``sh -c "pip install ... && python app.py"`` writes the image's site-packages, and
    ``service nginx start`` runs an init script that needs root: as another user the container
    would not start."""
    for start in (
        'CMD ["sh", "-c", "pip install -r requirements.txt && python app.py"]',
        'CMD ["sh", "-c", "service nginx start && tail -f /dev/null"]',
    ):
        [v] = violations("SZ501", f"FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n{start}\n")
        assert v.fix is None and "no fix offered" in v.message, start
    [v] = violations("SZ501", 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["sh", "-c", "python app.py"]\n')
    assert v.fix is not None
