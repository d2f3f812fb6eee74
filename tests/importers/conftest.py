"""Fixtures for the importer tests: realistic files made from the model rule book, once.

The PDF is printed with WeasyPrint in the real book's layout (A5, running headers and page
numbers, hyphenation, a two-column contents list); the Word file has real automatic numbering.
Both exporters live in `motions.importers.export`. These tests need the `[import]` extra and
WeasyPrint: without them they fail (loudly), they do not skip.
"""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from motions import Rulebook, parse_rulebook
from motions.cli import editions as editions_commands
from motions.importers import ImportResult, import_docx, import_pdf
from motions.importers.export import PdfLayout, export_docx, export_pdf

SMALL = """\
Title: Small Rule Book
Edition: 2024
Scheme: labour

Chapter 1 General rules

Clause I. Name
1. The organisation shall be called the Example Party, in these rules "the Party".
2. Objects
  A. to contest elections at every level of government and public life;
  B. to promote the political education of its members and supporters.

Clause II. Membership
1. Membership is open to any person who accepts the aims of the Party and pays the subscription.
2. The National Executive Committee may refuse an application for membership.

Chapter 2 Conference
Clause I. Delegates
1. Every branch may send one delegate to the annual conference of the Party.
"""


@pytest.fixture(scope="session")
def small() -> Rulebook:
    return parse_rulebook(SMALL, filename="small.txt")


@pytest.fixture(scope="session")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("import-files")


@pytest.fixture(scope="session")
def model_pdf(files: Path, model: Rulebook) -> PdfLayout:
    return export_pdf(model, files / "model.pdf")


@pytest.fixture(scope="session")
def model_pdf_result(model_pdf: PdfLayout) -> ImportResult:
    return import_pdf(model_pdf.path)


@pytest.fixture(scope="session")
def small_pdf(files: Path, small: Rulebook) -> PdfLayout:
    return export_pdf(small, files / "small.pdf")


@pytest.fixture(scope="session")
def model_docx(files: Path, model: Rulebook) -> Path:
    return export_docx(model, files / "model.docx")


@pytest.fixture(scope="session")
def model_docx_result(model_docx: Path) -> ImportResult:
    return import_docx(model_docx)


@pytest.fixture
def cli() -> click.Group:
    """A root group with the edition commands registered, as `motions.cli.app` will do."""

    @click.group()
    def root() -> None:
        """Test root."""

    editions_commands.register(root)
    return root
