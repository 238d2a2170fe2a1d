from stanzalint.rules.toolkit import dockerfile_path
from stanzalint.rules.toolkit.dockerfile_path import is_test_fixture, published_release


def test_is_test_fixture():
    assert is_test_fixture("pkg/parser/testdata/Dockerfile")
    assert not is_test_fixture("testdata")
    assert not is_test_fixture(None)


def test_tested_release():
    assert dockerfile_path.tested_release("tests/release/docker/ubuntu18.04/Dockerfile", ["18.04"]) == "ubuntu18.04"
    assert dockerfile_path.tested_release("docker/ubuntu18.04/Dockerfile", ["18.04"]) is None


def test_published_release():
    assert published_release("python/3.6/jessie/onbuild/Dockerfile", ["jessie"]) == "3.6/jessie/onbuild"
    assert published_release("app/Dockerfile", ["jessie"]) is None
