"""Documents we did not print: real public texts laid out by pandoc, LibreOffice and groff.

The ground truth of each document's structure is committed (`thirdparty/*.txt`, our source
format with the scheme embedded, written by hand-checked rules from the text Debian ships); the
Word and PDF files are made from it at test time, by the converters the system provides, into a
temporary folder once per session. A missing converter fails the test with a clear message:
nothing is skipped in silence.

Each import is scored provision by provision (label path, heading, text) against the truth, and
checked word by word: every word of the body is in exactly one place of the output, a
provision, a heading or a comment that a warning names.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from motions import Provision, Rulebook
from motions.book.load import load_rulebook
from motions.importers import ImportResult, import_file

HERE = Path(__file__).parent / "thirdparty"
DOCUMENTS = (
    "mpl-2.0",
    "apache-2.0",
    "gpl-3",
    "debian-constitution-1.9",
    "debian-constitution-1.7",
)
#: Documents whose lists nest (items under items) and whose provisions hold several
#: paragraphs: written as nested Markdown lists, not one paragraph per provision.
NESTED_LISTS = ("debian-constitution-1.9", "debian-constitution-1.7")
ROUTES = ("pandoc-docx", "libreoffice-pdf", "libreoffice-docx-roundtrip", "groff-pdf")
#: What share of provisions each route must get right (label, parent, heading and text).
TARGETS = {"docx": 0.97, "pdf": 0.93}


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(
            f"the converter '{name}' is not installed; the third-party import tests need "
            "pandoc, LibreOffice (soffice) and groff (see .ci/run)"
        )
    return found


_ESCAPE = re.compile(r"([\\`*_\[\]<>#|$@~^])")


def markdown(book: Rulebook) -> str:
    """The book as pandoc Markdown: headings typed, (a) lists left to the converter to number."""
    out: list[str] = []

    def visit(provision: Provision) -> None:
        level = provision.address.level
        text = _ESCAPE.sub(r"\\\1", provision.text)
        parent = provision.address.parent
        marker = level.marker(provision.label, parent.label if parent else "")
        if level.heading:
            out.append(f"# {marker} {provision.heading or ''}".rstrip())
            if text:
                out.append(text)
        else:
            out.append(f"{marker} {text}".rstrip())
        for child in provision.children:
            visit(child)
        if provision.closing:  # text after the list, at the margin
            out.append(_ESCAPE.sub(r"\\\1", provision.closing))

    for top in book.children:
        visit(top)
    return "\n\n".join(out) + "\n"


def nested_markdown(book: Rulebook) -> str:
    """The book as pandoc Markdown with real nested lists: a provision's further paragraphs
    and its sub-list indented under it, its closing text after its list, unindented."""
    out: list[str] = []

    def paragraphs(text: str, pad: str) -> None:
        out.extend(pad + _ESCAPE.sub(r"\\\1", para) for para in text.split("\n") if para)

    def visit(provision: Provision, nesting: int) -> None:
        level = provision.address.level
        parent = provision.address.parent
        marker = level.marker(provision.label, parent.label if parent else "")
        first, *rest = (provision.text or "").split("\n")
        if level.heading:
            out.append(f"# {marker} {provision.heading or ''}".rstrip())
            paragraphs(provision.text, "")
            below = 0
        else:
            pad = "    " * nesting
            escaped = _ESCAPE.sub(r"\\\1", first)
            out.append(f"{pad}{marker} {escaped}".rstrip())
            paragraphs("\n".join(rest), pad + "    ")
            below = nesting + 1
        lists = [c for c in provision.children if not c.address.level.heading]
        for child in lists:
            visit(child, below)
        if provision.closing:
            paragraphs(provision.closing, "    " * max(nesting - 1, 0) if nesting else "")
        for child in provision.children:
            if child.address.level.heading:
                visit(child, 0)

    for top in book.children:
        visit(top, 0)
    return "\n\n".join(out) + "\n"


def _office(soffice: str, folder: Path) -> tuple[str, ...]:
    """LibreOffice headless with a profile of its own under `folder`: with the shared one, a
    second LibreOffice running as the same user (another test run, the user's own) makes this
    one fail ("failed to launch javaldx") or hand its document to the other."""
    profile = (folder / "libreoffice-profile").resolve()
    return (soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless")


def _run(*args: str, cwd: Path) -> None:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed: {done.stderr[-500:]}")


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every document through every route, once per session."""
    folder = tmp_path_factory.mktemp("thirdparty")
    pandoc, soffice, groff = _tool("pandoc"), _tool("soffice"), _tool("groff")
    files: dict[tuple[str, str], Path] = {}
    for name in DOCUMENTS:
        md = folder / f"{name}.md"
        truth = load_rulebook(HERE / f"{name}.txt")
        write = nested_markdown if name in NESTED_LISTS else markdown
        md.write_text(write(truth), encoding="utf-8")
        _run(pandoc, md.name, "-o", f"{name}.docx", cwd=folder)
        files[name, "pandoc-docx"] = folder / f"{name}.docx"
        office = folder / "office"
        office.mkdir(exist_ok=True)
        _run(*_office(soffice, folder), "--convert-to", "pdf", "--outdir", str(office),
             str(folder / f"{name}.docx"), cwd=folder)  # fmt: skip
        files[name, "libreoffice-pdf"] = office / f"{name}.pdf"
        _run(*_office(soffice, folder), "--convert-to", "docx:MS Word 2007 XML", "--outdir",
             str(office), str(folder / f"{name}.docx"), cwd=folder)  # fmt: skip
        files[name, "libreoffice-docx-roundtrip"] = office / f"{name}.docx"
        _run(pandoc, md.name, "-s", "-t", "ms", "-o", f"{name}.ms", cwd=folder)
        pdf = folder / f"{name}-groff.pdf"
        with pdf.open("wb") as handle:
            done = subprocess.run(
                [groff, "-ms", "-Tpdf", f"{name}.ms"], cwd=folder, stdout=handle,
                stderr=subprocess.PIPE, timeout=300, check=False,
            )  # fmt: skip
        if done.returncode != 0 or pdf.stat().st_size < 1000:
            pytest.fail(f"groff could not print {name}: {done.stderr.decode()[-500:]}")
        files[name, "groff-pdf"] = pdf
    return files


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", text.replace("\u2019", "'"))


def score(truth: Rulebook, got: Rulebook) -> tuple[int, list[str]]:
    """How many of the truth's provisions came back right, and what the misses were."""
    # Keyed by labels and the level each stands at: item 1 directly under section 2 ("2.-.1")
    # is not subsection 2.1.
    found = {(p.address.labels, p.address.positions): p for p in got.walk()}
    right = 0
    misses: list[str] = []
    for want in truth.walk():
        have = found.get((want.address.labels, want.address.positions))
        if have is None:
            misses.append(f"{want.address.compact()}: missing")
        elif _words(have.heading or "") != _words(want.heading or ""):
            misses.append(f"{'.'.join(want.address.labels)}: heading {have.heading!r}")
        elif _words(have.text) != _words(want.text):
            misses.append(f"{'.'.join(want.address.labels)}: text {have.text[:60]!r}")
        elif _words(have.closing) != _words(want.closing):
            misses.append(f"{want.address.compact()}: closing text {have.closing[:60]!r}")
        else:
            right += 1
    return right, misses


def _body_words(result: ImportResult) -> Counter[str]:
    """The words of the output: provisions, headings, and comments that a warning names."""
    words: Counter[str] = Counter()
    for p in result.rulebook.walk():
        words.update(_words(p.heading or ""))
        words.update(_words(p.text))
        words.update(_words(p.closing))
    lines = result.source.splitlines()
    for warning in result.warnings:
        if warning.span is not None and lines[warning.span.line - 1].lstrip().startswith("#"):
            words.update(_words(lines[warning.span.line - 1].split("]", 1)[-1]))
    return words


#: Documents the importers do not yet bring to the targets: strict, so the mark must go as
#: soon as they do. The Debian Constitution (issue 12): the book layer says its shapes (see
#: its truth), but the importers do not yet recognise text after a list (it stays with the
#: last item), an appendix top written as a bare letter ("A. Standard Resolution Procedure":
#: its provisions come back missing) or the LibreOffice round trip's list numbering of the
#: items after a nested list; 122 of 171 right (89 for the round trip), every miss warned or
#: not is printed by `pytest -s`.
NOT_YET: set[str] = set()


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason="importers: see NOT_YET"))
        if name in NOT_YET
        else name
        for name in DOCUMENTS
    ],
)
def test_third_party_documents_import_with_their_structure(
    made: dict[tuple[str, str], Path], name: str, route: str
) -> None:
    truth = load_rulebook(HERE / f"{name}.txt")
    started = time.perf_counter()
    result = import_file(made[name, route])
    seconds = time.perf_counter() - started
    right, misses = score(truth, result.rulebook)
    total = len(truth)
    share = right / total
    pages = f", {result.pages} pages, {result.pages / seconds:.1f} pages/s" if result.pages else ""
    print(f"{name} {route}: {right}/{total} provisions right, {len(result.warnings)} warnings"
          f"{pages}")  # fmt: skip
    target = TARGETS["pdf" if route.endswith("pdf") else "docx"]
    assert share >= target, f"{right}/{total} right; misses: {misses[:10]}"
    # Every miss is warned.
    assert not misses or result.warnings, f"misses with no warning: {misses[:10]}"
    # Conservation: every word of the body is in exactly one place of the output.
    want: Counter[str] = Counter()
    for p in truth.walk():
        want.update(_words(p.heading or ""))
        want.update(_words(p.text))
        want.update(_words(p.closing))
    have = _body_words(result)
    labels = Counter(w for p in truth.walk() for w in _words(".".join(p.address.labels)))
    lost = want - have
    extra = have - want - labels
    assert not lost, f"words lost: {list(lost.items())[:20]}"
    assert not extra, f"words doubled or invented: {list(extra.items())[:20]}"


