"""TED R2.0.9 exports (the forms F01-F25 of 2014) mapped onto the tender format, following the
notices mapping: every value put is located at the element it comes from.

A TED export holds one copy of its form per language in FORM_SECTION (the original ones and,
for some notices, translations). The structure (codes, numbers, lots, criteria) is read from one
of them, the first in a language pplint reads when there is one; clause texts are gathered from
every copy in English, Spanish or Catalan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from pplint.core.errors import LoadError
from pplint.core.model import DocPath
from pplint.load.source import SourceDoc
from pplint.notices import codes
from pplint.notices.build import Builder, NoticeInfo
from pplint.notices.texts import Texts, first_sentence
from pplint.notices.weights import Criterion, normalise
from pplint.notices.xmlsafe import XmlDoc

NAMESPACE = "http://publications.europa.eu/resource/schema/ted/R2.0.9/publication"
NS = {"t": NAMESPACE}
_TED_FAMILY = "http://publications.europa.eu/"  # other TED schema versions live under it
_FORM_TAG = re.compile(r"F(\d\d)_2014$")
_LOT_NUMBER = re.compile(r"[0-9]{1,9}")

# what each form is, before its NOTICE TYPE (F01, F04, F21-F23) says more
FORM_KINDS = {
    "F01": "planning",
    "F02": "competition",
    "F03": "result",
    "F04": "planning",
    "F05": "competition",
    "F06": "result",
    "F07": "competition",
    "F08": "planning",
    "F12": "competition",
    "F13": "result",
    "F14": "change",
    "F15": "dir-awa-pre",
    "F20": "cont-modif",
    "F21": "competition",
    "F22": "competition",
    "F23": "competition",
    "F24": "competition",
    "F25": "result",
}
NOTICE_TYPES = {  # the TYPE of <NOTICE> in F01, F04 and F21-F23
    "PRI_ONLY": "planning",
    "PER_ONLY": "planning",
    "PRI_REDUCING_TIME_LIMITS": "planning",
    "PER_REDUCING_TIME_LIMITS": "planning",
    "PRI_CALL_COMPETITION": "competition",
    "PER_CALL_COMPETITION": "competition",
    "QSU_CALL_COMPETITION": "competition",
    "QSU_ONLY": "competition",
    "CONTRACT": "competition",
    "AWARD_CONTRACT": "result",
}
# the places a form has a field for, whether or not a given notice fills it
FORM_PLACES = {
    "F02": ("performance", "selection", "award"),
    "F05": ("performance", "selection", "award"),
    "F24": ("performance", "selection", "award"),
    "F03": ("award",),
    "F06": ("award",),
    "F15": ("award",),
    "F25": ("award",),
}
CALL_PLACES = ("performance", "selection")  # F01, F04, F21-F23 when they call for competition

PROCEDURES = {
    "PT_OPEN": "open",
    "PT_RESTRICTED": "restricted",
    "PT_COMPETITIVE_NEGOTIATION": "negotiated",
    "PT_NEGOTIATED_WITH_PRIOR_CALL": "negotiated",
    "PT_INVOLVING_NEGOTIATION": "negotiated",
    "PT_NEGOTIATED_WITHOUT_PUBLICATION": "negotiated",
    "PT_AWARD_CONTRACT_WITHOUT_CALL": "negotiated",
    "PT_AWARD_CONTRACT_WITHOUT_PUBLICATION": "negotiated",
    "PT_COMPETITIVE_DIALOGUE": "competitive_dialogue",
    "PT_INNOVATION_PARTNERSHIP": "innovation_partnership",
}
RESERVED = {
    "RESTRICTED_SHELTERED_WORKSHOP": "sheltered_workshops",
    "RESTRICTED_SHELTERED_PROGRAM": "sheltered_workshops",
    "RESERVED_ORGANISATIONS_SERVICE_MISSION": "public_service_mission",
}
SELECTION = (  # LEFTI text, its minimum level, and the eForms code of the criterion it is
    ("SUITABILITY", None, "sui-act"),
    ("ECONOMIC_FINANCIAL_INFO", "ECONOMIC_FINANCIAL_MIN_LEVEL", "ef-stand"),
    ("TECHNICAL_PROFESSIONAL_INFO", "TECHNICAL_PROFESSIONAL_MIN_LEVEL", "tp-abil"),
)
CRITERIA = (("AC_QUALITY", "quality"), ("AC_COST", "cost"), ("AC_PRICE", "price"))

# a weighting that clearly is one number: "55 %", "55", "27,5%", "40 points"
_WEIGHT = re.compile(
    r"(\d{1,5}(?:[.,]\d+)?)\s*"
    r"(%|pct\.?|per ?cent|points?|pts\.?|puntos|punts|punti|punkte|pkt\.?)?",
    re.IGNORECASE,
)


def is_ted(xml: XmlDoc) -> bool:
    """Whether the document is a TED export (its root is TED_EXPORT in a TED namespace)."""
    tag = xml.root.tag
    if not isinstance(tag, str) or not tag.endswith("}TED_EXPORT"):
        return False
    return _namespace(tag).startswith(_TED_FAMILY)


def load(xml: XmlDoc) -> SourceDoc:
    """The tender a TED R2.0.9 export maps to, located in the export."""
    return _Mapper(xml).run()


def _namespace(tag: str) -> str:
    """The namespace of a qualified tag ('' when it has none)."""
    return tag[1:].split("}")[0] if tag.startswith("{") else ""


def _local(element: Any) -> str:
    """An element's tag without its namespace."""
    tag = element.tag
    return tag.split("}")[-1] if isinstance(tag, str) else ""


