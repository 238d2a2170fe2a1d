"""Hover facts for distroless bases (markdown lines, without a client)."""


def test_hover_lines_for_a_static_debug_image():
    from stanzalint.engine import prepare
    from stanzalint.lsp.hover import distroless_lines

    _, analysis = prepare("FROM gcr.io/distroless/static-debian12:debug\n")
    assert distroless_lines(analysis.stages[0].image)[:3] == [
        "- Distroless `static` for Debian 12, tag `debug`: busybox at `/busybox` (`:debug` tags only)",
        "- Carries: CA certificates 20250419~deb12u1, tzdata 2026b-0+deb12u1",
        "- Does not carry: a package manager, glibc, libssl, libstdc++",
    ]
