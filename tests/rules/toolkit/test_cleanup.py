from stanzalint.rules.toolkit.cleanup import (
    UNKNOWN,
    Removal,
    needs_of,
    removals,
    removes,
    removes_path,
    runs_cleanup_script,
)
from toolkit_input import command, commands


def test_removes_a_directory_or_its_contents():
    assert removes([command("rm -rf /var/lib/{apt,dpkg}/lists/*")], "/var/lib/apt/lists")
    assert not removes([command("rm -rf /var/lib/apt/lists/partial")], "/var/lib/apt/lists")
    assert not removes([command("echo /var/lib/apt/lists")], "/var/lib/apt/lists")


def test_removes_path_and_cleanup_scripts_after_an_offset():
    cmds = commands("FROM a\nRUN npm ci && rm -rf ~/.npm && ./clean-layer.sh\n")
    assert removes_path(cmds, cmds[0].span.start, ".npm")
    assert not removes_path(cmds, cmds[1].span.start, ".npm")
    assert runs_cleanup_script(cmds, cmds[0].span.start)
    assert not runs_cleanup_script(commands("FROM a\nRUN apt-get clean\n"), -1)


def test_what_a_cleanup_removes():
    assert removals(command("apt-get purge -y wget curl"), ["apt"]) == [
        Removal(users=("wget",)),
        Removal(users=("curl",)),
    ]
    assert removals(command("apt-get purge -y libssl-dev"), ["apt"]) == [UNKNOWN]
    assert removals(command("apt-get autoremove -y"), ["apt"]) == [UNKNOWN]
    assert removals(command("rm -rf /tmp/build"), ["path:/tmp/build/*"]) == [Removal(path="/tmp/build")]
    assert removals(command("apt-get clean"), ["apt"]) == [
        Removal(users=("add-apt-repository", "apt-cache", "apt-get", "apt-mark", "aptitude"))
    ]


def test_what_commands_may_need_of_a_removal():
    assert needs_of([command("curl -O https://x")]).uses(Removal(users=("curl",)))
    assert needs_of([command("sudo xargs -a list.txt /usr/bin/wget")]).uses(Removal(users=("wget",)))
    assert not needs_of([command("make")]).uses(Removal(users=("curl",)))
    assert needs_of([command("tar -xf /tmp/build/a.tar")]).uses(Removal(path="/tmp/build"))
    assert needs_of([command("cd /tmp")]).uses(Removal(path="/tmp/build"))
    assert not needs_of([command("cd /tmpx")]).uses(Removal(path="/tmp/build"))
    assert needs_of([command("make")]).uses(UNKNOWN)
    assert not needs_of([]).uses(UNKNOWN)


def test_what_commands_may_need_holds_no_position_and_only_the_words_that_can_matter():
    assert needs_of(commands("FROM a\nRUN echo hi && curl -o /tmp/x https://y/z\n")) == (
        True,
        ("curl",),
        ("/tmp/x", "https://y/z"),
    )
    assert needs_of([command("echo hello")]) == needs_of([command("echo hello, world")])
