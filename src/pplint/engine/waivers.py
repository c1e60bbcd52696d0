"""Waivers: a tender's own, justified suppressions of a rule, for the file or one clause."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pplint.core.model import DocPath, Finding, Waived, format_path

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(slots=True)
class Waiver:
    index: int
    rule: str
    clause: str | None
    reason: str
    expires: str | None
    approver: str | None
    used: bool = False

    @property
    def path(self) -> DocPath:
        return ("waivers", self.index)

    def expired(self, today: dt.date) -> bool:
        """Whether the expiry date has passed; a date that is not a real day never waives."""
        if self.expires is None:
            return False
        day = parse_date(self.expires)
        return day is None or day < today

    def covers(self, finding: Finding) -> bool:
        if finding.rule != self.rule:
            return False
        return self.clause is None or finding.clause == self.clause


def parse_date(text: str) -> dt.date | None:
    """The day of a ``YYYY-MM-DD`` text, or None when there is no such day (2020-02-30)."""
    if not _DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def problems(data: dict[str, Any]) -> list[tuple[DocPath, str]]:
    """Expiry dates of a schema-valid tender's waivers that are not real days."""
    out: list[tuple[DocPath, str]] = []
    for i, w in enumerate(data.get("waivers") or ()):
        expires = w.get("expires")
        if expires is not None and parse_date(expires) is None:
            path: DocPath = ("waivers", i, "expires")
            out.append(
                (
                    path,
                    f"{format_path(path)}: {expires!r} is not a date that exists "
                    "(write it YYYY-MM-DD, for example 2027-06-30)",
                )
            )
    return out


def parse(data: dict[str, Any]) -> list[Waiver]:
    """The waivers of a schema-valid tender."""
    return [
        Waiver(
            i,
            str(w["rule"]),
            w.get("clause"),
            str(w["reason"]).strip(),
            w.get("expires"),
            w.get("approver"),
        )
        for i, w in enumerate(data.get("waivers") or ())
    ]


def apply(findings: Iterable[Finding], waivers: list[Waiver], today: dt.date) -> list[Finding]:
    """Mark findings covered by a live waiver as suppressed (they stay in the list)."""
    live = [w for w in waivers if not w.expired(today)]
    out = []
    for finding in findings:
        for w in live:
            if finding.kind != "invalid" and w.covers(finding):
                w.used = True
                finding = finding.with_changes(
                    waiver=Waived(
                        w.reason,
                        w.approver,
                        w.expires,
                        f"waivers[{w.index}]",
                    )
                )
                break
        out.append(finding)
    return out
