"""
## What it does
Flags a `FROM` whose tag names a distribution release or a language runtime that is past its
end of life, such as `python:3.8` (Python 3.8 ended in October 2024) or `node:16-buster`
(Node 16 and Debian 10 both ended).

## Why is this bad?
After its end of life a release gets no security fixes. The image still builds, so nothing
tells you: known vulnerabilities accumulate in the interpreter, OpenSSL, glibc and every
distribution package, scanners light up, and upstream projects drop support so that new
wheels and packages stop appearing. Moving to a supported release is cheaper the earlier it
happens.

A Debian release counts as supported until its LTS period ends: Debian LTS is free and public,
and the official images keep building those releases. Ubuntu's paid extended support does not
count. Products whose releases are supported only until the next one (Rust's six-week
releases) are not reported: a pinned older toolchain is a choice. The dates come from a dated table shipped with stanzalint (endoflife.date); the message says
how old those facts are. The check compares the end-of-life date with today's date. Every
stage is checked: a builder on an end-of-life runtime compiles your code with an unpatched
toolchain.

Left alone: CentOS 7 and Amazon Linux 2 in a file that builds binary packages for others
(conda-build and its CDTs, `rpmbuild`, `auditwheel`, manylinux, devtoolset, a mention of
glibc 2.17). Their glibc 2.17 is the oldest ABI the packages must run on; a newer base would
make binaries that fail on the systems they are built for.

A third-party tag that its publisher retired is reported too, with what happened and when
(from a short hand-checked list shipped with stanzalint, each entry with its source): a tag
nobody pushes any more (`tensorflow/tensorflow:nightly-devel`, still TensorFlow 1.12.0-rc0)
gets no fixes, and an image removed from its registry (`minio/minio`) no longer pulls. No tag
is suggested: the replacement is another image.

Also left alone, when the CLI or the editor knows the file's path (without one, these files
are reported like any other):

- a test fixture under a `testdata/`, `testfiles/` or `fixtures/` directory: parsers and tests
  read it and compare it with expected output, nobody builds it;
- an image that exists to test the ended release: below a `test`, `tests`, `testing` or `e2e`
  directory, a directory or the file name names the release
  (`tests/release/docker/ubuntu18.04/Dockerfile` next to `centos8/` and `fedora35/`). Moving
  it to another release would remove the test of that release.

## Example
```dockerfile
FROM python:3.8-slim-buster
```

## Use instead
```dockerfile
FROM python:3.11-slim-bookworm
```

## Fix safety
Unsafe: the fix moves to the oldest release that is still supported (and that the official
image publishes with the same variant), which can change behaviour: removed modules, new
language versions, different system libraries. There is no fix, and the message says why,
when the build (this stage or one built on it) is tied to the exact release:

- an OS package pinned to a version, also through a shell variable (`apk add $nginxPackages`
  with `nginx=${NGINX_VERSION}-r1` in it): that version exists only for this release;
- a part of the tag the new tag changes, written in a RUN (`buster` in an apt source,
  `python3.8` in a path) or in another instruction's arguments (an `ENV PYTHONPATH`, a `COPY`
  destination, a `WORKDIR`, `CMD ["python3.8"]`);
- a checksum verified in a RUN that uses the image's own version variable (`NGINX_VERSION`);
- distribution packages installed by name while the new tag is another distribution release
  (or may be): package names change between releases;
- a database image (PostgreSQL, MySQL, MariaDB, MongoDB): existing data needs an upgrade step;
- the file's path lays it out as the variant an image library publishes for this release: the
  Dockerfile's directory or one of the two above names it (`3.6/jessie/onbuild/Dockerfile`,
  `22/bullseye/Dockerfile`). The bump would publish another release under that tag and
  silently change it for everyone who chose it;
- the image says it is a base for other images (`ONBUILD` triggers, a `LABEL` or the comment
  above its `FROM` calling it a base image) and the stage is part of it: the images built on
  it install their packages and dependencies for this release.

## Options
- `today` (an ISO date, `[rules.SZ105]`): the date to compare with instead of the current one
  (for reproducible CI results).

## References
- [endoflife.date](https://endoflife.date/)
- [Python release status](https://devguide.python.org/versions/)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from stanzalint import knowledge
from stanzalint.analysis.model import ImageRef
from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.knowledge.tagparse import codename_of
from stanzalint.rules.base import RuleContext, iso_date, rule
from stanzalint.rules.toolkit.dockerfile_path import is_test_fixture, published_release, tested_release
from stanzalint.rules.toolkit.images import ByReference, pulled_images, tag_span
from stanzalint.rules.toolkit.purpose import declared_base_for_other_images
from stanzalint.rules.toolkit.releases import version_tie

#: Releases supported for less than this are not reported (each is replaced by the next).
SHORT_SUPPORT_DAYS = 120

#: (product, cycle) of releases with glibc 2.17, the baseline of manylinux2014 and conda's CDTs.
_GLIBC_BASELINES = frozenset({("centos", "7"), ("amazon-linux", "2")})
#: Signs that a file builds binary packages for others (conda packages, wheels, RPMs).
_BUILDS_PACKAGES = re.compile(
    r"conda-build|conda build|rpmbuild|auditwheel|cibuildwheel|manylinux|devtoolset"
    r"|glibc[ -]?2\.17|\bCDTs?\b"
)


def _uses_lts(status) -> bool:
    """Debian's LTS is free and public, so a Debian release is supported until LTS ends."""
    return status.product == "debian" and status.extended_until is not None


def _short_lived(status) -> bool:
    """A product whose releases are supported for weeks (Rust: only the newest release): an
    older pinned toolchain is a choice, not an unpatched platform."""
    from stanzalint.knowledge.eol import find_cycle

    cycle = find_cycle(status.product, status.cycle)
    if cycle is None or cycle.release_date is None or cycle.eol is None:
        return False
    return (cycle.eol - cycle.release_date).days < SHORT_SUPPORT_DAYS


