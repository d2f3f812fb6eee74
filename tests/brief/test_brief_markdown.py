"""Markdown sheets: every link has its target, each detail leads back to its line in the list,
and the parts shared between sheets (rendered once, see render.py) never carry one sheet's
words into another."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from motions.book.rulebook import Rulebook
from motions.brief.agenda import AgendaMotion
from motions.brief.build import build_sheets
from motions.brief.findings import ConflictNote
from motions.brief.markdown import tidy
from motions.brief.model import Briefing
from motions.brief.render import MarkdownRenderer
from motions.whip import Conference, parse_schedule

ANCHOR = re.compile(r'<a id="([^"]+)"></a>')
LINK = re.compile(r"\]\(#([^)]+)\)")


def scheduled(
    conference: Conference,
    agenda: tuple[AgendaMotion, ...],
    model: Rulebook,
    findings: tuple[ConflictNote, ...],
    whips_view: bool = False,
) -> Briefing:
    schedule = parse_schedule(
        '[[session]]\nid = "s"\nday = "Sunday"\nname = "Rules"\ncard_votes = [1, 2]\n'
        '[[election]]\nid = "NEC"\ntitle = "NEC (CLP section)"\nplaces = 2\nsession = "s"\n'
        'candidates = [{ name = "A" }, { name = "B" }]\n'
        '[[election.slate]]\nfaction = "Forward"\nvote_for = ["A", "B"]\n'
    )
    return build_sheets(
        conference, agenda, model, findings, whip="Forward", schedule=schedule,
        whips_view=whips_view,
    )  # fmt: skip


def test_every_link_has_its_target_and_every_detail_leads_back(
    conference: Conference,
    agenda: tuple[AgendaMotion, ...],
    model: Rulebook,
    findings: tuple[ConflictNote, ...],
) -> None:
    briefing = scheduled(conference, agenda, model, findings)
    renderer = MarkdownRenderer(briefing)
    for sheet in briefing.sheets:
        text = renderer.sheet(sheet)
        anchors = ANCHOR.findall(text)
        assert len(anchors) == len(set(anchors))
        links = LINK.findall(text)
        assert set(links) <= set(anchors), set(links) - set(anchors)
        details = [a for a in anchors if not a.startswith("to-")]
        assert details == ["cv1", "cv2", "cv3", "cv4", "ballot1-1"]
        for anchor in details:
            # the list links to the detail, and the detail (before the next one) links back
            listed = text.split('<a id="cv1"></a>', 1)[0]
            assert f"](#{anchor})" in listed and f'<a id="to-{anchor}"></a>' in listed
            after = text.split(f'<a id="{anchor}"></a>', 1)[1]
            own = after.split('<a id="', 1)[0]
            assert f"[↑ How to vote](#to-{anchor})" in own, (sheet.delegate.id, anchor)


def test_shared_parts_never_carry_one_sheets_words_into_another(
    conference: Conference,
    agenda: tuple[AgendaMotion, ...],
    model: Rulebook,
    findings: tuple[ConflictNote, ...],
) -> None:
    for whips_view in (False, True):
        briefing = scheduled(conference, agenda, model, findings, whips_view)
        shared = MarkdownRenderer(briefing)
        in_turn = [shared.sheet(sheet) for sheet in briefing.sheets]
        alone = [MarkdownRenderer(briefing).sheet(sheet) for sheet in reversed(briefing.sheets)]
        assert in_turn == alone[::-1]
    bea = next(t for t in in_turn if t.startswith("# Bea &lt;script&gt;"))
    assert "Your CLP's mandate: vote FOR." in bea and "whip note" in bea
    cara = next(t for t in in_turn if t.startswith("# Cara Davies"))
    assert "whip note" not in cara and "Clash:" not in cara


def reference_tidy(text: str) -> str:
    """What tidy did with regular expressions (the definition it must keep)."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


@given(st.text(alphabet=st.sampled_from(["\n", " ", "\t", "a", "\r", "\u2028", "é", "\xa0"])))
def test_tidy_folds_blank_lines_and_trailing_space_as_defined(text: str) -> None:
    assert tidy(text) == reference_tidy(text)
