"""A typed, read-only view of a valid tender: facts for applicability, items for the checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pplint.analysis.fold import fold
from pplint.core.model import DocPath

SECTIONS = ("specification", "selection", "exclusion", "performance", "obligation", "other")
PLACES = (*SECTIONS, "award", "award:price", "award:cost", "award:quality")


@dataclass(slots=True)
class Item:
    """A clause or an award criterion: its place, texts (raw and folded) and paths."""

    kind: str  # "clause" | "criterion"
    index: int
    id: str
    place: str  # a section, or "award:<type>"
    lot: str | None
    fields: dict[str, str]  # field name -> raw text (text in several languages: text.en ...)
    folded: dict[str, str]  # same keys, folded
    tags: tuple[str, ...] = ()
    verification: str | None = None
    enforcement: str | None = None
    essential: bool = False
    weight: float | None = None
    ctype: str | None = None  # criterion type
    scoring: str | None = None

    @property
    def path(self) -> DocPath:
        return ("clauses" if self.kind == "clause" else "award_criteria", self.index)

    def field_path(self, name: str) -> DocPath:
        parts: list[str | int] = [*self.path]
        parts.extend(name.split("."))
        return tuple(parts)

    @property
    def main_field(self) -> str:
        """The field where a finding about the whole item points."""
        if self.kind == "criterion":
            return "name"
        for key in self.fields:
            if key == "text" or key.startswith("text."):
                return key
        return "id"

    def body(self) -> str:
        """Folded title and text (what the clause says), without verification and enforcement."""
        return " \n ".join(
            v for k, v in self.folded.items() if k not in ("verification", "enforcement")
        )

    def in_places(self, places: frozenset[str]) -> bool:
        if self.kind == "clause":
            return self.place in places
        return "award" in places or self.place in places


@dataclass(slots=True)
class Tender:
    """Facts about one tender that rules ask for, with the defaults of the format filled in."""

    data: dict[str, Any]
    nature: str
    country: str
    city: str
    language: str
    procedure: str | None
    cpvs: tuple[str, ...]  # the main codes: the tender's first, and each lot's first
    all_cpvs: tuple[str, ...]  # every code, additional ones included
    value: float | None
    duration_months: float | None
    personal_data: bool
    hardware: bool
    goals: frozenset[str]
    codes: frozenset[str]
    gpp_criteria: str | None
    accessibility: str | None
    lots: tuple[dict[str, Any], ...]
    subcontracting_allowed: bool
    reserved: bool
    title_folded: str
    items: list[Item] = field(default_factory=list)

    @property
    def has_lots(self) -> bool:
        """Whether the contract is divided: one lot is an undivided contract (eForms notices
        always carry LOT-0000)."""
        return len(self.lots) > 1

    @property
    def lot_ids(self) -> tuple[str | None, ...]:
        return tuple(lot["id"] for lot in self.lots) or (None,)

    def clauses(self) -> list[Item]:
        return [i for i in self.items if i.kind == "clause"]

    def criteria(self) -> list[Item]:
        return [i for i in self.items if i.kind == "criterion"]


def _texts(raw: Any, prefix: str) -> dict[str, str]:
    if isinstance(raw, str):
        return {prefix: raw}
    if isinstance(raw, dict):
        return {f"{prefix}.{lang}": str(v) for lang, v in raw.items() if isinstance(v, str)}
    return {}


def default_hardware(nature: str, cpvs: tuple[str, ...]) -> bool:
    """The format's default for ``includes_hardware``: supplies under CPV 30 or 32."""
    return nature == "supplies" and any(c.startswith(("30", "32")) for c in cpvs[:1])


def build(data: dict[str, Any]) -> Tender:
    """The view of a schema-valid tender document."""
    t = data["tender"]
    lots = tuple(t.get("lots") or ())
    cpvs = tuple(str(c).split("-")[0] for c in t.get("cpv", ()))
    # the tender's codes first, then the lots' new ones, each once, without check digits;
    # applicability follows the main codes (the first of the tender and of each lot)
    lot_cpvs = tuple(str(c).split("-")[0] for lot in lots for c in lot.get("cpv", ()))
    lot_main = tuple(str(lot["cpv"][0]).split("-")[0] for lot in lots if lot.get("cpv"))
    main_cpvs = tuple(dict.fromkeys(cpvs[:1] + lot_main))
    all_cpvs = tuple(dict.fromkeys(cpvs + lot_cpvs))
    strategic = t.get("strategic") or {}
    codes = frozenset(
        c
        for key in ("environmental_impact", "social_objective", "innovative_acquisition")
        for c in strategic.get(key) or ()
    )
    value = (t.get("estimated_value") or {}).get("amount")
    hardware = t.get("includes_hardware")
    if hardware is None:
        hardware = default_hardware(t["nature"], cpvs)
    sub = t.get("subcontracting") or {}
    tender = Tender(
        data=data,
        nature=t["nature"],
        country=t["buyer"]["country"],
        city=fold(t["buyer"].get("city") or ""),
        language=t.get("language") or "en",
        procedure=t.get("procedure"),
        cpvs=main_cpvs,
        all_cpvs=all_cpvs,
        value=float(value) if value is not None else None,
        duration_months=t.get("duration_months"),
        personal_data=bool(t.get("personal_data", False)),
        hardware=bool(hardware),
        goals=frozenset(g for g in strategic.get("goals") or () if g != "none"),
        codes=codes,
        gpp_criteria=strategic.get("gpp_criteria"),
        accessibility=(t.get("accessibility") or {}).get("criteria"),
        lots=lots,
        subcontracting_allowed=bool(sub.get("allowed", True)),
        reserved=any((lot.get("reserved") or "none") != "none" for lot in lots)
        or (t.get("reserved") or "none") != "none",
        title_folded=fold(t.get("title", "")),
    )
    for index, clause in enumerate(data.get("clauses") or ()):
        fields = {}
        if clause.get("title"):
            fields["title"] = clause["title"]
        fields.update(_texts(clause.get("text"), "text"))
        for key in ("verification", "enforcement"):
            if clause.get(key):
                fields[key] = str(clause[key])
        tender.items.append(
            Item(
                kind="clause",
                index=index,
                id=str(clause["id"]),
                place=clause["section"],
                lot=clause.get("lot"),
                fields=fields,
                folded={k: fold(v) for k, v in fields.items()},
                tags=tuple(clause.get("topics") or ()),
                verification=clause.get("verification"),
                enforcement=clause.get("enforcement"),
                essential=bool(clause.get("essential")),
            )
        )
    for index, crit in enumerate(data.get("award_criteria") or ()):
        fields = {k: str(crit[k]) for k in ("name", "description", "scoring") if crit.get(k)}
        tender.items.append(
            Item(
                kind="criterion",
                index=index,
                id=str(crit["id"]),
                place=f"award:{crit['type']}",
                lot=crit.get("lot"),
                fields=fields,
                folded={k: fold(v) for k, v in fields.items()},
                tags=tuple(crit.get("topics") or ()),
                weight=float(crit["weight"]) if crit.get("weight") is not None else None,
                ctype=crit["type"],
                scoring=crit.get("scoring"),
            )
        )
    return tender


def template_context(data: dict[str, Any]) -> dict[str, Any]:
    """The ``tender`` mapping with the format's defaults filled in, for model-clause templates."""
    t = dict(data.get("tender") or {})
    t.setdefault("language", "en")
    t.setdefault("personal_data", False)
    buyer = dict(t.get("buyer") or {})
    buyer.setdefault("city", "")
    t["buyer"] = buyer
    return t
