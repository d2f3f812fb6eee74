"""Briefing sheets for delegates: one per delegate, every card vote, the line and the redline.

    agenda files ─read_agenda→ [AgendaMotion] ─┐
    rule book, whip book (Conference) ─────────┼─ check_agenda → [ConflictNote]
                                               └─ build_sheets → Briefing
    Briefing ─ write → html | md | pdf | site

Plain functions over frozen values; `render` formats and writes, and computes nothing.
"""

from __future__ import annotations

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