def _ended(status, now) -> bool:
    if _short_lived(status):
        return False
    if _uses_lts(status):
        return now >= status.extended_until
    return status.is_eol


def _ended_text(status) -> str:
    if _uses_lts(status):
        return f"reached end of life on {status.extended_until.isoformat()} (end of Debian LTS)"
    if status.eol is not None:
        return f"reached end of life on {status.eol.isoformat()}"
    return "is end of life"


@rule(
    code="SZ105",
    name="end-of-life-base-image",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="a",
    options={"today": iso_date()},
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    now = ctx.options["today"] or date.today()
    for stage, image in pulled_images(ctx.analysis):
        judged = _past_end_of_life(image, now)
        if not judged.expired:
            if judged.retired is not None and not is_test_fixture(ctx.path):
                yield ctx.violation(image.span, f"`{image.familiar_tagged}` is past end of life: {judged.retired}")
            continue
        expired = judged.expired
        if (judged.baselines_only and _builds_packages(ctx.text)) or _path_says(ctx.path, judged.names)[0]:
            continue
        message = f"`{image.familiar_tagged}` is past end of life: {judged.ended}"
        suggestion = expired[0].suggestion
        span = tag_span(image)
        fix = None
        if suggestion and span is not None:
            tie = _release_is_the_job(ctx, stage, judged.names) or version_tie(
                ctx, stage, image, expired[0].product, suggestion
            )
            if tie is not None:
                message += f"; no tag is suggested: {tie}"
            else:
                fix = Fix.unsafe(
                    f"Use `{image.familiar}:{suggestion}`, the oldest supported release", [Edit(span, suggestion)]
                )
                message += f"; `{suggestion}` is the oldest supported tag"
        yield ctx.violation(image.span, message, fix=fix)


@dataclass(frozen=True)
class _Judgement:
    """What the knowledge tables say of an image reference on a day: the releases it names that
    ended (``expired``) with their versions and codenames (``names``), the message's account of
    them (``ended``), whether each is a glibc 2.17 baseline, and when none ended, what its
    publisher retiring the tag says (``retired``)."""

    expired: tuple[knowledge.EolStatus, ...]
    retired: str | None
    names: tuple[str, ...] = ()
    ended: str = ""
    baselines_only: bool = False


#: ``_past_end_of_life`` by image reference and day
_JUDGED: ByReference[_Judgement] = ByReference()


def _past_end_of_life(image: ImageRef, now: date) -> _Judgement:
    """What the knowledge tables say of ``image`` on ``now`` (``_Judgement``): judged once a day
    per reference (``ByReference``), not at every keystroke."""
    return _JUDGED.answer(image, _judged, now)


def _judged(image: ImageRef, now: date) -> _Judgement:
    """``_past_end_of_life``, worked out."""
    expired = tuple(s for s in knowledge.eol_statuses(image, today=now) if _ended(s, now))
    if not expired:
        return _Judgement(expired, _retired_text(image, now))
    ended = " and ".join(f"{status.label} {_ended_text(status)}" for status in expired)
    return _Judgement(
        expired,
        None,
        tuple(_release_names(expired)),
        f"{ended} (facts as of {knowledge.AS_OF})",
        all((s.product, s.cycle) in _GLIBC_BASELINES for s in expired),
    )


def _retired_text(image, now: date) -> str | None:
    """What happened to a third-party tag its publisher retired by ``now`` (a frozen nightly, an
    image removed from its registry), or None."""
    retired = knowledge.retired_tag(image)
    if retired is None or date.fromisoformat(retired.since) > now:
        return None
    what = "removed from its registry" if retired.state == "removed" else "no longer updated"
    return f"{what} as of {retired.since}: {retired.note}"


def _builds_packages(text: str) -> bool:
    """The file builds binary packages for other systems to run (conda-build, wheels, RPMs): on
    a glibc 2.17 baseline (CentOS 7, Amazon Linux 2) the old glibc is then the point, binaries
    built on it run everywhere newer."""
    return _BUILDS_PACKAGES.search(text) is not None


def _release_names(expired) -> list[str]:
    """The versions and codenames of the ended releases (``18.04``, ``10``, ``buster``)."""
    names = []
    for status in expired:
        names += [status.cycle, codename_of(status.product, status.cycle) or ""]
    return [n for n in names if n]


@functools.lru_cache(maxsize=256)
def _path_says(path: str | None, names: tuple[str, ...]) -> tuple[bool, str | None]:
    """What the file's path says of the ended releases ``names``: whether the file is never
    built (a test fixture) or exists to test one of them (a tests directory below which a
    directory or the file name names it: ``ubuntu18.04``), and the layout directories that
    publish one of them (``published_release``), or None. Strings in, strings out: remembered,
    not worked out again at every keystroke."""
    never_built = is_test_fixture(path) or tested_release(path, names) is not None
    return never_built, published_release(path, names)


def _release_is_the_job(ctx: RuleContext, stage, names: tuple[str, ...]) -> str | None:
    """Why moving to another release would change what the image is for (a short phrase), or
    None: its path lays it out as the variant of this release an image library publishes, or
    it is a base that other images build on with this release."""
    layout = _path_says(ctx.path, names)[1]
    if layout is not None:
        return f"the path `{layout}` publishes this release, and another one would go out under its tag"
    final = ctx.analysis.final_stage
    if final is not None and any(s is stage for s in final.chain):
        why = declared_base_for_other_images(ctx.analysis, final)
        if why is not None:
            return f"the images built on this one depend on this release ({why})"
    return None
