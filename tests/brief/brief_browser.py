"""A headless Chromium driven over the DevTools protocol, for the briefing tests.

Chromium is started with `--remote-debugging-pipe`: it reads commands from file descriptor 3
and writes replies to 4, as JSON messages ending in a NUL byte, so no web socket library and no
network port is needed. A page is opened in one tab with the device metrics of a phone
(390×844, mobile) or a laptop (1280×800): `--window-size` alone cannot make a window narrower
than 500 CSS pixels in headless mode, so the emulation is what makes the phone test honest.

Chromium is run with the flags that keep it from stalling on a machine with no network, and a
fresh profile folder each time.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from types import TracebackType
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)


def find_chromium() -> str | None:
    """Debian's chromium, or another Chromium-family browser on PATH."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """One headless Chromium process; `open` gives a `Page` (one tab, one viewport)."""

    def __init__(self, executable: str | None, *, timeout: float = 30.0) -> None:
        if executable is None:
            raise FileNotFoundError("no chromium on PATH")
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="brief-chromium-")
        to_chrome = os.pipe()
        from_chrome = os.pipe()
        # Move the child's ends above the low numbers so that the shell can place them at
        # 3 and 4 without clobbering one with the other.
        child_in = fcntl.fcntl(to_chrome[0], fcntl.F_DUPFD_CLOEXEC, 10)
        child_out = fcntl.fcntl(from_chrome[1], fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_chrome[0])
        os.close(from_chrome[1])
        script = f'exec "$@" 3<&{child_in} 4>&{child_out} {child_in}<&- {child_out}>&-'
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close())
        self.process = subprocess.Popen(
            ["bash", "-c", script, "chromium", executable, *FLAGS,
             f"--user-data-dir={self.profile}", "about:blank"],
            pass_fds=(child_in, child_out),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )  # fmt: skip
        os.close(child_in)
        os.close(child_out)
        self._write = to_chrome[1]
        self._read = from_chrome[0]
        self._buffer = b""
        self._id = 0

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> Any:
        """Send one command and wait for its reply (events in between are dropped)."""
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._next(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def _next(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"chromium did not answer in {self.timeout} s: {self.stderr()}")
            ready, _, _ = select.select([self._read], [], [], left)
            if ready:
                chunk = os.read(self._read, 1 << 20)
                if not chunk:
                    raise EOFError(f"chromium closed its pipe: {self.stderr()}")
                self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        result: dict[str, Any] = json.loads(raw)
        return result

    def stderr(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-2000:]

    def open(self, url: str, *, width: int, height: int, mobile: bool) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        page = Page(self, session)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
            session,
        )
        self.send("Page.navigate", {"url": url}, session)
        page.wait_loaded()
        return page

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                self.send("Browser.close")
        except (OSError, RuntimeError, TimeoutError, EOFError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        for fd in (self._write, self._read):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    """One tab with its viewport set."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session

    def evaluate(self, expression: str) -> Any:
        reply = self.browser.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, self.session
        )
        if "exceptionDetails" in reply:
            raise RuntimeError(f"{expression}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def wait_loaded(self) -> None:
        deadline = time.monotonic() + self.browser.timeout
        while self.evaluate("document.readyState") != "complete":
            if time.monotonic() > deadline:
                raise TimeoutError("the page did not finish loading")
            time.sleep(0.05)

    def screenshot(self) -> bytes:
        """The viewport as PNG."""
        data = self.browser.send("Page.captureScreenshot", {"format": "png"}, self.session)
        return base64.b64decode(data["data"])
