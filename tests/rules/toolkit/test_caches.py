from stanzalint.rules.toolkit import caches


def test_caches_for_root_and_every_user():
    assert caches.in_homes(".npm") == ["/root/.npm", "/home/*/.npm"]
    assert caches.PIP == ["/root/.cache/pip", "/home/*/.cache/pip"]
    assert "/opt/*conda*/pkgs" in caches.CONDA
    assert caches.TOOLS["pipenv"][-2:] == caches.PIP
    assert "/usr/local/cargo/registry" in caches.TOOLS["cargo"]
