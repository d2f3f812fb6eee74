"""WeasyPrint is loaded without the `ldconfig`/`gcc`/`ld` processes its library search starts
(paper.import_weasyprint), and still loads where the libraries' sonames do not open."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from brief_support import need_tool, weasyprint_available

pytestmark = pytest.mark.slow

#: Imports WeasyPrint in a fresh interpreter and prints the processes started meanwhile.
PROBE = """
import sys
started = []
def audit(event, args):
    if event == "subprocess.Popen":
        started.append(args[1][0])
sys.addaudithook(audit)
from motions.brief import paper
{setup}
weasyprint = paper.import_weasyprint()
weasyprint.HTML(string="<p>loaded</p>").write_pdf()
import ctypes.util
assert ctypes.util.find_library is not paper._no_search
print(len(started), sorted(set(started)))
"""


def probe(setup: str = "") -> str:
    need_tool(weasyprint_available(), "WeasyPrint (pip install weasyprint)")
    code = textwrap.dedent(PROBE).format(setup=setup)
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the search is Linux's")
def test_weasyprint_loads_without_starting_processes() -> None:
    assert probe() == "0 []"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the search is Linux's")
def test_weasyprint_loads_the_usual_way_where_the_sonames_do_not_open() -> None:
    # As on a system naming its libraries otherwise: the usual search, with its processes.
    count, _ = probe('paper._SONAMES = ("libmotions-no-such-library.so.0",)').split(" ", 1)
    assert int(count) > 0


def test_the_worker_freezes_what_it_loaded() -> None:
    # The early worker's warm-up leaves WeasyPrint's objects out of every later collection
    # (and unwritten after a fork); a fresh interpreter stands in for the worker.
    need_tool(weasyprint_available(), "WeasyPrint (pip install weasyprint)")
    code = "import gc; from motions.brief import paper; paper.warm_up()\n"
    code += "print(gc.get_freeze_count())"
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    assert int(run.stdout) > 10_000
