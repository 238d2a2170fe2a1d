from stanzalint.rules.toolkit.cleanup import (
    UNKNOWN,
    Removal,
    removals,
    removes,
    removes_path,
    runs_cleanup_script,
    uses,
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
        Removal(users=frozenset({"wget"})),
        Removal(users=frozenset({"curl"})),
    ]
    assert removals(command("apt-get purge -y libssl-dev"), ["apt"]) == [UNKNOWN]
    assert removals(command("apt-get autoremove -y"), ["apt"]) == [UNKNOWN]
    assert removals(command("rm -rf /tmp/build"), ["path:/tmp/build/*"]) == [Removal(path="/tmp/build")]
    assert removals(command("apt-get clean"), ["apt"]) == [
        Removal(users=frozenset({"apt-get", "apt-cache", "apt-mark", "aptitude", "add-apt-repository"}))
    ]


def test_uses():
    assert uses(command("curl -O https://x"), Removal(users=frozenset({"curl"})))
    assert not uses(command("make"), Removal(users=frozenset({"curl"})))
    assert uses(command("tar -xf /tmp/build/a.tar"), Removal(path="/tmp/build"))
    assert uses(command("make"), UNKNOWN)