def _path(path: str) -> str:
    """A find() path in the TED namespace: each step prefixed."""
    return "/".join(f"t:{step}" for step in path.split("/"))


def find(element: Any, path: str) -> Any:
    """The first element at ``path`` under ``element`` (None when absent or no element)."""
    return None if element is None else element.find(_path(path), NS)


def findall(element: Any, path: str) -> list[Any]:
    """Every element at ``path`` under ``element``."""
    return [] if element is None else list(element.findall(_path(path), NS))


def _clean(text: str) -> str:
    """A text with its white space runs made single spaces."""
    return " ".join(text.split())


def text_of(element: Any) -> str:
    """An element's text: its paragraphs (<P>) joined, or its own text; '' for None."""
    if element is None:
        return ""
    paragraphs = element.findall("t:P", NS)
    if paragraphs:
        return _clean(" ".join(_clean("".join(p.itertext())) for p in paragraphs))
    return _clean("".join(element.itertext()))


def refuse(xml: XmlDoc, element: Any, message: str) -> LoadError:
    """The error for a TED export pplint cannot read."""
    loc = xml.location(element)
    return LoadError(message, xml.file, loc.line, loc.column, "FMT-NOTICE")


@dataclass(frozen=True, slots=True)
class Form:
    """One language copy of the notice's form in FORM_SECTION."""

    element: Any
    code: str  # "F02"
    lang: str  # as TED codes it: "EN", "FR"
    original: bool


def _forms(xml: XmlDoc) -> list[Form]:
    """The readable forms of the export, the original ones first; refused when there is none."""
    root = xml.root
    if _namespace(root.tag) != NAMESPACE:
        raise refuse(
            xml,
            root,
            f"a TED export in schema {_namespace(root.tag) or '(no namespace)'} is not read: "
            f"pplint reads TED R2.0.9 exports ({NAMESPACE})",
        )
    section = find(root, "FORM_SECTION")
    if section is None:
        raise refuse(xml, root, "the TED export has no FORM_SECTION: there is no form to read")
    children = [e for e in section if isinstance(e.tag, str)]
    forms = []
    for e in children:
        match = _FORM_TAG.match(_local(e))
        code = f"F{match.group(1)}" if match else ""
        if code in FORM_KINDS and find(e, "OBJECT_CONTRACT") is not None:
            original = str(e.get("CATEGORY") or "ORIGINAL").upper() == "ORIGINAL"
            forms.append(Form(e, code, str(e.get("LG") or "").upper(), original))
    if not forms:
        names = ", ".join(sorted({_local(e) for e in children})) or "nothing"
        where = children[0] if children else section
        raise refuse(
            xml,
            where,
            f"the TED export's form ({names}) is not one pplint reads: it reads the 2014 forms "
            f"{', '.join(sorted(FORM_KINDS))} (with an OBJECT_CONTRACT section)",
        )
    return [f for f in forms if f.original] + [f for f in forms if not f.original]


