"""OCDS 1.1 JSON read as tenders: a release, a compiled release, a release package, a record
package, or JSON Lines of any of them, one tender per release linted.

The JSON is parsed strictly by the standard library (so that what is not JSON is refused with
its line and column) and once more by `load.source`, whose located nodes give the line and
column of every member; each value put carries that location and the member's JSON pointer
(RFC 6901). Core OCDS maps onto few tender fields; the OCDS for eForms extension fields named
in the notices mapping (lots, award criteria with weights, performance terms, exclusion grounds,
selection criteria, sustainability, accessibility) are read when present.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pplint.core.errors import LoadError
from pplint.core.model import DocPath, Location
from pplint.load.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_NODES, too_large
from pplint.load.lines import Lines
from pplint.load.source import Duplicate, SourceDoc, decode, load_text
from pplint.notices import codes
from pplint.notices.build import Builder, NoticeInfo
from pplint.notices.texts import first_sentence
from pplint.notices.weights import Criterion, normalise

Where = tuple[Location, str]
Clause = dict[str, Any]

NATURES = {"goods": "supplies", "works": "works", "services": "services"}
# words of procurementMethodDetails that name a procedure (for methods other than open)
PROCEDURE_WORDS = (
    ("competitive dialogue", "competitive_dialogue"),
    ("dialogo competitivo", "competitive_dialogue"),
    ("diálogo competitivo", "competitive_dialogue"),
    ("innovation partnership", "innovation_partnership"),
    ("asociación para la innovación", "innovation_partnership"),
    ("pre-commercial", "pre_commercial"),
    ("restricted", "restricted"),
    ("restringido", "restricted"),
    ("negotiat", "negotiated"),
    ("negociado", "negotiated"),
)
# core awardCriteria codes naming the one criterion the award rests on (weight 100)
SOLE_CRITERION = {"priceOnly": "price", "costOnly": "cost", "qualityOnly": "quality"}
SOLE_DEPRECATED = {"lowestCost": "price"}
# core codes for a price-quality award whose weights the release does not give
PRICE_QUALITY = ("ratedCriteria", "bestProposal", "bestValueToGovernment")
CRITERION_NAMES = {
    "en": {"price": "Price", "cost": "Cost", "quality": "Quality"},
    "es": {"price": "Precio", "cost": "Coste", "quality": "Calidad"},
    "ca": {"price": "Preu", "cost": "Cost", "quality": "Qualitat"},
}
# the weight kinds of the OCDS award criteria extension, as eForms codes them (BT-5421)
WEIGHT_KINDS = {
    "percentageExact": "per-exa",
    "percentageRangeMiddle": "per-mid",
    "pointsExact": "poi-exa",
    "pointsRangeMiddle": "poi-mid",
    "decimalExact": "dec-exa",
    "decimalRangeMiddle": "dec-mid",
    "orderOfImportance": "ord-imp",
}
RESERVED = {
    "shelteredWorkshop": "sheltered_workshops",
    "publicServiceMissionOrganization": "public_service_mission",
}
GPP = {"euGPPCriteria": "eu", "nationalGPPCriteria": "national", "otherGPPCriteria": "other"}
# sustainability goals (OCDS for eForms) -> the tender format's goal and eForms code: every
# environmental.* and social.* goal, and the innovation ones of economic.*
GOALS = {"environmental": "environmental", "social": "social"}
INNOVATION = "economic.innovativePurchase"
GOAL_CODES = {
    "environmental.biodiversityProtectionRestoration": ("environmental_impact", "biodiv-eco"),
    "environmental.circularEconomy": ("environmental_impact", "circ-econ"),
    "environmental.climateChangeAdaptation": ("environmental_impact", "clim-adapt"),
    "environmental.climateChangeMitigation": ("environmental_impact", "clim-mitig"),
    "environmental.pollutionPrevention": ("environmental_impact", "pollu-prev"),
    "environmental.waterResources": ("environmental_impact", "water-mar"),
    "social.accessibility": ("social_objective", "acc-all"),
    "social.ethnicEquality": ("social_objective", "et-eq"),
    "social.genderEquality": ("social_objective", "gen-eq"),
    "social.humanRightsInSupplyChain": ("social_objective", "hum-right"),
    "social.disadvantagedEmploymentOpportunities": ("social_objective", "opp"),
    "social.laborRightsPromotion": ("social_objective", "work-cond"),
    "economic.marketInnovationPromotion": ("innovative_acquisition", "mar-nov"),
    "economic.processInnovation": ("innovative_acquisition", "proc-innov"),
    "economic.productInnovation": ("innovative_acquisition", "prod-innov"),
    "economic.researchDevelopmentActivities": ("innovative_acquisition", "rd-act"),
}
# the text members whose language variants (`title_es`) are read
TEXT_MEMBERS = (
    "title",
    "description",
    "name",
    "eligibilityCriteria",
    "awardCriteriaDetails",
    "performanceTerms",
    "noAccessibilityCriteriaRationale",
    "weightingDescription",
)
_VARIANT = re.compile("(" + "|".join(TEXT_MEMBERS) + r")_([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)")
_CPV = re.compile(r"[0-9]{8}(-[0-9])?")
_CURRENCY = re.compile(r"[A-Z]{3}")
# a JSON escape of a UTF-16 surrogate (valid JSON, refused by libyaml), or an escaped backslash
_SURROGATE = re.compile(r"\\(\\|u[dD][89a-fA-F][0-9a-fA-F]{2})")
# characters JSON strings may hold as they are but libyaml refuses (DEL, C1 controls, U+FFFE/F)
_UNREADABLE = {c: "?" for c in (*range(0x7F, 0x85), *range(0x86, 0xA0), 0xFFFE, 0xFFFF)}


class NotOcds(Exception):
    """The JSON is not OCDS at all (no `ocid`, `releases` or `records`): read it as a tender."""


# -- JSON documents, located ---------------------------------------------------------------


@dataclass(slots=True)
class _Json:
    """One JSON document of the file: its values and where each member sits in the file."""

    data: Any
    locations: dict[DocPath, Location]
    duplicates: list[Duplicate] = field(default_factory=list)
    line: int = 1  # the file line the document starts on (JSON Lines: its line)
    notes: list[str] = field(default_factory=list)

    def locate(self, path: DocPath) -> Location:
        """The location of ``path``, or of its closest ancestor that has one."""
        p = tuple(path)
        while p and p not in self.locations:
            p = p[:-1]
        return self.locations.get(p, Location(self.line, 1))


def pointer(path: DocPath) -> str:
    """The RFC 6901 JSON pointer of a path ('' for the whole document)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _first_wins(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose repeated members keep their first value (as `load.source` does)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        out.setdefault(key, value)
    return out


def _documents(text: str, file: str, max_nodes: int) -> list[_Json]:
    """The file's JSON documents: the one it holds, or one per line of JSON Lines."""
    rows = _json_lines(text)
    if rows is None:
        return [_parse(text, file, 1, max_nodes)]
    return [_parse(row, file, line, max_nodes) for line, row in rows]


def _json_lines(text: str) -> list[tuple[int, str]] | None:
    """The non-blank lines of a JSON Lines text, or None when the text is one document (a
    document whose first line is a whole JSON value can only be JSON Lines)."""
    rows = [(n, row) for n, row in enumerate(text.split("\n"), 1) if row.strip()]
    if len(rows) < 2:
        return None
    try:
        json.loads(rows[0][1])
    except (ValueError, RecursionError):
        return None
    return rows


MAX_DIGITS = 30  # an integer longer than this is no amount, weight or count


class _TooLong(ValueError):
    """An integer with too many digits to be a real value."""


def _bounded_int(digits: str) -> int:
    """An integer of JSON, refused over MAX_DIGITS digits (Python would convert up to 4,300,
    slowly, and refuse more with an error)."""
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _TooLong(
            f"a JSON integer of {len(digits):,} digits is over the limit of {MAX_DIGITS}"
        )
    return int(digits)


def _parse(text: str, file: str, line: int, max_nodes: int) -> _Json:
    """One JSON document, parsed strictly, with the location of every member."""
    try:
        data = json.loads(text, object_pairs_hook=_first_wins, parse_int=_bounded_int)
    except _TooLong as exc:
        raise LoadError(str(exc), file, line, 1, "FMT-LIMIT") from None
    except json.JSONDecodeError as exc:
        where = Lines(text).inside(exc.pos)  # never past the end of the file
        raise LoadError(
            f"JSON syntax error: {exc.msg}", file, line + where.line - 1, where.column, "FMT-JSON"
        ) from None
    except RecursionError:
        raise LoadError("JSON nested too deeply", file, line, 1, "FMT-LIMIT") from None
    doc = _located(text, file, line, max_nodes, data)
    _refuse_not_finite(doc, file)
    return doc


def _located(text: str, file: str, line: int, max_nodes: int, data: Any) -> _Json:
    """The document with the location of each member, read by `load.source` (its limits
    apply); escapes libyaml refuses are replaced by escapes of the same length first."""
    try:
        loaded = load_text(_for_positions(text), file, max_nodes=max_nodes)
    except LoadError as exc:
        if exc.code != "FMT-SYNTAX":
            raise LoadError(exc.message, file, exc.line + line - 1, exc.column, exc.code) from None
        note = (
            "the line and column of its members could not be found, so findings point at the "
            f"start of the document ({exc.message})"
        )
        return _Json(data, {(): Location(line, 1)}, line=line, notes=[note])
    return _Json(
        data,
        {p: _moved(loc, line) for p, loc in loaded.locations.items()},
        [
            Duplicate(d.path, _moved(d.location, line), _moved(d.first, line))
            for d in loaded.duplicates
        ],
        line,
    )


def _for_positions(text: str) -> str:
    """The text with what libyaml refuses in valid JSON replaced, character for character."""
    return _SURROGATE.sub(_same_length, text).translate(_UNREADABLE)


def _same_length(match: re.Match[str]) -> str:
    """An escaped backslash kept; a surrogate escape made a question mark (values come from the
    standard library's parse: this text only gives positions)."""
    return match.group(0) if match.group(1) == "\\" else "\\u003f"


def _moved(location: Location, line: int) -> Location:
    """A location in a document that starts on file line ``line``."""
    return location if line == 1 else Location(location.line + line - 1, location.column)


def _walk(data: Any) -> Iterator[tuple[DocPath, Any]]:
    """Every value of a JSON document with its path, without recursion."""
    stack: list[tuple[DocPath, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        yield path, value
        if isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in enumerate(value))


def _refuse_not_finite(doc: _Json, file: str) -> None:
    """Refuse NaN and Infinity, which the standard library reads but JSON does not have."""
    for path, value in _walk(doc.data):
        if isinstance(value, float) and not math.isfinite(value):
            loc = doc.locate(path)
            raise LoadError(
                "JSON syntax error: NaN and Infinity are not JSON numbers",
                file,
                loc.line,
                loc.column,
                "FMT-JSON",
            )


# -- releases --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Release:
    """One release to lint: its data, its path in its JSON document, and that document."""

    data: dict[str, Any]
    base: DocPath
    doc: _Json
    notes: list[str] = field(default_factory=list)

    def where(self, *path: str | int) -> Where:
        """The location and JSON pointer of a member of the release (the release itself when
        no path is given)."""
        full = (*self.base, *path)
        return self.doc.locate(full), pointer(full)

    @property
    def tender(self) -> dict[str, Any] | None:
        """The release's tender, when it has one that says anything."""
        tender = self.data.get("tender")
        return tender if isinstance(tender, dict) and tender else None


def _releases(doc: _Json, file: str) -> list[_Release] | None:
    """The releases a JSON document holds, or None when it is not OCDS at all."""
    data = doc.data
    if not isinstance(data, dict) or not {"ocid", "releases", "records"} & data.keys():
        return None
    if "records" in data:
        records = _list_of(doc, ("records",), file)
        return [r for i, rec in records if (r := _from_record(doc, rec, ("records", i)))]
    if "releases" in data and "ocid" in data:  # a record on its own
        record = _from_record(doc, data, ())
        return [record] if record else []
    if "releases" in data:
        return [_Release(r, ("releases", i), doc) for i, r in _list_of(doc, ("releases",), file)]
    return [_Release(data, (), doc)]


def _list_of(doc: _Json, path: DocPath, file: str) -> list[tuple[int, dict[str, Any]]]:
    """The objects of a package's list, refusing a list that is not one."""
    value = doc.data
    for part in path:
        value = value[part]
    if not isinstance(value, list):
        loc = doc.locate(path)
        raise LoadError(
            f"`{path[-1]}` of an OCDS package must be a list",
            file,
            loc.line,
            loc.column,
            "FMT-NOTICE",
        )
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _from_record(doc: _Json, record: dict[str, Any], base: DocPath) -> _Release | None:
    """A record's release to lint: its compiled release, else its latest release."""
    compiled = record.get("compiledRelease")
    if isinstance(compiled, dict):
        return _Release(compiled, (*base, "compiledRelease"), doc)
    releases = record.get("releases")
    found = [
        (i, r)
        for i, r in enumerate(releases if isinstance(releases, list) else [])
        if isinstance(r, dict)
    ]
    with_tender = [(i, r) for i, r in found if isinstance(r.get("tender"), dict)]
    if not found:
        return None
    i, latest = max(with_tender or found, key=lambda pair: str(pair[1].get("date") or ""))
    named = latest.get("id") or pointer((*base, "releases", i))
    note = (
        "the record has no compiledRelease, and pplint does not merge its releases: its latest "
        f"release with a tender ({named}) is read"
    )
    return _Release(latest, (*base, "releases", i), doc, [note])


def load(
    raw: bytes,
    file: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> list[SourceDoc]:
    """The tenders an OCDS file maps to, one per release with a tender, located in the file."""
    if len(raw) > max_bytes:
        raise too_large(len(raw), max_bytes, file)
    found: list[_Release] = []
    for n, doc in enumerate(_documents(decode(raw, file), file, max_nodes)):
        releases = _releases(doc, file)
        if releases is None and n == 0:
            raise NotOcds(f"{file}: JSON without `ocid`, `releases` or `records` is not OCDS")
        if releases is None:
            raise LoadError(
                "this line is JSON but not OCDS (no `ocid`, `releases` or `records`)",
                file,
                doc.line,
                1,
                "FMT-NOTICE",
            )
        found += releases
    usable = [r for r in found if r.tender is not None]
    if not usable:
        raise _no_tender(found, file)
    out = []
    for release in usable:
        release.notes += _skipped(release, found)
        made = _Mapper(release, file).run()
        made.duplicates = _duplicates(release, usable)
        out.append(made)
    return out


def _duplicates(release: _Release, usable: list[_Release]) -> list[Duplicate]:
    """The repeated members inside a release; the first release of a document also takes
    those outside every release (in the package's own members)."""
    same = [r for r in usable if r.doc is release.doc]
    return [
        d
        for d in release.doc.duplicates
        if _under(d.path, release.base)
        or (release is same[0] and not any(_under(d.path, r.base) for r in same))
    ]


def _under(path: DocPath, base: DocPath) -> bool:
    """Whether a path is ``base`` or inside it."""
    return path[: len(base)] == base


def _no_tender(found: list[_Release], file: str) -> LoadError:
    """The error for OCDS with no release that has a tender."""
    tags = sorted({t for r in found for t in _tags(r.data)}) or ["none"]
    loc = found[0].where()[0] if found else Location(1, 1)
    return LoadError(
        f"OCDS with no tender to lint (release tags: {', '.join(tags)}): pplint reads the tender "
        "of a planning, tender or compiled release, or of a record's compiledRelease",
        file,
        loc.line,
        loc.column,
        "FMT-NO-TENDER",
    )


def _skipped(release: _Release, found: list[_Release]) -> list[str]:
    """A note naming the releases of the same document that have no tender to lint."""
    others = [r for r in found if r.doc is release.doc and r.tender is None]
    if not others:
        return []
    named = ", ".join(
        f"{pointer(r.base) or '/'} ({'+'.join(_tags(r.data)) or 'no tag'})" for r in others
    )
    return [f"releases with no tender were not linted: {named}"]


def _tags(data: dict[str, Any]) -> list[str]:
    """A release's tags (its stages)."""
    tag = data.get("tag")
    return [t for t in tag if isinstance(t, str)] if isinstance(tag, list) else []


# -- values ----------------------------------------------------------------------------------


def _clean(value: Any) -> str:
    """A text with its white space runs made single spaces ('' for what is not text)."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def _dict(value: Any) -> dict[str, Any]:
    """The value when it is an object, else an empty one."""
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[tuple[int, dict[str, Any]]]:
    """The objects of a list with their indexes (nothing for what is not a list)."""
    return (
        [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]
        if isinstance(value, list)
        else []
    )


def _number(value: Any) -> float | None:
    """A finite number from a JSON number or numeric text."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _ident(value: Any) -> str:
    """An identifier given as text or a whole number ('' for anything else)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    return _clean(str(value))


def _plain(number: float) -> float | int:
    """A whole number as an int."""
    return int(number) if number == int(number) else number


def _cpv(value: Any) -> str | None:
    """A CPV code as the tender format writes it: `45233130.0` loses its `.0`, `-2` stays."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**8:
        value = f"{value:08d}"
    text = value.strip() if isinstance(value, str) else ""
    if text.endswith(".0"):
        text = text[:-2]
    return text if _CPV.fullmatch(text) else None


def _money(value: Any) -> dict[str, Any] | None:
    """An OCDS Value as the tender format's amount and currency, or None."""
    amount = _number(_dict(value).get("amount"))
    currency = _clean(_dict(value).get("currency")).upper()
    if amount is None or amount < 0 or not _CURRENCY.fullmatch(currency):
        return None
    return {"amount": _plain(amount), "currency": currency}


def _months(period: dict[str, Any]) -> float | None:
    """The length of an OCDS Period in months: its durationInDays, else its dates."""
    days = _number(period.get("durationInDays"))
    if days is None:
        days = _days_between(period.get("startDate"), period.get("endDate"))
    if days is None or days <= 0:
        return None
    return _plain(round(days * 12 / 365.25, 1)) or None


def _days_between(start: Any, end: Any) -> float | None:
    """The days from one ISO date-time to another, or None when either is not one."""
    try:
        first = datetime.fromisoformat(str(start))
        last = datetime.fromisoformat(str(end))
        return (last - first).total_seconds() / 86400
    except (TypeError, ValueError):
        return None


def _goal(goal: str) -> str | None:
    """The strategic goal a sustainability goal code stands for, or None."""
    if goal == INNOVATION or GOAL_CODES.get(goal, ("",))[0] == "innovative_acquisition":
        return "innovation"
    return GOALS.get(goal.split(".")[0])


def _kind(data: dict[str, Any]) -> str:
    """What the release is, from its tags: planning, tender, award, contract, compiled..."""
    return "+".join(_tags(data)) or "release"


def _language(code: str) -> str | None:
    """The tender-format language of a language code (`en`, `en-GB`, `ES`), or None."""
    return codes.LANGUAGES.get(re.split(r"[-_]", code.strip())[0].upper())


# -- languages -------------------------------------------------------------------------------


class _Texts:
    """Texts of a release in its language (`language`, OCDS's default en) and its variants
    (`title_es`); only those in languages pplint reads become clause texts."""

    def __init__(self, release: _Release):
        """Find the release's languages and those pplint reads."""
        own = release.data.get("language")
        self.given = isinstance(own, str) and bool(own.strip())
        self.own = own.strip() if isinstance(own, str) and own.strip() else "en"
        variants = {
            m.group(2)
            for path, _ in _walk(release.tender)
            if path and isinstance(path[-1], str) and (m := _VARIANT.fullmatch(path[-1]))
        }
        self.languages = (self.own, *sorted(variants - {self.own}))
        read = [lang for lang in map(_language, self.languages) if lang]
        self.read: tuple[str, ...] = tuple(dict.fromkeys(read))
        self.primary = self.read[0] if self.read else None

    def each(self, obj: dict[str, Any], key: str) -> Iterator[tuple[str | None, str, str]]:
        """(language read or None, text, member) of each non-empty text of ``key``."""
        for member, value in obj.items():
            if member == key:
                code = self.own
            elif member.startswith(f"{key}_") and _VARIANT.fullmatch(member):
                code = member[len(key) + 1 :]
            else:
                continue
            text = _clean(value)
            if text:
                yield _language(code), text, member

    def one(self, obj: dict[str, Any], key: str) -> tuple[str, str] | None:
        """(text, member) for a name or title: in the first language read, else the first."""
        found = list(self.each(obj, key))
        for lang in self.read:
            for code, text, member in found:
                if code == lang:
                    return text, member
        return (found[0][1], found[0][2]) if found else None

    def many(self, obj: dict[str, Any], key: str) -> tuple[str | dict[str, str], str] | None:
        """(text, member) for a clause: a string in one language read, a map for several."""
        found: dict[str, tuple[str, str]] = {}
        for code, text, member in self.each(obj, key):
            if code in self.read and code not in found:
                found[code] = (text, member)
        ordered = [lang for lang in self.read if lang in found]
        if not ordered:
            return None
        first = found[ordered[0]][1]
        if len(ordered) == 1:
            return found[ordered[0]][0], first
        return {lang: found[lang][0] for lang in ordered}, first


# -- the mapping -----------------------------------------------------------------------------


class _Mapper:
    """One release's tender: its fields, lots, award criteria and clauses, each located."""

    def __init__(self, release: _Release, file: str):
        """Start the tender of one release, with its notice information."""
        self.r = release
        self.tender: dict[str, Any] = release.tender or {}
        self.texts = _Texts(release)
        info = NoticeInfo(
            "ocds",
            _kind(release.data),
            "pointer",
            languages=self.texts.languages,
            read=self.texts.read,
            notes=[*release.doc.notes, *release.notes],
        )
        self.b = Builder(file, info, *release.where())
        self.lots = _items(self.tender.get("lots"))
        self.divided = len(self.lots) > 1

    def put(self, path: DocPath, value: Any, *member: str | int) -> None:
        """Put a value, located at the release member it comes from."""
        self.b.put(path, value, self.r.where(*member))

    def note(self, text: str) -> None:
        """Say what the mapping assumed or left out."""
        self.b.info.notes.append(text)

    def lot_id(self, i: int, lot: dict[str, Any]) -> str:
        """A lot's id (its position when it has none)."""
        return _ident(lot.get("id")) or f"LOT-{i + 1}"

    def run(self) -> SourceDoc:
        """The tender document of the release."""
        self.b.at(("tender",), self.r.where("tender"))
        for step in (
            self.identity,
            self.language,
            self.buyer,
            self.cpv,
            self.nature,
            self.procedure,
            self.value,
            self.duration,
            self.strategic,
            self.accessibility,
            self.lot_list,
            self.criteria,
            self.clauses,
            self.places,
            self.aside,
        ):
            step()
        return self.b.doc()

    # -- identity, buyer, language ------------------------------------------------------

    def identity(self) -> None:
        """The id (tender.id, else the ocid) and the title."""
        candidates = (
            (("tender", "id"), self.tender.get("id")),
            (("ocid",), self.r.data.get("ocid")),
        )
        for member, value in candidates:
            ident = _ident(value)
            if ident:
                self.put(("tender", "id"), ident, *member)
                break
        else:
            self.put(("tender", "id"), "(no identifier)", "tender")
            self.note("the release gives no tender id and no ocid")
        title = self.texts.one(self.tender, "title")
        if title is None:
            self.put(("tender", "title"), "(no title)", "tender")
            self.note("the tender has no title")
        else:
            self.put(("tender", "title"), title[0], "tender", title[1])

    def language(self) -> None:
        """The tender's language: the release's, when pplint reads it."""
        lang = self.texts.primary
        if not self.texts.given:
            self.note("the release gives no language; OCDS's default, en, is assumed")
        if lang is None:
            self.note(
                f"no text is in a language pplint reads (en, es, ca; the release is in "
                f"{self.texts.own!r}): only structural checks run"
            )
            return
        self.put(("tender", "language"), lang, *(("language",) if self.texts.given else ()))

    def buyer_party(self) -> tuple[int, dict[str, Any]] | None:
        """The party that is the buyer: named by `buyer.id`, else the first with that role,
        else (with a note) the procuring entity."""
        parties = _items(self.r.data.get("parties"))
        ref = _dict(self.r.data.get("buyer"))
        for role, ident in (("buyer", ref.get("id")), ("procuringEntity", None)):
            for i, party in parties:
                if ident is not None and party.get("id") == ident:
                    return i, party
            for i, party in parties:
                roles = party.get("roles")
                if isinstance(roles, list) and role in roles:
                    if role != "buyer":
                        self.note("no party has the role buyer: the procuring entity is read")
                    return i, party
        return None

    def buyer(self) -> None:
        """The buyer's name, country (from its address's country name) and city."""
        found = self.buyer_party()
        i, party = found if found else (-1, {})
        self.other_parties(i)
        ref = _dict(self.r.data.get("buyer"))
        entity = _dict(self.tender.get("procuringEntity"))
        self.b.at(("tender", "buyer"), self.r.where(*(("parties", i) if found else ("buyer",))))
        for member, obj in ((("buyer", "name"), ref), (("parties", i, "name"), party)):
            if _clean(obj.get("name")):
                self.put(("tender", "buyer", "name"), _clean(obj.get("name")), *member)
                break
        else:
            name = _clean(entity.get("name"))
            self.put(
                ("tender", "buyer", "name"),
                name or "(buyer not named)",
                "tender",
                "procuringEntity",
            )
            self.note(
                "the release names no buyer" + (": the procuring entity is read" if name else "")
            )
        self.buyer_place(i, _dict(party.get("address")))

    def buyer_place(self, i: int, address: dict[str, Any]) -> None:
        """The buyer's country (alpha-2 from a name or code) and city."""
        path = ("parties", i, "address") if i >= 0 else ("buyer",)
        name = _clean(address.get("countryName"))
        code = codes.country(name)
        if code is None:
            self.note(
                f"the buyer's country {name!r} is not one pplint knows: XX is used"
                if name
                else "the buyer's address gives no country name: XX is used"
            )
        member = (*path, "countryName") if name else path
        self.put(("tender", "buyer", "country"), code or "XX", *member)
        city = _clean(address.get("locality"))
        if city:
            self.put(("tender", "buyer", "city"), city, *path, "locality")

    def other_parties(self, buyer: int) -> None:
        """The parties other than the buyer, kept aside by name and roles."""
        others = [
            {"name": _clean(p.get("name")) or _clean(str(p.get("id", ""))), "roles": p.get("roles")}
            for i, p in _items(self.r.data.get("parties"))
            if i != buyer
        ]
        if others:
            self.b.info.aside["parties"] = others
        buyers = [
            p["name"] for p in others if isinstance(p["roles"], list) and "buyer" in p["roles"]
        ]
        if buyers:
            self.b.info.aside["other_buyers"] = buyers

    # -- nature, cpv, procedure, value, duration ----------------------------------------

    def classifications(self, related: str | None = None) -> list[tuple[str, DocPath]]:
        """The CPV codes of the items (of one lot when ``related`` is its id), main first."""
        found: dict[str, DocPath] = {}
        for i, item in _items(self.tender.get("items")):
            if related is not None and str(item.get("relatedLot")) != related:
                continue
            entries: list[tuple[DocPath, Any]] = [(("classification",), item.get("classification"))]
            entries += [
                (("additionalClassifications", j), c)
                for j, c in _items(item.get("additionalClassifications"))
            ]
            for where, c in entries:
                code = _cpv(_dict(c).get("id"))
                if code and _clean(_dict(c).get("scheme")).upper() == "CPV":
                    found.setdefault(code, ("tender", "items", i, *where, "id"))
        return list(found.items())

    def cpv(self) -> None:
        """The CPV codes of the tender's items (`.0` stripped), or 00000000 with a note."""
        found = self.classifications()
        for n, (code, member) in enumerate(found):
            self.put(("tender", "cpv", n), code, *member)
        if not found:
            self.put(("tender", "cpv"), ["00000000"], "tender")
            self.note("the tender gives no CPV code (items[].classification with scheme CPV)")

    def nature(self) -> None:
        """The nature (mainProcurementCategory, goods as supplies), else derived from the CPV."""
        category = self.tender.get("mainProcurementCategory")
        if isinstance(category, str) and category in NATURES:
            self.put(("tender", "nature"), NATURES[category], "tender", "mainProcurementCategory")
            return
        cpv = self.classifications()
        derived = codes.nature_of_cpv(cpv[0][0]) if cpv else None
        self.note(
            f"the tender gives no mainProcurementCategory; {derived or 'services'} is assumed "
            + ("from the main CPV code" if derived else "(there is no CPV code to derive it from)")
        )
        self.put(("tender", "nature"), derived or "services", *(cpv[0][1] if cpv else ("tender",)))

    def procedure(self) -> None:
        """The procedure: open is open; other methods only when their details name one."""
        method = self.tender.get("procurementMethod")
        if method == "open":
            self.put(("tender", "procedure"), "open", "tender", "procurementMethod")
            return
        if not isinstance(method, str) or not method:
            return
        details = _clean(self.tender.get("procurementMethodDetails")).lower()
        for words, value in PROCEDURE_WORDS:
            if words in details:
                self.put(("tender", "procedure"), value, "tender", "procurementMethodDetails")
                self.note(f"procurementMethod {method!r} read as {value} from its details")
                return
        self.b.info.aside["procurement_method"] = method
        self.note(
            f"procurementMethod {method!r} has no exact procedure in the tender format: left out"
        )

    def value(self) -> None:
        """The estimated value: tender.value, else the value of its only lot."""
        candidates: list[tuple[DocPath, Any]] = [(("tender", "value"), self.tender.get("value"))]
        if not self.divided and self.lots:
            i, lot = self.lots[0]
            candidates.append((("tender", "lots", i, "value"), lot.get("value")))
        for member, value in candidates:
            if self.money(("tender", "estimated_value"), value, member):
                return

    def money(self, path: DocPath, value: Any, member: DocPath) -> bool:
        """Put an OCDS Value as an amount and currency; whether it was one."""
        money = _money(value)
        if money is None:
            return False
        self.b.at(path, self.r.where(*member))
        self.put((*path, "amount"), money["amount"], *member, "amount")
        self.put((*path, "currency"), money["currency"], *member, "currency")
        return True

    def duration(self) -> None:
        """The duration in months: tender.contractPeriod, else that of the first lot with one."""
        periods: list[tuple[DocPath, Any]] = [
            (("tender", "contractPeriod"), self.tender.get("contractPeriod"))
        ]
        periods += [
            (("tender", "lots", i, "contractPeriod"), lot.get("contractPeriod"))
            for i, lot in self.lots
        ]
        for member, period in periods:
            months = _months(_dict(period))
            if months:
                days = "durationInDays" in _dict(period)
                self.put(
                    ("tender", "duration_months"),
                    months,
                    *member,
                    *(("durationInDays",) if days else ()),
                )
                return

    # -- eForms extension fields: strategic, accessibility, lots --------------------------

    def strategic(self) -> None:
        """The strategic goals and codes of the lots' sustainability (OCDS for eForms)."""
        goals: dict[str, DocPath] = {}
        lists: dict[str, dict[str, DocPath]] = {}
        gpp: tuple[str, DocPath] | None = None
        for i, lot in self.lots:
            base = ("tender", "lots", i)
            if lot.get("hasSustainability") is False:
                goals.setdefault("none", (*base, "hasSustainability"))
            for j, entry in _items(lot.get("sustainability")):
                where = (*base, "sustainability", j)
                goal = _clean(entry.get("goal"))
                aim = _goal(goal)
                if aim is not None:
                    goals.setdefault(aim, (*where, "goal"))
                if goal in GOAL_CODES:
                    name, code = GOAL_CODES[goal]
                    lists.setdefault(name, {}).setdefault(code, (*where, "goal"))
                strategies = entry.get("strategies")
                for k, strategy in enumerate(strategies if isinstance(strategies, list) else []):
                    if strategy in GPP and gpp is None:
                        gpp = (GPP[strategy], (*where, "strategies", k))
        if len(goals) > 1:
            goals.pop("none", None)
        for n, (goal, member) in enumerate(goals.items()):
            self.put(("tender", "strategic", "goals", n), goal, *member)
        for name, found in lists.items():
            for n, (code, member) in enumerate(found.items()):
                self.put(("tender", "strategic", name, n), code, *member)
        if gpp is not None:
            self.put(("tender", "strategic", "gpp_criteria"), gpp[0], *gpp[1])

    def accessibility(self) -> None:
        """The accessibility code of the first lot that says (OCDS for eForms)."""
        for i, lot in self.lots:
            has = lot.get("hasAccessibilityCriteria")
            if not isinstance(has, bool):
                continue
            base = ("tender", "lots", i)
            why = self.texts.one(lot, "noAccessibilityCriteriaRationale")
            criteria = "included" if has else "not_included" if why else "not_needed"
            self.put(
                ("tender", "accessibility", "criteria"), criteria, *base, "hasAccessibilityCriteria"
            )
            if why and not has:
                self.put(("tender", "accessibility", "justification"), why[0], *base, why[1])
            return

    def lot_list(self) -> None:
        """The lots, each with its title, CPV, value and reservation; none for a single lot."""
        if not self.divided:
            if self.lots and self.reserved(self.lots[0][1]) not in (None, "none"):
                self.b.info.aside["reserved"] = self.reserved(self.lots[0][1])
            return
        seen: set[str] = set()
        for i, lot in self.lots:
            ident = self.lot_id(i, lot)
            if ident in seen:
                self.note(f"lot id {ident!r} is repeated: the repeat is left out")
                continue
            self.one_lot(("tender", "lots", len(seen)), i, lot, ident)
            seen.add(ident)

    def one_lot(self, path: DocPath, i: int, lot: dict[str, Any], ident: str) -> None:
        """One lot of a divided tender."""
        base = ("tender", "lots", i)
        self.b.at(path, self.r.where(*base))
        self.put((*path, "id"), ident, *base, *(("id",) if "id" in lot else ()))
        title = self.texts.one(lot, "title")
        self.put(
            (*path, "title"), title[0] if title else ident, *base, *((title[1],) if title else ())
        )
        for n, (code, member) in enumerate(self.classifications(str(lot.get("id")))):
            self.put((*path, "cpv", n), code, *member)
        self.money((*path, "estimated_value"), lot.get("value"), (*base, "value"))
        reserved = self.reserved(lot)
        if reserved is not None:
            self.put(
                (*path, "reserved"), reserved, *base, "otherRequirements", "reservedParticipation"
            )

    def reserved(self, lot: dict[str, Any]) -> str | None:
        """A lot's reservation (the first reserving code), none when it lists none."""
        codes_ = _dict(lot.get("otherRequirements")).get("reservedParticipation")
        if not isinstance(codes_, list):
            return None
        found = [RESERVED[c] for c in codes_ if c in RESERVED]
        return found[0] if found else "none"

    # -- award criteria -----------------------------------------------------------------

    def lot_criteria(self, base: DocPath, award: dict[str, Any]) -> list[Criterion]:
        """The criteria of an awardCriteria object (OCDS award criteria extension)."""
        scoring = self.texts.one(award, "weightingDescription")
        out = []
        for j, c in _items(award.get("criteria")):
            where = (*base, "criteria", j)
            ctype = _clean(c.get("type"))
            name = self.texts.one(c, "name")
            description = self.texts.one(c, "description")
            number, kind, number_at = None, None, None
            for k, entry in _items(c.get("numbers")):
                if entry.get("weight") in WEIGHT_KINDS and _number(entry.get("number")) is not None:
                    number, kind = _number(entry.get("number")), WEIGHT_KINDS[entry["weight"]]
                    number_at = (*where, "numbers", k, "number")
                    break
            text = description[0] if description else ""
            out.append(
                Criterion(
                    element=where,
                    ctype=ctype if ctype in ("price", "cost", "quality") else "quality",
                    name=(name[0] if name else "") or first_sentence(text) or self.label(ctype),
                    description=text,
                    scoring=scoring[0] if scoring else "",
                    number=number,
                    kind=kind,
                    number_element=number_at,
                )
            )
        return out

    def extension_criteria(self) -> list[tuple[str, list[Criterion]]]:
        """The criteria of each lot (or of the tender) that lists them, weights normalised."""
        sources: list[tuple[str, DocPath, Any]] = [
            (self.lot_id(i, lot), ("tender", "lots", i, "awardCriteria"), lot.get("awardCriteria"))
            for i, lot in self.lots
        ]
        sources.append(("", ("tender", "awardCriteria"), self.tender.get("awardCriteria")))
        found = [
            (lot, normalise(self.lot_criteria(base, award)))
            for lot, base, award in sources
            if isinstance(award, dict) and _items(award.get("criteria"))
        ]
        return [(lot, c) for lot, c in found if lot] or found

    def criteria(self) -> None:
        """The award criteria: the extension's list when given, else the core code's."""
        per_lot = self.extension_criteria()
        if not per_lot:
            self.core_criteria()
            return
        keys = {tuple(c.key() for c in found) for _, found in per_lot}
        whole = not self.divided or per_lot[0][0] == ""  # criteria of the tender, not of lots
        shared = len(keys) == 1 and (whole or len(per_lot) == len(self.lots))
        self.b.at(("award_criteria",), self.r.where(*per_lot[0][1][0].element[:-1]))
        index = 0
        for lot, found in per_lot[:1] if shared else per_lot:
            for n, c in enumerate(found, 1):
                suffix = f"{lot}-{n}" if self.divided and not shared else str(n)
                self.emit(index, c, f"AC-{suffix}", lot if self.divided and not shared else None)
                index += 1
            prefix = f"lot {lot}: " if lot else ""
            self.b.info.notes.extend(prefix + note for c in found for note in c.notes)

    def emit(self, index: int, c: Criterion, ident: str, lot: str | None) -> None:
        """One award criterion of the extension's list."""
        path: DocPath = ("award_criteria", index)
        self.b.at(path, self.r.where(*c.element))
        self.put((*path, "id"), ident, *c.element)
        self.put((*path, "name"), c.name, *c.element)
        self.put((*path, "type"), c.ctype, *c.element)
        number_at = c.number_element if c.number_element is not None else c.element
        if c.weight is not None:
            self.put((*path, "weight"), c.weight, *number_at)
        if c.rank is not None:
            self.put((*path, "rank"), c.rank, *number_at)
        if c.weight is None and c.rank is None:
            self.put((*path, "weight_stated"), False, *c.element)
        if lot is not None:
            self.put((*path, "lot"), lot, *c.element)
        if c.description and self.texts.read:
            self.put((*path, "description"), c.description, *c.element)
        if c.scoring and self.texts.read:
            self.put((*path, "scoring"), c.scoring, *c.element)

    def core_criteria(self) -> None:
        """The criteria a core awardCriteria code implies; a weight only for a sole criterion."""
        code = self.tender.get("awardCriteria")
        if not isinstance(code, str) or not code:
            if self.texts.one(self.tender, "awardCriteriaDetails"):
                self.note("the award criteria are described in words only: no criteria are read")
            return
        sole = SOLE_CRITERION.get(code) or SOLE_DEPRECATED.get(code)
        if sole is not None:
            self.core_criterion(0, sole, 100)
            if code in SOLE_DEPRECATED:
                self.note(f"the deprecated awardCriteria code {code!r} is read as price only")
        elif code in PRICE_QUALITY:
            self.core_criterion(0, "price", None)
            self.core_criterion(1, "quality", None)
            self.note(
                f"awardCriteria {code!r}: price and quality criteria, with weights the release "
                "does not give (the procurement documents should)"
            )
        else:
            self.b.info.aside["award_criteria_code"] = code
            self.note(f"awardCriteria {code!r} names no criteria: none are read")

    def label(self, ctype: str) -> str:
        """The name of a criterion of a type, in the tender's language."""
        names = CRITERION_NAMES.get(self.texts.primary or "en", CRITERION_NAMES["en"])
        return names.get(ctype, names["quality"])

    def core_criterion(self, index: int, ctype: str, weight: int | None) -> None:
        """One criterion implied by the core code, located at tender.awardCriteria."""
        path: DocPath = ("award_criteria", index)
        member = ("tender", "awardCriteria")
        self.b.at(("award_criteria",), self.r.where(*member))
        self.b.at(path, self.r.where(*member))
        self.put((*path, "id"), f"AC-{index + 1}", *member)
        self.put((*path, "name"), self.label(ctype), *member)
        self.put((*path, "type"), ctype, *member)
        if weight is not None:
            self.put((*path, "weight"), weight, *member)
        else:
            self.put((*path, "weight_stated"), False, *member)
        details = self.read_text(self.tender, "awardCriteriaDetails")
        if details and (weight is not None or ctype == "quality"):
            self.put((*path, "description"), details[0], "tender", details[1])

    def read_text(self, obj: dict[str, Any], key: str) -> tuple[str, str] | None:
        """(text, member) in the first language pplint reads, or None."""
        text = self.texts.many(obj, key)
        if text is None:
            return None
        value = text[0]
        if isinstance(value, dict):
            lang = next(iter(value))
            return value[lang], next(m for c, _, m in self.texts.each(obj, key) if c == lang)
        return value, text[1]

    # -- clauses ------------------------------------------------------------------------

    def clauses(self) -> None:
        """Clauses from the texts pplint reads: eligibility and selection criteria, exclusion
        grounds and performance terms."""
        if not self.texts.read:
            return
        eligibility = self.eligibility()
        found = eligibility + self.exclusion()
        found += self.per_lot(self.selection, "selection", "SEL", start=len(eligibility))
        found += self.per_lot(self.performance, "performance", "PERF")
        if found:
            self.b.at(("clauses",), self.r.where(*found[0]["at"]))
        for i, clause in enumerate(found):
            self.clause(i, clause)

    def clause(self, i: int, clause: Clause) -> None:
        """One clause, located at the member its text comes from."""
        path: DocPath = ("clauses", i)
        self.b.at(path, self.r.where(*clause["at"]))
        self.put((*path, "id"), clause["id"], *clause["at"])
        self.put((*path, "section"), clause["section"], *clause["at"])
        if clause.get("title"):
            self.put((*path, "title"), clause["title"], *(clause.get("title_at") or clause["at"]))
        self.put((*path, "text"), clause["text"], *clause["text_at"])
        if clause.get("lot"):
            self.put((*path, "lot"), clause["lot"], *clause["at"])

    def eligibility(self) -> list[Clause]:
        """tender.eligibilityCriteria (free text) as a selection clause."""
        text = self.texts.many(self.tender, "eligibilityCriteria")
        if text is None:
            return []
        at = ("tender", text[1])
        return [{"id": "SEL-1", "section": "selection", "text": text[0], "at": at, "text_at": at}]

    def exclusion(self) -> list[Clause]:
        """tender.exclusionGrounds (OCDS for eForms): one clause per ground, titled by its code."""
        out: list[Clause] = []
        seen: dict[str, int] = {}
        base = ("tender", "exclusionGrounds", "criteria")
        for j, ground in _items(_dict(self.tender.get("exclusionGrounds")).get("criteria")):
            code = codes.exclusion_code(_clean(ground.get("type")))
            title = codes.exclusion_title(code, self.texts.primary or "en") if code else ""
            text = self.texts.many(ground, "description")
            if text is None and not title:
                continue
            seen[code] = seen.get(code, 0) + 1
            ident = f"EXCL-{code or 'ground'}" + (f"-{seen[code]}" if seen[code] > 1 else "")
            at = (*base, j)
            out.append(
                {
                    "id": ident,
                    "section": "exclusion",
                    "title": title,
                    "title_at": (*at, "type"),
                    "text": text[0] if text else title,
                    "text_at": (*at, text[1] if text else "type"),
                    "at": at,
                }
            )
        return out

    def selection(self, i: int, lot: dict[str, Any]) -> Iterator[Clause]:
        """A lot's selection criteria (OCDS for eForms), those without text left out."""
        base = ("tender", "lots", i, "selectionCriteria", "criteria")
        for j, criterion in _items(_dict(lot.get("selectionCriteria")).get("criteria")):
            text = self.texts.many(criterion, "description")
            if text is None:
                continue
            code = _clean(criterion.get("subType")) or _clean(criterion.get("type"))
            title = codes.selection_title(code, self.texts.primary or "en") if code else ""
            at = (*base, j)
            yield {"text": text[0], "text_at": (*at, text[1]), "title": title, "at": at}

    def performance(self, i: int, lot: dict[str, Any]) -> Iterator[Clause]:
        """A lot's performance terms (OCDS for eForms), when it has a text."""
        at = ("tender", "lots", i, "contractTerms")
        text = self.texts.many(_dict(lot.get("contractTerms")), "performanceTerms")
        if text is not None:
            yield {"text": text[0], "text_at": (*at, text[1]), "at": (*at, text[1])}

    def per_lot(
        self,
        read: Callable[[int, dict[str, Any]], Iterator[Clause]],
        section: str,
        prefix: str,
        start: int = 0,
    ) -> list[Clause]:
        """The clauses of every lot, once when every lot has the same ones."""
        lots = [(self.lot_id(i, lot), list(read(i, lot))) for i, lot in self.lots]
        shared = len({tuple(repr(c["text"]) for c in found) for _, found in lots}) == 1
        out = []
        for lot, found in lots[:1] if shared else lots:
            for n, clause in enumerate(found, 1):
                suffix = f"{lot}-{n}" if self.divided and not shared else str(n + start)
                clause.update(id=f"{prefix}-{suffix}", section=section)
                if self.divided and not shared:
                    clause["lot"] = lot
                out.append(clause)
        return out

    # -- what the release shows, and what is kept aside ---------------------------------

    def places(self) -> None:
        """The places this release can show: those whose fields it has. Core OCDS has only
        award criteria and eligibility criteria; the eForms extension fields add the rest."""
        t = self.tender
        shown = set()
        if self.b.data.get("award_criteria"):
            shown.add("award")
        if any(True for _ in self.texts.each(t, "eligibilityCriteria")) or any(
            "selectionCriteria" in lot for _, lot in self.lots
        ):
            shown.add("selection")
        if "exclusionGrounds" in t:
            shown.add("exclusion")
        if any("performanceTerms" in _dict(lot.get("contractTerms")) for _, lot in self.lots):
            shown.add("performance")
        if any("hasAccessibilityCriteria" in lot for _, lot in self.lots):
            shown.add("accessibility")
        if any("hasSustainability" in lot or "sustainability" in lot for _, lot in self.lots):
            shown.add("strategic")
        criteria = self.b.data.get("award_criteria") or []
        elsewhere = set()
        if criteria and all(c.get("weight_stated") is False for c in criteria):
            elsewhere.add("award")  # criteria without weights: the documents have them
        self.b.info.carries = frozenset(shown - elsewhere)
        self.b.info.elsewhere = frozenset(elsewhere)

    def aside(self) -> None:
        """What has no tender field: the release, its awards, contracts and documents."""
        data, aside = self.r.data, self.b.info.aside
        loc, at = self.r.where()
        aside["release"] = {
            "ocid": data.get("ocid"),
            "id": data.get("id"),
            "tag": _tags(data),
            "date": data.get("date"),
            "pointer": at,
            "line": loc.line,
        }
        awards = [_summary(a, "suppliers") for _, a in _items(data.get("awards"))]
        contracts = [_summary(c, None) for _, c in _items(data.get("contracts"))]
        documents = sorted(
            {_clean(d.get("url")) for _, d in _items(self.tender.get("documents"))} - {""}
        )
        for key, value in (("awards", awards), ("contracts", contracts), ("documents", documents)):
            if value:
                aside[key] = value


def _summary(obj: dict[str, Any], parties: str | None) -> dict[str, Any]:
    """An award or contract in brief: id, status, value and (awards) supplier names."""
    out: dict[str, Any] = {"id": obj.get("id"), "status": obj.get("status")}
    money = _money(obj.get("value"))
    if money is not None:
        out["value"] = money
    if parties is not None:
        out[parties] = [_clean(p.get("name")) for _, p in _items(obj.get(parties))]
    return out
