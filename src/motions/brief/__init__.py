"""Briefing sheets for delegates: one per delegate, every card vote, the line and the redline.

    agenda files ─read_agenda→ [AgendaMotion] ─┐
    rule book, whip book (Conference) ─────────┼─ check_agenda → [ConflictNote]
                                               └─ build_sheets → Briefing
    Briefing ─ write → html | md | pdf | site

Plain functions over frozen values; `render` formats and writes, and computes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from motions.exports import lazy_exports

#: Where each public name lives, imported when first asked for: so `motions brief --format pdf`
#: can import `motions.brief.paper` and start its worker (paper.preload) before the rest loads.
_HOMES: dict[str, str] = {
    "AgendaMotion": "motions.brief.agenda",
    "card_vote_motions": "motions.brief.agenda",
    "read_agenda": "motions.brief.agenda",
    "build_sheets": "motions.brief.build",
    "BriefError": "motions.brief.errors",
    "ConflictNote": "motions.brief.findings",
    "check_agenda": "motions.brief.findings",
    "Advice": "motions.brief.model",
    "Briefing": "motions.brief.model",
    "CardVoteBrief": "motions.brief.model",
    "ChangeBrief": "motions.brief.model",
    "DelegateBrief": "motions.brief.model",
    "MotionBrief": "motions.brief.model",
    "Sheet": "motions.brief.model",
    "SheetItem": "motions.brief.model",
    "TallyBrief": "motions.brief.model",
    "file_stems": "motions.brief.names",
    "slug": "motions.brief.names",
    "FORMATS": "motions.brief.render",
    "files": "motions.brief.render",
    "render_sheet": "motions.brief.render",
    "write": "motions.brief.render",
    "sentence": "motions.brief.summary",
}


__all__ = [
    "FORMATS",
    "Advice",
    "AgendaMotion",
    "BriefError",
    "Briefing",
    "CardVoteBrief",
    "ChangeBrief",
    "ConflictNote",
    "DelegateBrief",
    "MotionBrief",
    "Sheet",
    "SheetItem",
    "TallyBrief",
    "build_sheets",
    "card_vote_motions",
    "check_agenda",
    "file_stems",
    "files",
    "read_agenda",
    "render_sheet",
    "sentence",
    "slug",
    "write",
]


__getattr__, __dir__ = lazy_exports(__name__, _HOMES)


if TYPE_CHECKING:  # what a type checker and an editor see: every public name, eagerly
    from motions.brief.agenda import AgendaMotion, card_vote_motions, read_agenda
    from motions.brief.build import build_sheets
    from motions.brief.errors import BriefError
    from motions.brief.findings import ConflictNote, check_agenda
    from motions.brief.model import (
        Advice,
        Briefing,
        CardVoteBrief,
        ChangeBrief,
        DelegateBrief,
        MotionBrief,
        Sheet,
        SheetItem,
        TallyBrief,
    )
    from motions.brief.names import file_stems, slug
    from motions.brief.render import FORMATS, files, render_sheet, write
    from motions.brief.summary import sentence