def _number(text: str) -> float | None:
    """A plain decimal number ('1530376.00', '27,5'), or None."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _plain(value: float) -> float:
    """A number as an int when it is whole."""
    return int(value) if value == int(value) else value


def _money(element: Any) -> dict[str, Any] | None:
    """An amount element (with CURRENCY) as the tender format's money, or None."""
    if element is None:
        return None
    amount = _number(text_of(element))
    if amount is None or amount < 0:
        return None
    currency = str(element.get("CURRENCY") or "EUR").upper()
    return {"amount": _plain(amount), "currency": currency}


def parse_weight(text: str) -> tuple[float, str] | None:
    """A weighting text as (number, unit) when it clearly is one number, unit '%', 'pt' or
    '' (bare); None for anything else ('50/50', 'as per procurement documents')."""
    match = _WEIGHT.fullmatch(text.strip())
    if match is None:
        return None
    number = _number(match.group(1))
    if number is None:
        return None
    unit = (match.group(2) or "").lower()
    if unit.startswith(("%", "pct", "per")):
        return number, "%"
    return number, "pt" if unit else ""


def _months(text: str, unit: str | None) -> float | None:
    """A DURATION in months (TYPE MONTH, DAY or YEAR), or None."""
    value = _number(text)
    if value is None or value <= 0:
        return None
    factor = {"MONTH": 1.0, "YEAR": 12.0, "DAY": 12 / 365.25}.get((unit or "MONTH").upper())
    if factor is None:
        return None
    return _plain(round(value * factor, 1)) or None


def _span_months(start: str, end: str) -> float | None:
    """The months from DATE_START to DATE_END (both days included), or None."""
    try:
        first, last = date.fromisoformat(start.strip()), date.fromisoformat(end.strip())
    except ValueError:
        return None
    days = (last - first).days + 1
    return _plain(round(days * 12 / 365.25, 1)) if days > 0 else None


@dataclass(slots=True)
class _Clause:
    """A clause found in the form: its section, title and text, and where they are."""

    section: str
    element: Any
    text: str | dict[str, str]
    text_element: Any
    title: str = ""
    title_element: Any = None