NESTED = """\
# 1. General

1.1. The members may:

1. vote;
2. stand:
    1. for office;
    2. for delegate;
    3. for chair;
3. speak.

# 2. Other

2.1. Nothing else.
"""


def test_an_outer_list_continued_after_a_nested_one_keeps_its_parent_and_number(
    tmp_path: Path,
) -> None:
    # Bugs 2 and 3: pandoc gives the nested list its own instance (with a startOverride) of
    # the same definition; "3. speak" must follow "2. stand", not become "1." under it.
    (tmp_path / "nested.md").write_text(NESTED, encoding="utf-8")
    _run(_tool("pandoc"), "nested.md", "-o", "nested.docx", cwd=tmp_path)
    _run(*_office(_tool("soffice"), tmp_path), "--convert-to", "pdf", "nested.docx", cwd=tmp_path)
    for name in ("nested.docx", "nested.pdf"):
        result = import_file(tmp_path / name)
        labels = [".".join(p.address.labels) for p in result.rulebook.walk()]
        assert labels == [
            "1", "1.1", "1.1.1", "1.1.2", "1.1.2.1", "1.1.2.2", "1.1.2.3", "1.1.3", "2", "2.1",
        ], name  # fmt: skip
        speak = next(p for p in result.rulebook.walk() if p.address.labels == ("1", "1", "3"))
        assert speak.text == "speak.", name
        assert not result.warnings, name
