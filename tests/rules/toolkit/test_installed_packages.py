from stanzalint.rules.toolkit.installed_packages import (
    installed_packages,
    is_build_package,
    is_toolchain_package,
    split_carry,
)
from toolkit_input import analysed, values


def test_build_and_toolchain_packages():
    assert is_toolchain_package("gcc-12") and is_toolchain_package("build-essential")
    assert is_build_package("libssl-dev") and not is_toolchain_package("libssl-dev")
    assert not is_build_package("curl")


def test_installed_packages_leave_out_what_is_removed_later():
    _, analysis = analysed(
        "FROM debian:12\nRUN apt-get install -y gcc curl make && apt-get purge -y gcc\n"
        "RUN apk add --virtual .deps musl-dev && apk del .deps\n"
    )
    stage = analysis.stages[0]
    assert [(i.action.manager, values(i.kept)) for i in installed_packages(analysis, stage.body)] == [
        ("apt", ["curl", "make"]),
        ("apk", []),
    ]


def test_split_carry_installs_runtime_packages_again_but_not_the_toolchain():
    _, analysis = analysed(
        "FROM debian:12-slim\nRUN apt-get install -y --no-install-recommends gcc libpq5\nRUN make install\n"
    )
    carried, refused = split_carry(analysis, analysis.stages[0], ["/usr/local"])
    assert refused is None and carried.names == ["libpq5"]
