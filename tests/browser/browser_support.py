"""What the browser tests share: where Chromium, chromedriver and the npm tools are, the
hostile tender, the pages, opening a page at a viewport size, its console, and the colours
of a screenshot. (Not a conftest.py: tests/conftest.py is imported as `conftest` by name.)"""

from __future__ import annotations

import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("PPLINT_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PPLINT_CHROMEDRIVER", "/usr/bin/chromedriver")
INSTALL = "apt-get install chromium chromium-driver"
NPM = "npm install --prefix DIR axe-core vnu-jar, then PPLINT_BROWSER_TOOLS=DIR"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)

HOSTILE = """\
pplint: 1
tender:
  id: "<script>window.__pwned = 'id'</script>"
  title: >-
    <script>window.__pwned = 'title'</script> "><img src=x onerror="window.__pwned='img'">
  buyer:
    name: "\\"><img src=x onerror=\\"window.__pwned='buyer'\\"> javascript:window.__pwned='js'"
    country: IE
    city: "</style><script>window.__pwned='city'</script>"
  language: en
  nature: supplies
  procedure: open
  cpv: ["39130000"]
  estimated_value: {amount: 380000, currency: EUR}
  lots_justification: >-
    javascript:window.__pwned='lots' <a href="javascript:window.__pwned='a'">x</a>
award_criteria:
  - id: "AC-1\\"><svg onload=\\"window.__pwned='svg'\\">"
    name: "Price <iframe src=javascript:window.__pwned='iframe'>"
    type: price
    weight: 90
  - id: AC-2
    name: Quality
    type: quality
    weight: 10
    scoring: "Will be assessed. <script>window.__pwned='scoring'</script>"
clauses:
  - id: "C-01<script>window.__pwned='clause-id'</script>"
    section: specification
    title: "</title><script>window.__pwned='clause-title'</script>"
    text: >
      The chairs shall be Steelcase <img src=x onerror="window.__pwned='clause'"> models
      and the supplier should recycle packaging where possible javascript:alert(1).
  - id: C-02
    section: performance
    title: Delivery
    text: "The contractor should deliver on time where possible. ]]></style></script>"
waivers:
  - rule: SOC-SUB-002
    reason: "Accepted <script>window.__pwned='waiver'</script> by the board; see javascript:x"
    approver: "\\" onmouseover=\\"window.__pwned='approver'"
    expires: "2999-12-31"
"""


WIDTHS = {"desktop": (1280, 900), "phone": (375, 812)}


@dataclass(frozen=True, slots=True)
class Pages:
    """The reports the browser tests open: one tender, a portfolio, a hostile tender."""

    scorecard: Path
    portfolio: Path
    hostile: Path

    def get(self, name: str) -> Path:
        path: Path = getattr(self, name)
        return path


def open_page(driver: Any, path: Path, width: int = 1280, height: int = 900) -> None:
    """Open a report at a viewport of ``width`` x ``height`` CSS pixels (a phone is mobile)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "screen"})
    driver.get_log("browser")  # what an earlier page said is not this page's
    driver.get(path.as_uri())


def console(driver: Any) -> list[dict[str, Any]]:
    """What the page wrote to the console since the last call."""
    entries: list[dict[str, Any]] = driver.get_log("browser")
    return entries


def png_colours(data: bytes) -> int:
    """How many distinct colours a PNG screenshot has (PIL if installed, else a decoder of
    the 8-bit, non-interlaced RGB(A) PNGs Chromium writes)."""
    try:
        from PIL import Image
    except ImportError:
        return len(set(png_rows(data)))
    import io

    with Image.open(io.BytesIO(data)) as image:
        found = image.convert("RGB").getcolors(maxcolors=1 << 16)
        return len(found) if found is not None else 1 << 16


def png_rows(data: bytes) -> list[bytes]:
    """The pixels of a PNG sampled as 4-pixel groups of every 16th row (enough to tell a
    blank page from a drawn one)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), "an unexpected PNG format"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    samples: list[bytes] = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        if y % 16 == 0:
            samples += [bytes(line[x : x + channels]) for x in range(0, stride, channels * 4)]
        previous = line
    return samples
