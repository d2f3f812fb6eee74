"""Make the sample briefing sheets in this folder from the example conference, with the real
commands, byte for byte the same every time (a test regenerates them and compares).

    python examples/conference-2026/briefings/make.py                 # sheets (HTML, Markdown)
    python examples/conference-2026/briefings/make.py --screenshot    # and phone screenshots
    python examples/conference-2026/briefings/make.py --out DIR       # somewhere else

It builds the example whip book in a temporary folder (`motions whip init` and `motions whip
import` on the files of `examples/conference-2026/`), then runs `motions brief` on the agenda
`examples/agenda-2026/` with Forward's lines and the schedule imported into the book, for three
delegates: Sian Nowak, whose CLP mandates a vote for CV 1 where Forward says against unless
remitted; Umar L. Bailey, whose CLP mandates against CV 4 where Forward supports it; and Zoe
Brennan, one of Eagleby's delegates, one of whom is not attending.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFERENCE = HERE.parent
ROOT = CONFERENCE.parent.parent
AGENDA = ROOT / "examples" / "agenda-2026"
DELEGATES = ("D0212", "D1006", "D0712")
#: The time the samples say they were made (SOURCE_DATE_EPOCH): 21 September 2026, 18:00 UTC.
MADE = "1790013600"


def motions(*args: str) -> None:
    """`python -m motions ARGS`, stopping this script if it fails."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": MADE}
    subprocess.run([sys.executable, "-m", "motions", *args], check=True, env=env)


def build_book(work: Path) -> Path:
    """The example whip book, as the conference's README makes it."""
    book = work / "whip.sqlite"
    motions("whip", "init", "--book", str(book), "--faction", "Forward")
    files = {
        "--delegations": "delegations.csv",
        "--delegates": "delegates.csv",
        "--card-votes": "card-votes.toml",
        "--mandates": "mandates.csv",
        "--pledges": "pledges.csv",
        "--schedule": "ballots.toml",
    }
    args = [arg for option, name in files.items() for arg in (option, str(CONFERENCE / name))]
    for faction in ("forward", "grassroots"):
        args += ["--recommendations", str(CONFERENCE / f"recommendations-{faction}.toml")]
    motions("whip", "import", "--book", str(book), *args)
    return book


def make(out: Path) -> None:
    """Write the sample sheets (HTML and Markdown) into `out`."""
    with tempfile.TemporaryDirectory() as tmp:
        book = build_book(Path(tmp))
        who = [arg for d in DELEGATES for arg in ("--delegate", d)]
        common = ["--book", str(book), "--agenda", str(AGENDA), "--whip", "Forward"]
        common += ["--decisions", str(AGENDA / "decisions.toml")]
        for fmt in ("html", "md"):
            motions("brief", *common, "-o", str(out), "--format", fmt, *who)


def screenshots(out: Path) -> None:
    """Phone screenshots of Sian Nowak's sheet: its top, and CV 1's detail."""
    sys.path.insert(0, str(ROOT / "tests" / "brief"))
    from brief_browser import Browser, find_chromium

    sheet = out / "sian-nowak.html"
    with Browser(find_chromium()) as browser:
        for name, fragment in (("phone.png", ""), ("phone-cv1.png", "#cv1")):
            page = browser.open(sheet.as_uri() + fragment, width=390, height=844, mobile=True)
            (out / name).write_bytes(page.screenshot())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshot", action="store_true", help="also the phone screenshots")
    parser.add_argument("--out", type=Path, default=HERE, help="where to write (default: here)")
    args = parser.parse_args()
    make(args.out)
    if args.screenshot:
        screenshots(args.out)


if __name__ == "__main__":
    main()