class _Mapper:
    """One export's mapping: the tender fields, the lots, the criteria and the clauses."""

    def __init__(self, xml: XmlDoc):
        self.xml = xml
        self.forms = _forms(xml)
        languages = tuple(dict.fromkeys(f.lang for f in self.forms if f.lang))
        self.texts = Texts(languages)
        in_lang: dict[str, Form] = {}
        for form in self.forms:
            lang = codes.LANGUAGES.get(form.lang)
            if lang in self.texts.read and lang is not None:
                in_lang.setdefault(lang, form)
        self.in_lang = in_lang  # the form in each language read, the tender's own first
        primary = self.texts.primary
        self.form = in_lang[primary] if primary is not None else self.forms[0]
        info = NoticeInfo("ted", self.kind(), "xpath", languages=languages, read=self.texts.read)
        root = xml.root
        self.b = Builder(xml.file, info, xml.location(root), xml.xpath(root))
        self.contract = find(self.form.element, "OBJECT_CONTRACT")
        self.lots = findall(self.contract, "OBJECT_DESCR")
        self.divided = len(self.lots) > 1
        self.lot_ids = _lot_ids(self.lots)

    # -- helpers --------------------------------------------------------------------------

    def where(self, element: Any) -> tuple[Any, str]:
        """The location and XPath of an element."""
        return self.xml.location(element), self.xml.xpath(element)

    def put(self, path: DocPath, value: Any, element: Any) -> None:
        """Put a value, located at its element when there is one."""
        self.b.put(path, value, self.where(element) if element is not None else None)

    def note(self, text: str) -> None:
        """Record what the mapping assumed or left out."""
        self.b.info.notes.append(text)

    def kind(self) -> str:
        """What the notice is, from its form and (F01, F04, F21-F23) its NOTICE TYPE."""
        notice = find(self.forms[0].element, "NOTICE")
        refined = NOTICE_TYPES.get(str(notice.get("TYPE") or "")) if notice is not None else None
        return refined or FORM_KINDS[self.forms[0].code]

    def lot_id(self, descr: Any) -> str:
        """A lot's id, unique in the notice (see ``_lot_ids``)."""
        return self.lot_ids[self.lots.index(descr)]

    def many(self, *paths: str) -> tuple[str | dict[str, str], Any]:
        """The texts at ``paths`` of every form read, joined: one string, a map for several
        languages, ("", None) when none has a text; the element is the first with a text."""
        found: dict[str, tuple[str, Any]] = {}
        for lang, form in self.in_lang.items():
            elements = [find(form.element, path) for path in paths]
            texts = [(text_of(e), e) for e in elements if text_of(e)]
            if texts:
                found[lang] = (" ".join(t for t, _ in texts), texts[0][1])
        if not found:
            return "", None
        first = next(iter(found.values()))
        if len(found) == 1:
            return first
        return {lang: text for lang, (text, _) in found.items()}, first[1]

    # -- the mapping ----------------------------------------------------------------------

    def run(self) -> SourceDoc:
        """Map the whole export."""
        self.b.at(("tender",), self.where(self.contract))
        self.identity()
        self.buyer()
        self.nature_and_cpv()
        self.procedure()
        self.value_and_duration()
        self.lot_list()
        self.criteria()
        self.clauses()
        self.aside()
        self.places()
        return self.b.doc()

    def identity(self) -> None:
        """The tender's id (REFERENCE_NUMBER, else the OJ S number), title and language."""
        root, form = self.xml.root, self.form.element
        ident = find(self.contract, "REFERENCE_NUMBER")
        if not text_of(ident):
            ident = find(root, "CODED_DATA_SECTION/NOTICE_DATA/NO_DOC_OJS")
        if text_of(ident):
            self.put(("tender", "id"), text_of(ident), ident)
        else:
            self.put(("tender", "id"), str(root.get("DOC_ID") or "(no identifier)"), root)
        title = find(self.contract, "TITLE")
        if not text_of(title):
            titles = [find(f.element, "OBJECT_CONTRACT/TITLE") for f in self.forms]
            title = next((t for t in titles if text_of(t)), title)
        self.put(("tender", "title"), text_of(title) or "(no title)", title)
        if self.texts.primary is not None:
            self.put(("tender", "language"), self.texts.primary, form)
        else:
            self.note(
                "no form is in a language pplint reads (en, es, ca): only structural checks run"
            )

    def buyer(self) -> None:
        """The contracting body: name, country (UK read as GB) and town; others kept aside."""
        body = find(self.form.element, "CONTRACTING_BODY/ADDRESS_CONTRACTING_BODY")
        others = findall(self.form.element, "CONTRACTING_BODY/ADDRESS_CONTRACTING_BODY_ADDITIONAL")
        if others:
            self.b.info.aside["other_buyers"] = [text_of(find(o, "OFFICIALNAME")) for o in others]
        if body is None:
            self.b.put(("tender", "buyer", "name"), "(buyer not named)", None)
            self.b.put(("tender", "buyer", "country"), "XX", None)
            self.note("the contracting body's address is not in the notice")
            return
        self.b.at(("tender", "buyer"), self.where(body))
        name = find(body, "OFFICIALNAME")
        self.put(("tender", "buyer", "name"), text_of(name) or "(buyer not named)", name)
        country = find(body, "COUNTRY")
        if country is None:
            country = find(self.xml.root, "CODED_DATA_SECTION/NOTICE_DATA/ISO_COUNTRY")
        value = str(country.get("VALUE") or "") if country is not None else ""
        code = codes.country(value)
        if code is None:
            self.note(f"unknown country code {value!r}")
        self.put(("tender", "buyer", "country"), code or "XX", country)
        town = find(body, "TOWN")
        if text_of(town):
            self.put(("tender", "buyer", "city"), text_of(town), town)

    def nature_and_cpv(self) -> None:
        """The main CPV code and the contract type (from the CPV when the form has none)."""
        main = find(self.contract, "CPV_MAIN/CPV_CODE")
        cpv = str(main.get("CODE") or "").strip() if main is not None else ""
        if cpv:
            self.put(("tender", "cpv", 0), cpv, main)
        else:
            self.b.put(("tender", "cpv"), ["00000000"], None)
            self.note("the notice gives no CPV code")
        ctype = find(self.contract, "TYPE_CONTRACT")
        nature = (
            codes.NATURES.get(str(ctype.get("CTYPE") or "").lower()) if ctype is not None else None
        )
        if nature is not None:
            self.put(("tender", "nature"), nature, ctype)
            return
        derived = codes.nature_of_cpv(cpv) or "services"
        self.note(f"the notice gives no contract type; {derived} is assumed from the main CPV code")
        self.put(("tender", "nature"), derived, main)

    def procedure(self) -> None:
        """The procedure, from the PT_* element of PROCEDURE."""
        for e in findall(self.form.element, "PROCEDURE/*"):
            value = PROCEDURES.get(_local(e))
            if value:
                self.put(("tender", "procedure"), value, e)
                return

    def value_and_duration(self) -> None:
        """The estimated value (of the contract, else of its only lot) and the first duration."""
        amount = find(self.contract, "VAL_ESTIMATED_TOTAL")
        money = _money(amount)
        if money is None and len(self.lots) == 1:
            amount = find(self.lots[0], "VAL_OBJECT")
            money = _money(amount)
        if money is not None:
            self.put(("tender", "estimated_value"), money, amount)
        for descr in self.lots:
            found = self.duration(descr)
            if found is not None:
                self.put(("tender", "duration_months"), found[0], found[1])
                return

    def duration(self, descr: Any) -> tuple[float, Any] | None:
        """A lot's duration in months: DURATION, else DATE_START to DATE_END."""
        e = find(descr, "DURATION")
        months = _months(text_of(e), e.get("TYPE")) if e is not None else None
        if months:
            return months, e
        start, end = find(descr, "DATE_START"), find(descr, "DATE_END")
        if start is not None and end is not None:
            months = _span_months(text_of(start), text_of(end))
            if months:
                return months, start
        return None

    def reserved(self) -> tuple[str, Any] | None:
        """The reservation LEFTI states for the whole procedure (the first, when several)."""
        found = [
            (RESERVED[_local(e)], e)
            for e in findall(self.form.element, "LEFTI/*")
            if _local(e) in RESERVED
        ]
        if len({value for value, _ in found}) > 1:
            self.b.info.aside["reserved_codes"] = [value for value, _ in found]
        return found[0] if found else None

    def lot_list(self) -> None:
        """The lots, when there are several (one lot is an undivided contract)."""
        reserved = self.reserved()
        if not self.divided:
            if reserved is not None:
                self.put(("tender", "reserved"), reserved[0], reserved[1])
            return
        main = find(self.contract, "CPV_MAIN/CPV_CODE")
        for i, descr in enumerate(self.lots):
            path: DocPath = ("tender", "lots", i)
            self.b.at(path, self.where(descr))
            number = find(descr, "LOT_NO")
            self.put((*path, "id"), self.lot_id(descr), number if number is not None else descr)
            self.lot_title(path, descr)
            cpvs = [main] + findall(descr, "CPV_ADDITIONAL/CPV_CODE")
            seen: dict[str, Any] = {}
            for e in cpvs:
                code = str(e.get("CODE") or "").strip() if e is not None else ""
                if code:
                    seen.setdefault(code, e)
            for j, (code, e) in enumerate(seen.items()):
                self.put((*path, "cpv", j), code, e)
            amount = find(descr, "VAL_OBJECT")
            money = _money(amount)
            if money is not None:
                self.put((*path, "estimated_value"), money, amount)
            if reserved is not None:
                self.put((*path, "reserved"), reserved[0], reserved[1])

    def lot_title(self, path: DocPath, descr: Any) -> None:
        """A lot's title: TITLE, else the first sentence of its description, else its number."""
        title = find(descr, "TITLE")
        if text_of(title):
            self.put((*path, "title"), text_of(title), title)
            return
        short = find(descr, "SHORT_DESCR")
        if first_sentence(text_of(short)):
            self.put((*path, "title"), first_sentence(text_of(short)), short)
            return
        number = find(descr, "LOT_NO")
        self.put((*path, "title"), f"Lot {text_of(number) or self.lot_id(descr)}", descr)

    # -- award criteria -------------------------------------------------------------------

    def lot_criteria(self, descr: Any) -> tuple[list[Criterion], list[str]]:
        """A lot's award criteria (AC), weights read from their free text, and notes."""
        ac = find(descr, "AC")
        found: list[tuple[Criterion, tuple[float, str] | None]] = []
        notes: list[str] = []
        for child in ac if ac is not None else []:
            ctype = dict(CRITERIA).get(_local(child))
            if ctype is None and _local(child) == "AC_CRITERION":
                ctype = "quality"  # a concession's criterion listed without a kind or weight
                name_el, weighting = child, None
            elif ctype is None:
                continue
            else:
                name_el, weighting = find(child, "AC_CRITERION"), find(child, "AC_WEIGHTING")
            criterion = Criterion(element=child, ctype=ctype, name=text_of(name_el) or ctype)
            criterion.number_element = weighting
            parsed = parse_weight(text_of(weighting)) if weighting is not None else None
            if weighting is not None and parsed is None and text_of(weighting):
                notes.append(
                    f"the weighting {text_of(weighting)!r} of {criterion.name!r} is not a "
                    "number: no weight is given for it"
                )
            found.append((criterion, parsed))
        _weigh(found)
        return [c for c, _ in found], notes

    def criteria(self) -> None:
        """The award criteria of every lot, once when every lot has the same ones."""
        per_lot = []
        for descr in self.lots:
            found, notes = self.lot_criteria(descr)
            lot = self.lot_id(descr)
            per_lot.append((lot, normalise(found) if found else found))
            for text in notes:
                self.note(f"lot {lot}: {text}" if self.divided else text)
        per_lot = [(lot, found) for lot, found in per_lot if found]
        if not per_lot:
            return
        keys = {tuple(c.key() for c in found) for _, found in per_lot}
        shared = len(keys) == 1 and len(per_lot) == len(self.lots)
        self.b.at(("award_criteria",), self.where(per_lot[0][1][0].element.getparent()))
        index = 0
        for lot, found in per_lot[:1] if shared else per_lot:
            for n, c in enumerate(found, 1):
                suffix = f"{lot}-{n}" if self.divided and not shared else str(n)
                self.criterion(("award_criteria", index), c, suffix, None if shared else lot)
                index += 1
            for text in (t for c in found for t in c.notes):
                self.note(f"lot {lot}: {text}" if self.divided else text)

    def criterion(self, path: DocPath, c: Criterion, suffix: str, lot: str | None) -> None:
        """Put one award criterion."""
        self.b.at(path, self.where(c.element))
        self.put((*path, "id"), f"AC-{suffix}", c.element)
        name_el = find(c.element, "AC_CRITERION")
        self.put((*path, "name"), c.name, name_el if name_el is not None else c.element)
        self.put((*path, "type"), c.ctype, c.element)
        where = c.number_element if c.number_element is not None else c.element
        if c.weight is not None:
            self.put((*path, "weight"), c.weight, where)
        else:
            self.put((*path, "weight_stated"), False, where)
        if self.divided and lot is not None:
            self.put((*path, "lot"), lot, None)

    # -- clauses --------------------------------------------------------------------------

    def clauses(self) -> None:
        """The performance conditions and selection texts of LEFTI, in the languages read."""
        if not self.texts.read:
            return  # no text pplint can read: structure only
        found = list(self.performance()) + list(self.selection())
        lefti = find(self.form.element, "LEFTI")
        if not found:
            if lefti is not None:
                self.b.at(("clauses",), self.where(lefti))
            return
        self.b.at(("clauses",), self.where(found[0].element))
        counters = {"performance": 0, "selection": 0}
        for i, clause in enumerate(found):
            counters[clause.section] += 1
            prefix = "PERF" if clause.section == "performance" else "SEL"
            path: DocPath = ("clauses", i)
            self.b.at(path, self.where(clause.element))
            self.put((*path, "id"), f"{prefix}-{counters[clause.section]}", clause.element)
            self.put((*path, "section"), clause.section, clause.element)
            if clause.title:
                self.put((*path, "title"), clause.title, clause.title_element)
            self.put((*path, "text"), clause.text, clause.text_element)

    def performance(self) -> Iterator[_Clause]:
        """The performance conditions (LEFTI/PERFORMANCE_CONDITIONS), when not empty."""
        text, element = self.many("LEFTI/PERFORMANCE_CONDITIONS")
        if text:
            yield _Clause("performance", element, text, element)

    def selection(self) -> Iterator[_Clause]:
        """The selection texts of LEFTI (each with its minimum level), the empty ones skipped."""
        for tag, minimum, code in SELECTION:
            paths = [f"LEFTI/{tag}"] + ([f"LEFTI/{minimum}"] if minimum else [])
            text, element = self.many(*paths)
            if not text:
                continue
            title = codes.selection_title(code, self.texts.primary or "en")
            yield _Clause("selection", element, text, element, title, element)

    # -- what the notice shows, and what is kept aside ------------------------------------

    def places(self) -> None:
        """The places this form can show (its type's fields, and those the notice fills),
        less those it says the procurement documents hold."""
        form, code = self.form.element, self.form.code
        carries = set(FORM_PLACES.get(code, ()))
        if code in ("F01", "F04", "F21", "F22", "F23") and self.b.info.kind == "competition":
            carries |= set(CALL_PLACES)
        if find(form, "LEFTI/PERFORMANCE_CONDITIONS") is not None:
            carries.add("performance")
        if any(find(form, f"LEFTI/{tag}") is not None for tag, _, _ in SELECTION):
            carries.add("selection")
        if any(find(d, "AC") is not None for d in self.lots):
            carries.add("award")
        elsewhere = set()
        said = any(
            find(form, f"LEFTI/{tag}") is not None
            for tag in ("ECONOMIC_CRITERIA_DOC", "TECHNICAL_CRITERIA_DOC")
        )
        if said:
            elsewhere.add("selection")
        listed = any(c.get("section") == "selection" for c in self.b.data.get("clauses") or [])
        if not listed and not said:
            carries.discard("selection")  # nothing listed and nothing said: the notice is silent
        criteria = self.b.data.get("award_criteria") or []
        if any(find(d, "AC/AC_PROCUREMENT_DOC") is not None for d in self.lots):
            elsewhere.add("award")
        if criteria and all(c.get("weight_stated") is False for c in criteria):
            elsewhere.add("award")  # criteria named without weights: the documents have them
        self.b.info.carries = frozenset(carries - elsewhere)
        self.b.info.elsewhere = frozenset(elsewhere & carries)

    def aside(self) -> None:
        """What the export says that has no tender field: its form, documents, results."""
        aside, form = self.b.info.aside, self.form.element
        aside["form"] = self.form.code
        legal = find(form, "LEGAL_BASIS")
        if legal is not None and legal.get("VALUE"):
            aside["legal_basis"] = str(legal.get("VALUE"))
        docs = sorted({text_of(e) for e in findall(form, "CONTRACTING_BODY/URL_DOCUMENT")} - {""})
        if docs:
            aside["documents"] = docs
        awards = findall(form, "AWARD_CONTRACT")
        if awards:
            aside["results"] = {
                "lot_results": len(awards),
                "awarded": sum(find(a, "AWARDED_CONTRACT") is not None for a in awards),
            }
            total = _money(find(self.contract, "VAL_TOTAL"))
            if total is not None:
                aside["results"]["total_value"] = total
        features = text_of(find(form, "PROCEDURE/MAIN_FEATURES_AWARD"))
        if features:
            aside["award_features"] = features
        if any(find(d, "AC/AC_PROCUREMENT_DOC") is not None for d in self.lots):
            self.note("the award criteria are stated only in the procurement documents")


