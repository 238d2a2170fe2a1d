from stanzalint.rules.toolkit.run_as_user import (
    RootFindingReads,
    canonical_program,
    created_home,
    data_on_a_mount,
    names_runit_services,
    privilege_dropping_server,
    program_needs_root,
    program_switches_users,
    root_by_design,
    root_finding,
    root_finding_reads,
    runs_apache,
    service_account,
    services_under_runit,
    uses_docker_socket,
    why_user_would_break,
    working_directory,
)
from stanzalint.rules.toolkit.users import created_users, usable_user
from toolkit_input import commands, final_stage


def test_programs_that_need_root():
    assert canonical_program("dockerd-entrypoint.sh") == "dockerd" and canonical_program("crond") == "cron"
    assert program_needs_root("sshd") == "sshd starts as root to switch to each user who logs in"
    assert program_needs_root("python") is None


def test_working_directory_and_home():
    analysis, stage = final_stage("FROM a\nWORKDIR /srv\nWORKDIR app\nRUN useradd -m -d /home/web/ web\n")
    assert working_directory(analysis, stage) == "/srv/app"
    assert created_home(created_users(analysis, stage)[0]) == "/home/web"


def test_root_finding_and_root_by_design():
    text = 'FROM debian:12\nCMD ["/app/server"]\n'
    analysis, _ = final_stage(text)
    span, message, family = root_finding(analysis)
    assert (text[span.start : span.end], family.distro) == ("FROM debian:12", "debian")
    assert message == "The final stage never sets USER: containers from this image run as root (base `debian:12`)"
    assert root_finding(final_stage('FROM debian:12\nUSER 1000\nCMD ["/app/server"]\n')[0]) is None
    analysis, stage = final_stage('FROM nginx:1.27\nCMD ["nginx", "-g", "daemon off;"]\n')
    assert root_by_design(analysis, stage) == "nginx's master runs its workers as the `user` of nginx.conf"


def test_why_user_would_break():
    analysis, stage = final_stage('FROM debian:12\nCMD ["/app/server"]\n')
    assert why_user_would_break(analysis, stage, "server", None, False) == (
        "the working directory is `/`, which only root can write"
    )
    assert why_user_would_break(analysis, stage, "sshd", None, True) == (
        "sshd starts as root to switch to each user who logs in"
    )
    analysis, stage = final_stage('FROM debian:12\nWORKDIR /srv\nCOPY server /srv/\nCMD ["/srv/server"]\n')
    assert why_user_would_break(analysis, stage, "server", None, True) is None


def test_servers_and_clients_that_start_as_root():
    assert program_switches_users("php-fpm") is not None and program_switches_users("nginx") is None
    analysis, stage = final_stage("FROM php:8.3-apache\n")
    assert runs_apache(stage) and privilege_dropping_server(analysis, stage) is not None
    analysis, stage = final_stage('FROM debian:12\nCMD ["/app/server"]\n')
    assert not runs_apache(stage) and privilege_dropping_server(analysis, stage) is None
    analysis, stage = final_stage('FROM debian:12\nVOLUME /var/run/docker.sock\nCMD ["/app/watch"]\n')
    assert uses_docker_socket(analysis, stage) is not None
    analysis, stage = final_stage("FROM debian:12\nRUN ln -s /etc/sv/app /etc/service/app\n")
    assert services_under_runit(analysis, stage) == program_needs_root("runsvdir")


def test_service_accounts_and_data_on_a_mount():
    analysis, stage = final_stage('FROM debian:12\nENV DNSMASQ_USER=dns\nRUN useradd dns\nCMD ["dnsmasq"]\n')
    assert service_account(stage, usable_user(analysis, stage)) is not None
    analysis, stage = final_stage('FROM debian:12\nRUN useradd app\nVOLUME /data\nCMD ["/app/server"]\n')
    assert data_on_a_mount(analysis, stage, usable_user(analysis, stage)) is not None


def test_names_runit_services():
    assert names_runit_services(
        commands("FROM debian:12\nRUN mkdir -p /etc/sv/app && ln -s /etc/sv/app /etc/service/\n")
    )
    assert not names_runit_services(commands("FROM debian:12\nRUN mkdir -p /etc/service/app\n"))


def test_root_finding_reads():
    run = commands(
        "FROM debian:12\nRUN apt-get install -y docker.io vim curl && ln -s /opt/bin/node /usr/bin/node "
        "&& sed -i 's/User daemon/User www/' /etc/httpd.conf > /var/run/docker.sock\n"
    )
    assert root_finding_reads(run) == RootFindingReads(("docker.io", "vim"), ("node",), True, False, True)
    assert root_finding_reads([]) == RootFindingReads((), (), False, False, False)
    # the socket is read off the RUN's text: a redirection no command's words hold
    (echo,) = commands("FROM debian:12\nRUN echo hi > /var/run/docker.sock\n")
    assert root_finding_reads([echo]).docker_socket
