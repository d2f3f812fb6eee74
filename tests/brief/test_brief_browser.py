"""The sheets in a real browser: Debian's chromium, headless, at phone and laptop sizes.

For each page: the viewport really is the size asked for, nothing scrolls sideways, every card
vote is there and has a height, no script runs (the `<script>` in the data is text), and a
screenshot of the viewport is taken and is not blank. On sheets the "how to vote" list starts
in the first screen, every link lands on an element or a file that exists, and right-to-left
controls in names, CLPs and reasons do not reorder the page's own words. Outside CI a machine
without chromium skips these tests; with CI=true it fails them.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from brief_browser import Browser, find_chromium
from brief_support import SCRIPT, make_book, need_tool, run

from motions.brief.model import Briefing
from motions.brief.render import sheet_stems, write

SIZES = {"phone": (390, 844, True), "laptop": (1280, 800, False)}

PROBE = """JSON.stringify({
  innerWidth: innerWidth,
  clientWidth: document.documentElement.clientWidth,
  scrollWidth: document.documentElement.scrollWidth,
  bodyScrollWidth: document.body.scrollWidth,
  wide: [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map(e => e.tagName + '.' + e.className).slice(0, 5),
  cards: [...document.querySelectorAll('article[data-card-vote]')].map(a => ({
    number: Number(a.dataset.cardVote),
    height: a.getBoundingClientRect().height,
    heading: a.querySelector('h2').textContent.trim(),
  })),
  scripts: document.querySelectorAll('script').length,
  h1: (document.querySelector('h1') || {textContent: ''}).textContent,
})"""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    executable = find_chromium()
    need_tool(executable is not None, "chromium (apt-get install chromium)")
    with Browser(executable) as browser:
        yield browser


@pytest.fixture(scope="module")
def pages(
    briefing: Briefing, whips_briefing: Briefing, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    site = tmp_path_factory.mktemp("browser-site")
    whips = tmp_path_factory.mktemp("browser-whips")
    write(briefing, site, "site")
    write(whips_briefing, whips, "site")
    stems = sheet_stems(briefing)
    return {
        "sheet-bea": whips / "delegates" / f"{stems['D1']}.html",
        "sheet-dev": site / "delegates" / f"{stems['D4']}.html",
        "index": site / "index.html",
        "index-whips": whips / "index.html",
        "card-vote-2": site / "card-votes" / "cv2.html",
    }


def screenshot_folder(tmp_path: Path) -> Path:
    """Where screenshots go: $BRIEF_SCREENSHOTS if set (to look at them), else tmp_path."""
    folder = Path(os.environ.get("BRIEF_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_screenshot(png: bytes, width: int, height: int) -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.size == (width, height)
    colours = image.getcolors(maxcolors=256 * 256) or []
    assert len(colours) > 10, "the screenshot is blank"
    darkest = min(value for _, value in colours)
    assert isinstance(darkest, int) and darkest < 100, "no dark text in the screenshot"


@pytest.mark.slow
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", ["sheet-bea", "sheet-dev", "index", "index-whips", "card-vote-2"])
def test_page_fits_and_shows_every_card_vote(
    chromium: Browser, pages: dict[str, Path], tmp_path: Path, name: str, size: str
) -> None:
    width, height, mobile = SIZES[size]
    page = chromium.open(pages[name].as_uri(), width=width, height=height, mobile=mobile)
    probe = json.loads(page.evaluate(PROBE))
    assert probe["innerWidth"] == width, probe
    assert probe["scrollWidth"] <= probe["clientWidth"], probe
    assert probe["bodyScrollWidth"] <= probe["clientWidth"], probe
    assert probe["wide"] == [], probe["wide"]
    assert probe["scripts"] == 0
    expected = [2] if name == "card-vote-2" else [1, 2, 3, 4]
    assert [c["number"] for c in probe["cards"]] == expected
    for card in probe["cards"]:
        assert card["height"] > 0
        assert card["heading"].startswith(f"CV {card['number']} ")
    if name == "sheet-bea":
        assert SCRIPT in probe["h1"]  # shown as text, never run
    png = page.screenshot()
    (screenshot_folder(tmp_path) / f"{name}-{size}.png").write_bytes(png)
    check_screenshot(png, width, height)


@pytest.mark.slow
def test_the_example_sheets_fit_a_phone(chromium: Browser, repo_root: Path) -> None:
    examples = sorted((repo_root / "examples" / "conference-2026" / "briefings").glob("*.html"))
    assert examples, "the example sheets are missing"
    for sheet in examples:
        page = chromium.open(sheet.as_uri(), width=390, height=844, mobile=True)
        probe = json.loads(page.evaluate(PROBE))
        assert probe["scrollWidth"] <= probe["clientWidth"] == 390, (sheet.name, probe["wide"])
        numbers = [c["number"] for c in probe["cards"]]
        assert numbers == sorted(numbers) and len(numbers) == len(set(numbers)) >= 1


LINKS = """JSON.stringify({
  firstEntryBottom: (() => { const li = document.querySelector('#how-to-vote .votes li');
    return li ? li.getBoundingClientRect().bottom : null; })(),
  listTop: (() => { const l = document.getElementById('how-to-vote');
    return l ? l.getBoundingClientRect().top : null; })(),
  innerHeight: innerHeight,
  missing: [...document.querySelectorAll('a[href^="#"]')]
    .map(a => a.getAttribute('href').slice(1)).filter(id => !document.getElementById(id)),
  files: [...document.querySelectorAll('a[href]')]
    .filter(a => !a.getAttribute('href').startsWith('#')).map(a => a.href),
})"""

ORDER = """(() => {
  const where = (root, word) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(word);
      if (at >= 0) { const r = document.createRange(); r.setStart(node, at);
        r.setEnd(node, at + word.length); const b = r.getBoundingClientRect();
        return [b.top, b.left]; }
    }
    return null;
  };
  const letters = (root, word) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(word);
      if (at >= 0) { return [...word].map((_, i) => { const r = document.createRange();
        r.setStart(node, at + i); r.setEnd(node, at + i + 1);
        return r.getBoundingClientRect().left; }); }
    }
    return null;
  };
  const dd = document.querySelectorAll('.facts dd')[1];
  return JSON.stringify({votes: where(dd, 'votes'), shared: where(dd, 'shared'),
    attending: where(dd, 'attending'), kicker: where(document.querySelector('.kicker'), 'briefing'),
    whip: where(document.querySelector('.kicker'), 'Forward'),
    sharedLetters: letters(dd, 'shared'), attendingLetters: letters(dd, 'attending')});
})()"""


def _reads_left_to_right(first: list[float], then: list[float]) -> bool:
    (top1, left1), (top2, left2) = first, then
    return top1 < top2 - 2 or (abs(top1 - top2) <= 2 and left1 < left2)


@pytest.mark.slow
@pytest.mark.parametrize("size", list(SIZES))
def test_the_list_is_in_the_first_screen_and_every_link_lands(
    chromium: Browser, pages: dict[str, Path], repo_root: Path, size: str
) -> None:
    width, height, mobile = SIZES[size]
    samples = sorted((repo_root / "examples" / "conference-2026" / "briefings").glob("*.html"))
    for path in [pages["sheet-bea"], pages["sheet-dev"], pages["index"], *samples]:
        page = chromium.open(path.as_uri(), width=width, height=height, mobile=mobile)
        probe = json.loads(page.evaluate(LINKS))
        assert probe["missing"] == [], (path.name, probe["missing"])
        for href in probe["files"]:
            target = Path(unquote(urlparse(href).path))
            assert target.is_file(), (path.name, href)
        if "delegates" in path.parts or path.parent.name == "briefings":
            assert probe["listTop"] is not None and probe["listTop"] < height, path.name
            assert probe["firstEntryBottom"] <= height, (path.name, probe)


@pytest.mark.slow
@pytest.mark.parametrize("size", list(SIZES))
def test_right_to_left_controls_in_user_text_do_not_reorder_the_page(
    chromium: Browser, tmp_path_factory: pytest.TempPathFactory, size: str
) -> None:
    folder = tmp_path_factory.mktemp(f"rtl-{size}")
    rlo = "\u202e"
    book, paths = make_book(
        folder / "in",
        (
            ("delegates.csv", "Cara Davies", f"Cara {rlo}Davies"),
            ("delegations.csv", "Wyeford", f"Wye{rlo}ford"),
            ("forward.toml", 'reason = "', f'reason = "{rlo}'),
        ),
    )
    result = run("brief", "--book", str(book), "--agenda", str(paths["agenda"]),
                 "--whip", "Forward", "-o", str(folder / "out"), "--delegate", "D3")  # fmt: skip
    assert result.exit_code == 0, result.output
    width, height, mobile = SIZES[size]
    page = chromium.open(
        (folder / "out" / "cara-davies.html").as_uri(), width=width, height=height, mobile=mobile
    )
    where = json.loads(page.evaluate(ORDER))
    assert _reads_left_to_right(where["votes"], where["shared"]), where
    assert _reads_left_to_right(where["shared"], where["attending"]), where
    assert _reads_left_to_right(where["whip"], where["kicker"]), where
    for word in ("sharedLetters", "attendingLetters"):  # each letter right of the one before
        assert where[word] == sorted(where[word]), where
    probe = json.loads(page.evaluate(PROBE))
    assert probe["scrollWidth"] <= probe["clientWidth"], probe
