"""Waivers: a tender's own, justified suppressions of a rule, for the file or one clause."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pplint.model import DocPath, Finding, Waived


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
        if not self.expires:
            return False
        try:
            return dt.date.fromisoformat(self.expires) < today
        except ValueError:
            return False

    def covers(self, finding: Finding) -> bool:
        if finding.rule != self.rule:
            return False
        return self.clause is None or finding.clause == self.clause


def parse(data: dict[str, Any]) -> list[Waiver]:
    """The waivers of a schema-valid tender."""
    return [
        Waiver(i, str(w["rule"]), w.get("clause"), str(w["reason"]).strip(), w.get("expires"),
               w.get("approver"))
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
                finding = finding.with_changes(waiver=Waived(
                    w.reason, w.approver, w.expires, f"waivers[{w.index}]",
                ))
                break
        out.append(finding)
    return out
