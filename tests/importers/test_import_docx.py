"""Importing the rule book from Word: real automatic numbering, and bad files."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import click
import docx
import pytest
from click.testing import CliRunner
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from hypothesis import HealthCheck, assume, given, settings
from lxml import etree
from strategies import rulebooks

from motions import Rulebook
from motions.errors import MotionsError
from motions.importers import ImportResult, import_docx
from motions.importers.export import export_docx
from motions.importers.layout import Labels
from motions.importers.wordnumbering import Numbering, format_number

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_the_word_model_book_imports_equal_to_its_source(
    model: Rulebook, model_docx_result: ImportResult
) -> None:
    assert model_docx_result.rulebook == model
    assert model_docx_result.complete


def test_the_labels_come_from_word_numbering_not_from_the_text(model_docx: Path) -> None:
    document = docx.Document(str(model_docx))
    numbered = [
        p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None
    ]
    assert len(numbered) > 900
    assert not any(re.match(r"(\d+|[A-Z]|[ivx]+|[a-z])\.\s", p.text) for p in numbered)
    numbering = document.part.numbering_part.element
    texts = numbering.xpath(".//w:lvl/w:lvlText/@w:val")
    assert {"Chapter %1", "Clause %2.", "%3.", "%4.", "%5.", "%6.", "Appendix %1"} <= set(texts)
    assert numbering.xpath(".//w:num/w:lvlOverride/w:startOverride/@w:val")  # restarts exist
    # Chapters and clauses are numbered through their heading styles, as Word users do.
    heading_1 = document.styles["Heading 1"].element
    assert heading_1.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    assert document.paragraphs[2].text == "Constitutional rules"


def test_each_provision_gets_the_page_after_the_page_breaks_before_it(
    model: Rulebook, model_docx_result: ImportResult
) -> None:
    # The exporter starts each top-level division on a new page: division n on page n.
    for index, top in enumerate(model_docx_result.rulebook.children, start=1):
        assert {p.page for p in top.walk()} == {index}
    assert model_docx_result.pages == len(model.children)


# -- Word's numbering rules, on hand-written definitions ------------------------------------------


def _numbering(xml: str) -> Numbering:
    root = etree.fromstring(f'<w:numbering xmlns:w="{W}">{xml}</w:numbering>')
    return Numbering.parse(root)


def _lvl(ilvl: int, fmt: str, text: str, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def _labels(numbering: Numbering, steps: list[tuple[str, int]]) -> list[str | None]:
    out = []
    for num, ilvl in steps:
        label = numbering.next_label(num, ilvl)
        out.append(None if label is None else label.text)
    return out


def test_levels_count_restart_and_print_their_formats() -> None:
    numbering = _numbering(
        '<w:abstractNum w:abstractNumId="0">'
        + _lvl(0, "decimal", "%1.")
        + _lvl(1, "upperLetter", "%2.")
        + _lvl(2, "lowerRoman", "%3.")
        + _lvl(3, "lowerLetter", "(%4)")
        + "</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    steps = [("1", 0), ("1", 1), ("1", 1), ("1", 2), ("1", 2), ("1", 2), ("1", 3), ("1", 1),
             ("1", 2), ("1", 0), ("1", 1)]  # fmt: skip
    assert _labels(numbering, steps) == [
        "1.", "A.", "B.", "i.", "ii.", "iii.", "(a)", "C.", "i.", "2.", "A.",
    ]  # fmt: skip


def test_lvl_restart_legal_numbering_and_multi_level_text() -> None:
    numbering = _numbering(
        '<w:abstractNum w:abstractNumId="0">'
        + _lvl(0, "upperRoman", "Clause %1.")
        + _lvl(1, "decimal", "%1.%2", '<w:lvlRestart w:val="0"/><w:isLgl/>')
        + "</w:abstractNum>"
        '<w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>'
    )
    steps = [("3", 0), ("3", 1), ("3", 1), ("3", 0), ("3", 1)]
    # lvlRestart 0: the second level never restarts; isLgl: "%1" prints in decimal there.
    assert _labels(numbering, steps) == ["Clause I.", "1.1", "1.2", "Clause II.", "2.3"]


def test_instances_share_counters_unless_they_override_the_start() -> None:
    numbering = _numbering(
        '<w:abstractNum w:abstractNumId="5">'
        + _lvl(0, "decimal", "Chapter %1")
        + "</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="5"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="5"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="5"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num>'
    )
    steps = [("1", 0), ("2", 0), ("3", 0), ("3", 0), ("1", 0), ("0", 0), ("9", 0)]
    assert _labels(numbering, steps) == [
        "Chapter 1", "Chapter 2", "Chapter 10", "Chapter 11", "Chapter 12", None, None,
    ]  # fmt: skip


def test_bullets_list_styles_and_levels_linked_to_styles() -> None:
    styles = etree.fromstring(
        f'<w:styles xmlns:w="{W}"><w:style w:type="numbering" w:styleId="RuleList">'
        '<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style></w:styles>'
    )
    root = etree.fromstring(
        f'<w:numbering xmlns:w="{W}">'
        '<w:abstractNum w:abstractNumId="1">'
        + _lvl(0, "decimal", "%1.", '<w:pStyle w:val="RuleHeading"/>')
        + _lvl(1, "bullet", "\u2022")
        + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="RuleList"/></w:abstractNum>'
        '<w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="8"><w:abstractNumId w:val="2"/></w:num>'
        "</w:numbering>"
    )
    numbering = Numbering.parse(root, styles.findall(f"{{{W}}}style"))
    assert numbering.abstract_of("8") == "1"
    assert numbering.level_for_style("8", "RuleHeading") == 0
    first = numbering.next_label("8", 0)
    bullet = numbering.next_label("7", 1)
    second = numbering.next_label("7", 0)
    assert first is not None and first.text == "1."
    assert bullet is not None and bullet.bullet
    assert second is not None and second.text == "2."


def test_number_formats() -> None:
    assert [format_number(n, "upperRoman") for n in (1, 4, 12)] == ["I", "IV", "XII"]
    assert [format_number(n, "lowerLetter") for n in (1, 9, 27)] == ["a", "i", "aa"]
    assert format_number(7, "decimalZero") == "07"
    assert format_number(3, "none") == ""
    assert format_number(3, "ordinalText") == "3"  # formats we do not know print as decimal


# -- a Word file as people make it: typed labels, tables, contents, tracked changes, pages ------


def _para(body: Any, text: str, *, num: tuple[int, int] | None = None, style: str | None = None,
          extra: str = "") -> None:  # fmt: skip
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
    xml = f"<w:p {nsdecls('w')}><w:pPr>{ppr}</w:pPr>{extra}{run}</w:p>"
    body.insert(len(body) - 1, parse_xml(xml))


def _handmade(path: Path) -> Path:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="40">'
        + _lvl(0, "decimal", "Chapter %1") + _lvl(1, "upperRoman", "Clause %2.")
        + _lvl(2, "decimal", "%3.") + _lvl(3, "upperLetter", "%4.") + "</w:abstractNum>"
    ))  # fmt: skip
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="40"><w:abstractNumId w:val="40"/></w:num>')
    )
    body = document.element.body
    _para(body, "Rule Book", style="Title")
    _para(body, "2025 edition")
    _para(body, "Foreword: these rules were agreed at conference.")
    _para(body, "Contents entry 1", style="TOC1")
    _para(body, "Constitution", num=(40, 0))
    _para(body, "Name", num=(40, 1))
    _para(
        body,
        "The Party is called the Party.",
        num=(40, 2),
        extra='<w:del w:id="1" w:author="x"><w:r><w:delText>OLD WORDS</w:delText></w:r></w:del>',
    )
    _para(body, "It has members.", num=(40, 2), extra="<w:r><w:lastRenderedPageBreak/></w:r>")
    _para(body, "2A.\tAn inserted rule typed by hand.")
    _para(body, "Members include", num=(40, 2))
    _para(body, "individual members;", num=(40, 3))
    _para(body, "(a list that is only a bullet)")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Fee"
    table.cell(0, 1).text = "£5"
    body.append(table._tbl)  # after the last paragraph, before nothing: keep sectPr last
    sect = body.find(f"{{{W}}}sectPr")
    if sect is not None:
        body.remove(sect)
        body.append(sect)
    document.save(str(path))
    return path


def test_a_hand_made_word_file_keeps_everything_and_reports_what_it_cannot_place(
    tmp_path: Path,
) -> None:
    result = import_docx(_handmade(tmp_path / "hand.docx"))
    book = result.rulebook
    assert (book.title, book.edition) == ("Rule Book", "2025")
    assert book["C1.I.1"].text == "The Party is called the Party."  # deleted words left out
    assert book["C1.I.2"].text == "It has members."
    assert book["C1.I.2A"].text == "An inserted rule typed by hand."
    # A plain paragraph at the margin after the list (no number, no indent of its own) is
    # the clause's text after its list (issue 12: it used to be joined to the last item).
    assert book["C1.I.3.A"].text == "individual members;"
    assert book["C1.I"].closing == "(a list that is only a bullet)"
    # Pages: Word's last rendered page break sits before "It has members.".
    assert [p.page for p in book.walk()] == [1, 1, 1, 2, 2, 2, 2]
    codes = sorted(d.code for d in result.diagnostics)
    assert codes == ["import-front-matter", "import-skipped-contents", "import-unplaced"]
    unplaced = next(d for d in result.diagnostics if d.code == "import-unplaced")
    assert "a table" in unplaced.message
    assert "# [not placed, paragraph" in result.source and "[table] Fee | £5" in result.source
    assert "# [front matter, paragraph 3] Foreword" in result.source


def test_the_cli_exits_1_when_something_could_not_be_placed(
    cli: click.Group, tmp_path: Path
) -> None:
    source = _handmade(tmp_path / "hand.docx")
    out = tmp_path / "hand.txt"
    result = CliRunner().invoke(cli, ["import", str(source), "-o", str(out)])
    assert result.exit_code == 1
    assert "warning[import-unplaced]" in result.stderr
    assert "hand.txt:" in result.stderr  # diagnostics point into the written source
    assert "2 piece(s) of text could not be placed" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("Title: Rule Book\nEdition: 2025\n")


# -- bad input ------------------------------------------------------------------------------------


def _bad_docx(tmp: Path, good: Path) -> dict[str, tuple[Path, str]]:
    cfb = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    encrypted = tmp / "encrypted.docx"
    encrypted.write_bytes(cfb + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64)
    legacy = tmp / "legacy.doc"
    legacy.write_bytes(cfb + "WordDocument".encode("utf-16-le") + b"\x00" * 64)
    empty = tmp / "empty.docx"
    empty.write_bytes(b"")
    text = tmp / "notes.docx"
    text.write_text("just some notes", encoding="utf-8")
    other_zip = tmp / "other.docx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("hello.txt", "not a Word document")
    truncated = tmp / "truncated.docx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    blank = tmp / "blank.docx"
    docx.Document().save(str(blank))
    letter = tmp / "letter.docx"
    document = docx.Document()
    document.add_paragraph("Dear member, see you at conference.")
    document.save(str(letter))
    return {
        "encrypted": (encrypted, "import-docx-encrypted"),
        "legacy": (legacy, "import-docx-legacy"),
        "empty": (empty, "import-docx-empty"),
        "text": (text, "import-docx-malformed"),
        "other-zip": (other_zip, "import-docx-malformed"),
        "truncated": (truncated, "import-docx-malformed"),
        "blank": (blank, "import-docx-empty"),
        "not-a-rulebook": (letter, "import-no-rulebook"),
    }


def test_bad_word_files_give_our_error_with_a_hint(model_docx: Path, tmp_path: Path) -> None:
    for name, (path, code) in _bad_docx(tmp_path, model_docx).items():
        with pytest.raises(MotionsError) as caught:
            import_docx(path)
        assert caught.value.first.code == code, name
        assert str(path) in caught.value.first.message, name
        assert caught.value.first.hint, name


def test_the_cli_exits_2_with_one_message_on_each_bad_word_file(
    cli: click.Group, model_docx: Path, tmp_path: Path
) -> None:
    for name, (path, code) in _bad_docx(tmp_path, model_docx).items():
        result = CliRunner().invoke(cli, ["import", str(path)])
        assert result.exit_code == 2, name
        assert f"error[{code}]" in result.stderr, name
        assert result.stderr.count("error[") == 1, name
        assert "Traceback" not in result.stderr + result.stdout, name


# -- any well-formed book survives the round trip through Word -----------------------------------


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(book=rulebooks(max_depth=5))
def test_any_book_exported_to_word_imports_equal(book: Rulebook, tmp_path: Path) -> None:
    # A heading's own text in an unnumbered paragraph that opens like a label ("1. ...") reads
    # as a label typed by hand: in Word that is ambiguous by nature, so such books are left out.
    labels = Labels.of(book.scheme)
    assume(
        not any(
            p.address.level.heading and p.text
            and (labels.is_label(p.text.split()[0]) or labels.keyword_of(p.text))
            for p in book.walk()
        )
    )  # fmt: skip
    path = export_docx(book, tmp_path / "book.docx")
    # The scheme is given: a random excerpt may not show enough labels to infer it from.
    assert import_docx(path, scheme=book.scheme).rulebook == book


def test_a_zip_that_is_not_a_word_file_names_the_missing_part(tmp_path: Path) -> None:
    # Point 7: python-docx said only KeyError; our message names the part in our words.
    plain = tmp_path / "archive.docx"
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("hello.txt", "not a Word document")
    sheet = tmp_path / "sheet.docx"
    with zipfile.ZipFile(sheet, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
    for path, part in ((plain, "[Content_Types].xml"), (sheet, "word/document.xml")):
        with pytest.raises(MotionsError) as caught:
            import_docx(path)
        message = caught.value.first.message
        assert "not a Word document" in message and part in message
        assert "KeyError" not in message
