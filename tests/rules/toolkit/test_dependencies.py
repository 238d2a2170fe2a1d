from stanzalint.rules.toolkit.dependencies import manifest_install
from toolkit_input import command


def _manifests(script):
    found = manifest_install(command(script))
    return None if found is None else (found.label, found.manifests, found.source_path)


def test_installs_that_read_manifests():
    assert _manifests("pip install -r requirements.txt -c constraints.txt") == (
        "pip install",
        [("requirements.txt", True), ("constraints.txt", True)],
        None,
    )
    assert _manifests("npm ci") == ("npm ci", [("package.json", True), ("package-lock.json", True)], None)
    assert _manifests("yarn install --frozen-lockfile") == (
        "yarn install",
        [("package.json", True), ("yarn.lock", True)],
        None,
    )
    assert _manifests("go mod download") == ("go mod download", [("go.mod", True), ("go.sum", False)], None)
    assert _manifests("conda env create") == ("conda env create", [("environment.yml", True)], None)


def test_installs_that_need_the_whole_source():
    assert _manifests("pip install -e .") == ("pip install", [], ".")
    assert _manifests("poetry install") == ("poetry install", [("pyproject.toml", True), ("poetry.lock", False)], ".")
    assert _manifests("poetry install --no-root")[2] is None


def test_other_commands_are_not_manifest_installs():
    assert _manifests("pip install flask") is None
    assert _manifests("npm install left-pad") is None
    assert _manifests("make install") is None