def _lot_ids(lots: list[Any]) -> list[str]:
    """The lots' ids: LOT-<number> from LOT_NO (else the item, else the position), four digits
    when the number is numeric, a suffix when a number repeats."""
    out: list[str] = []
    for i, descr in enumerate(lots, 1):
        number = text_of(find(descr, "LOT_NO")) or str(descr.get("ITEM") or "").strip() or str(i)
        ident = f"LOT-{int(number):04d}" if _LOT_NUMBER.fullmatch(number) else f"LOT-{number}"
        base, n = ident, 1
        while ident in out:
            n += 1
            ident = f"{base}-{n}"
        out.append(ident)
    return out


def _weigh(found: list[tuple[Criterion, tuple[float, str] | None]]) -> None:
    """Set each criterion's number and its kind (percent or points) from its weighting text;
    bare numbers are percentages beside a '%' or when they sum to 100, else points. A lone
    price criterion without a weighting is the whole award (price only)."""
    if len(found) == 1 and found[0][1] is None and found[0][0].ctype == "price":
        found[0][0].number, found[0][0].kind = 100.0, "per-exa"
        found[0][0].number_element = None
        return
    units = {parsed[1] for _, parsed in found if parsed is not None}
    bare_sum = sum(parsed[0] for _, parsed in found if parsed is not None and not parsed[1])
    if "%" in units:
        bare = "per-exa"
    elif "pt" in units:
        bare = "poi-exa"
    else:
        bare = "per-exa" if abs(bare_sum - 100) < 1e-6 else "poi-exa"
    for criterion, parsed in found:
        if parsed is None:
            continue
        criterion.number = parsed[0]
        criterion.kind = {"%": "per-exa", "pt": "poi-exa"}.get(parsed[1], bare)
