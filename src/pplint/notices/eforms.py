"""eForms UBL notices (competition, result, planning, change) mapped onto the tender format,
following the notices mapping: every value put is located at the element it comes from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pplint.core.errors import LoadError
from pplint.core.model import DocPath
from pplint.load.source import SourceDoc
from pplint.notices import codelists, codes
from pplint.notices.build import ALL_PLACES, Builder, NoticeInfo
from pplint.notices.texts import Texts, first_sentence
from pplint.notices.weights import Criterion, normalise
from pplint.notices.xmlsafe import XmlDoc

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
}
ROOTS = {  # root element namespace -> what the notice is, before its NoticeTypeCode says more
    "urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2": "competition",
    "urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2": "result",
    "urn:oasis:names:specification:ubl:schema:xsd:PriorInformationNotice-2": "planning",
}
EXT = "ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"
_CBC = "{" + NS["cbc"] + "}"


def is_eforms(xml: XmlDoc) -> bool:
    """Whether the document is an eForms UBL notice (by its root's namespace)."""
    return _namespace(xml.root.tag) in ROOTS


def _namespace(tag: str) -> str:
    return tag[1:].split("}")[0] if tag.startswith("{") else ""


def load(xml: XmlDoc) -> SourceDoc:
    """The tender an eForms notice maps to, located in the notice."""
    return _Mapper(xml).run()


def _text(element: Any) -> str:
    """An element's text, stripped ('' for None)."""
    if element is None or element.text is None:
        return ""
    return str(element.text).strip()


class _Mapper:
    """One notice's mapping: the tender fields, the lots, the criteria and the clauses."""

    def __init__(self, xml: XmlDoc):
        self.xml = xml
        root = xml.root
        kind = ROOTS[_namespace(root.tag)]
        type_code = root.find("cbc:NoticeTypeCode", NS)
        if type_code is not None and type_code.get("listName"):
            kind = str(type_code.get("listName"))
        notice_lang = _text(root.find("cbc:NoticeLanguageCode", NS)).upper()
        langs = {str(code).upper() for code in root.xpath("//@languageID")}
        ordered = [notice_lang] if notice_lang else []
        ordered += sorted(langs - {notice_lang})
        self.texts = Texts(ordered)
        info = NoticeInfo(
            "eforms",
            kind,
            "xpath",
            languages=tuple(ordered),
            read=self.texts.read,
        )
        self.b = Builder(xml.file, info, xml.location(root), xml.xpath(root))
        self.lots = [
            lot
            for lot in root.findall("cac:ProcurementProjectLot", NS)
            if (lot.find("cbc:ID", NS) is not None)
            and lot.find("cbc:ID", NS).get("schemeName") in ("Lot", "Part", None)
        ]
        self.groups = [
            lot
            for lot in root.findall("cac:ProcurementProjectLot", NS)
            if lot.find("cbc:ID", NS) is not None
            and lot.find("cbc:ID", NS).get("schemeName") == "LotsGroup"
        ]
        self.divided = len(self.lots) > 1

    # -- helpers --------------------------------------------------------------------------

    def where(self, element: Any) -> tuple[Any, str]:
        return self.xml.location(element), self.xml.xpath(element)

    def put(self, path: DocPath, value: Any, element: Any) -> None:
        self.b.put(path, value, self.where(element) if element is not None else None)

    def lot_id(self, lot: Any) -> str:
        return _text(lot.find("cbc:ID", NS))

    # -- the mapping ----------------------------------------------------------------------

    def run(self) -> SourceDoc:
        root = self.xml.root
        project = root.find("cac:ProcurementProject", NS)
        if project is None and self.lots:
            project = self.lots[0].find("cac:ProcurementProject", NS)
        if project is not None:
            self.b.at(("tender",), self.where(project))
        self.identity(project)
        self.buyer()
        self.nature_and_cpv(project)
        self.procedure()
        self.value_and_duration(project)
        self.strategic()
        self.lot_list()
        self.criteria()
        self.clauses()
        self.aside()
        self.sources_elsewhere()
        return self.b.doc()

    def identity(self, project: Any) -> None:
        root = self.xml.root
        ident = project.find("cbc:ID", NS) if project is not None else None
        if not _text(ident):
            ident = root.find("cbc:ContractFolderID", NS)
        if not _text(ident):
            ident = root.find("cbc:ID", NS)
        self.put(("tender", "id"), _text(ident) or "(no identifier)", ident)
        names = project.findall("cbc:Name", NS) if project is not None else []
        title = self.texts.one(names)
        self.put(("tender", "title"), title[0] or "(no title)", title[1])
        lang = self.texts.primary
        if lang is not None:
            self.put(("tender", "language"), lang, root.find("cbc:NoticeLanguageCode", NS))
        else:
            self.b.info.notes.append(
                "no text is in a language pplint reads (en, es, ca): only structural checks run"
            )

    def buyer(self) -> None:
        root = self.xml.root
        orgs: dict[str, Any] = {}
        for org in root.iterfind(f"{EXT}/efac:Organizations/efac:Organization/efac:Company", NS):
            ident = _text(org.find("cac:PartyIdentification/cbc:ID", NS))
            orgs.setdefault(ident, org)
        buyers = [
            _text(e)
            for e in root.iterfind(
                "cac:ContractingParty/cac:Party/cac:PartyIdentification/cbc:ID", NS
            )
        ]
        company = orgs.get(buyers[0]) if buyers else None
        if len(buyers) > 1:
            self.b.info.aside["other_buyers"] = [
                _text(orgs[b].find("cac:PartyName/cbc:Name", NS)) if b in orgs else b
                for b in buyers[1:]
            ]
        if company is None:
            self.b.put(("tender", "buyer", "name"), "(buyer not named)", None)
            self.b.put(("tender", "buyer", "country"), "XX", None)
            self.b.info.notes.append("the buyer's organisation is not in the notice")
            return
        name = company.find("cac:PartyName/cbc:Name", NS)
        self.put(("tender", "buyer", "name"), _text(name) or "(buyer not named)", name)
        self.b.at(("tender", "buyer"), self.where(company))
        country = company.find("cac:PostalAddress/cac:Country/cbc:IdentificationCode", NS)
        code = codes.country(_text(country))
        if code is None:
            self.b.info.notes.append(f"unknown country code {_text(country)!r}")
        self.put(("tender", "buyer", "country"), code or "XX", country)
        city = company.find("cac:PostalAddress/cbc:CityName", NS)
        if _text(city):
            self.put(("tender", "buyer", "city"), _text(city), city)

    def nature_and_cpv(self, project: Any) -> None:
        sources = [project] + [lot.find("cac:ProcurementProject", NS) for lot in self.lots]
        sources = [s for s in sources if s is not None]
        nature = None
        for source in sources:
            e = source.find("cbc:ProcurementTypeCode[@listName='contract-nature']", NS)
            if codes.NATURES.get(_text(e)):
                nature = (codes.NATURES[_text(e)], e)
                break
        cpvs: list[tuple[str, Any]] = []
        for source in sources:
            main = source.find("cac:MainCommodityClassification/cbc:ItemClassificationCode", NS)
            extra = source.findall(
                "cac:AdditionalCommodityClassification/cbc:ItemClassificationCode", NS
            )
            found = [(_text(e), e) for e in [main, *extra] if e is not None and _text(e)]
            if found:
                cpvs = found
                break
        for i, (code, element) in enumerate(dict(cpvs).items()):
            self.put(("tender", "cpv", i), code, element)
        if not cpvs:
            self.b.put(("tender", "cpv"), ["00000000"], None)
            self.b.info.notes.append("the notice gives no CPV code")
        if nature is None:
            derived = codes.nature_of_cpv(cpvs[0][0]) if cpvs else None
            self.b.info.notes.append(
                f"the notice gives no contract nature; {derived or 'services'} is assumed "
                "from the main CPV code"
            )
            self.put(("tender", "nature"), derived or "services", cpvs[0][1] if cpvs else None)
        else:
            self.put(("tender", "nature"), nature[0], nature[1])

    def procedure(self) -> None:
        e = self.xml.root.find("cac:TenderingProcess/cbc:ProcedureCode", NS)
        value = codes.PROCEDURES.get(_text(e))
        if value:
            self.put(("tender", "procedure"), value, e)

    def value_and_duration(self, project: Any) -> None:
        amount = (
            project.find("cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount", NS)
            if project is not None
            else None
        )
        money = _money(amount)
        if money is None and not self.divided and self.lots:
            amount = self.lots[0].find(
                "cac:ProcurementProject/cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount",
                NS,
            )
            money = _money(amount)
        if money is not None:
            self.put(("tender", "estimated_value"), money, amount)
        for lot in self.lots:
            e = lot.find("cac:ProcurementProject/cac:PlannedPeriod/cbc:DurationMeasure", NS)
            months = _months(_text(e), e.get("unitCode") if e is not None else None)
            if months:
                self.put(("tender", "duration_months"), months, e)
                break

    def additional_types(self) -> Iterator[tuple[str, str, Any, Any]]:
        """(list name, code, element, lot) of every ProcurementAdditionalType of the lots."""
        for lot in self.lots:
            for e in lot.iterfind(
                "cac:ProcurementProject/cac:ProcurementAdditionalType/cbc:ProcurementTypeCode", NS
            ):
                yield str(e.get("listName") or ""), _text(e), e, lot

    def strategic(self) -> None:
        goals: dict[str, Any] = {}
        lists: dict[str, dict[str, Any]] = {}
        gpp = None
        access: tuple[str, Any, Any] | None = None
        for list_name, code, e, _lot in self.additional_types():
            if list_name == "strategic-procurement" and code in codes.GOALS:
                goals.setdefault(codes.GOALS[code], e)
            elif list_name in codes.STRATEGIC_LISTS and code:
                lists.setdefault(codes.STRATEGIC_LISTS[list_name], {}).setdefault(code, e)
            elif list_name == "gpp-criteria" and code in codes.GPP and gpp is None:
                gpp = (codes.GPP[code], e)
            elif list_name == "accessibility" and code in codes.ACCESSIBILITY and access is None:
                access = (codes.ACCESSIBILITY[code], e, e.getparent())
        if len(goals) > 1:
            goals.pop("none", None)
        for i, (goal, e) in enumerate(goals.items()):
            self.put(("tender", "strategic", "goals", i), goal, e)
        for field, found in lists.items():
            for i, (code, e) in enumerate(found.items()):
                self.put(("tender", "strategic", field, i), code, e)
        if gpp is not None:
            self.put(("tender", "strategic", "gpp_criteria"), gpp[0], gpp[1])
        if access is not None:
            self.put(("tender", "accessibility", "criteria"), access[0], access[1])
            why = self.texts.one(access[2].findall("cbc:ProcurementType", NS))
            if why[0] and self.texts.read:
                self.put(("tender", "accessibility", "justification"), why[0], why[1])

    def lot_list(self) -> None:
        if not self.divided:
            if self.lots:
                reserved = self.reserved(self.lots[0])
                if reserved:
                    self.put(("tender", "reserved"), reserved[0], reserved[1])
            return
        for i, lot in enumerate(self.lots):
            path: DocPath = ("tender", "lots", i)
            ident = lot.find("cbc:ID", NS)
            self.put((*path, "id"), self.lot_id(lot), ident)
            self.b.at(path, self.where(lot))
            project = lot.find("cac:ProcurementProject", NS)
            names = project.findall("cbc:Name", NS) if project is not None else []
            title = self.texts.one(names)
            self.put((*path, "title"), title[0] or self.lot_id(lot), title[1])
            if project is not None:
                cpv = [
                    e
                    for e in project.iterfind(
                        "cac:MainCommodityClassification/cbc:ItemClassificationCode", NS
                    )
                ] + list(
                    project.iterfind(
                        "cac:AdditionalCommodityClassification/cbc:ItemClassificationCode", NS
                    )
                )
                for j, e in enumerate(e for e in cpv if _text(e)):
                    self.put((*path, "cpv", j), _text(e), e)
                amount = project.find(
                    "cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount", NS
                )
                money = _money(amount)
                if money is not None:
                    self.put((*path, "estimated_value"), money, amount)
            reserved = self.reserved(lot)
            if reserved:
                self.put((*path, "reserved"), reserved[0], reserved[1])

    def reserved(self, lot: Any) -> tuple[str, Any] | None:
        """The lot's reservation (BT-71): the first reserving code when several are given."""
        found = [
            (codes.RESERVED[_text(e)], e)
            for e in lot.iterfind(
                "cac:TenderingTerms/cac:TendererQualificationRequest/cac:SpecificTendererRequirement"
                "/cbc:TendererRequirementTypeCode[@listName='reserved-procurement']",
                NS,
            )
            if _text(e) in codes.RESERVED
        ]
        reserving = [f for f in found if f[0] != "none"]
        if len(reserving) > 1:
            self.b.info.aside.setdefault("reserved_codes", {})[self.lot_id(lot)] = [
                f[0] for f in reserving
            ]
        chosen = reserving or found
        return chosen[0] if chosen else None

    # -- award criteria -------------------------------------------------------------------

    def lot_criteria(self, lot: Any) -> list[Criterion]:
        out: list[Criterion] = []
        for awarding in lot.iterfind(
            "cac:TenderingTerms/cac:AwardingTerms/cac:AwardingCriterion", NS
        ):
            expression = self.texts.one(awarding.findall("cbc:CalculationExpression", NS))[0]
            for sub in awarding.iterfind("cac:SubordinateAwardingCriterion", NS):
                ctype = _text(sub.find("cbc:AwardingCriterionTypeCode", NS))
                name = self.texts.one(sub.findall("cbc:Name", NS))
                description = self.texts.one(sub.findall("cbc:Description", NS))
                number, kind, number_el = None, None, None
                for param in sub.iterfind(f"{EXT}/efac:AwardCriterionParameter", NS):
                    code = param.find("efbc:ParameterCode", NS)
                    if code is not None and code.get("listName") == "number-weight":
                        number_el = param.find("efbc:ParameterNumeric", NS)
                        kind = _text(code)
                        number = _number(_text(number_el))
                        break
                out.append(
                    Criterion(
                        element=sub,
                        ctype=ctype if ctype in ("price", "cost", "quality") else "quality",
                        name=name[0] or first_sentence(description[0]) or ctype or "criterion",
                        description=description[0],
                        scoring=expression,
                        number=number,
                        kind=kind,
                        number_element=number_el,
                    )
                )
        return out

    def criteria(self) -> None:
        per_lot = [(self.lot_id(lot), normalise(self.lot_criteria(lot))) for lot in self.lots]
        per_lot = [(lot, found) for lot, found in per_lot if found]
        if not per_lot:
            return
        keys = {tuple(c.key() for c in found) for _, found in per_lot}
        shared = len(keys) == 1 and len(per_lot) == len(self.lots)  # the same for every lot
        index = 0
        first = per_lot[0][1][0].element.getparent().getparent()
        self.b.at(("award_criteria",), self.where(first))
        for lot, found in per_lot[:1] if shared else per_lot:
            for n, c in enumerate(found, 1):
                path: DocPath = ("award_criteria", index)
                suffix = f"{lot}-{n}" if self.divided and not shared else str(n)
                self.b.at(path, self.where(c.element))
                self.put((*path, "id"), f"AC-{suffix}", c.element)
                self.put((*path, "name"), c.name, c.element)
                self.put((*path, "type"), c.ctype, c.element)
                where = c.number_element if c.number_element is not None else c.element
                if c.weight is not None:
                    self.put((*path, "weight"), c.weight, where)
                if c.rank is not None:
                    self.put((*path, "rank"), c.rank, where)
                if c.weight is None and c.rank is None:
                    self.put((*path, "weight_stated"), False, c.element)
                if self.divided and not shared:
                    self.put((*path, "lot"), lot, None)
                if c.description and self.texts.read:
                    self.put((*path, "description"), c.description, c.element)
                if c.scoring and self.texts.read:
                    self.put((*path, "scoring"), c.scoring, c.element)
                index += 1
            for note in (n for c in found for n in c.notes):
                self.b.info.notes.append(f"lot {lot}: {note}")

    # -- clauses --------------------------------------------------------------------------

    def clauses(self) -> None:
        if not self.texts.read:
            return  # no text pplint can read: the clauses are kept aside, not judged
        found: list[dict[str, Any]] = []
        found += self.per_lot(self.performance, "performance", "PERF")
        found += self.exclusion()
        found += self.per_lot(self.selection, "selection", "SEL")
        if not found:
            if self.lots:
                terms = self.lots[0].find("cac:TenderingTerms", NS)
                self.b.at(("clauses",), self.where(terms if terms is not None else self.lots[0]))
            return
        self.b.at(("clauses",), self.where(found[0]["element"]))
        for i, clause in enumerate(found):
            path: DocPath = ("clauses", i)
            element = clause["element"]
            self.b.at(path, self.where(element))
            self.put((*path, "id"), clause["id"], element)
            self.put((*path, "section"), clause["section"], element)
            if clause.get("title"):
                self.put((*path, "title"), clause["title"], clause.get("title_element", element))
            self.put((*path, "text"), clause["text"], clause["text_element"])
            if clause.get("lot"):
                self.put((*path, "lot"), clause["lot"], None)

    def per_lot(self, read: Any, section: str, prefix: str) -> list[dict[str, Any]]:
        """The clauses of every lot, once when every lot has the same ones."""
        lots = [(self.lot_id(lot), list(read(lot))) for lot in self.lots]
        texts = {tuple(repr(c["text"]) for c in found) for _, found in lots}
        shared = len(texts) == 1
        out = []
        for lot, found in lots[:1] if shared else lots:
            for n, clause in enumerate(found, 1):
                suffix = f"{lot}-{n}" if self.divided and not shared else str(n)
                clause.update(id=f"{prefix}-{suffix}", section=section)
                if self.divided and not shared:
                    clause["lot"] = lot
                out.append(clause)
        return out

    def performance(self, lot: Any) -> Iterator[dict[str, Any]]:
        """The lot's performance terms (BT-70), empty ones skipped."""
        for req in lot.iterfind("cac:TenderingTerms/cac:ContractExecutionRequirement", NS):
            code = req.find("cbc:ExecutionRequirementCode", NS)
            if code is None or code.get("listName") != "conditions":
                continue
            text = self.texts.many(req.findall("cbc:Description", NS))
            if text[0]:
                yield {"element": req, "text": text[0], "text_element": text[1]}

    def selection(self, lot: Any) -> Iterator[dict[str, Any]]:
        """The lot's selection criteria (BT-809 code, BT-750 text), those without text skipped."""
        for sel in lot.iterfind(f"cac:TenderingTerms/{EXT}/efac:SelectionCriteria", NS):
            code = sel.find("cbc:TendererRequirementTypeCode", NS)
            if code is None:
                code = sel.find("cbc:CriterionTypeCode", NS)
            text = self.texts.many(sel.findall("cbc:Description", NS))
            if not text[0]:
                continue
            title = codes.selection_title(_text(code), self.texts.primary or "en")
            if _text(code):
                title = f"{title} ({_text(code)})"
            yield {
                "element": sel,
                "text": text[0],
                "text_element": text[1],
                "title": title,
                "title_element": code if code is not None else sel,
            }

    def exclusion(self) -> list[dict[str, Any]]:
        """The procedure's exclusion grounds (BT-67): the code's label when there is no text."""
        out: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        for req in self.xml.root.iterfind(
            "cac:TenderingTerms/cac:TendererQualificationRequest/cac:SpecificTendererRequirement",
            NS,
        ):
            code = req.find("cbc:TendererRequirementTypeCode", NS)
            if code is None or code.get("listName") != "exclusion-ground":
                continue
            current = codes.exclusion_code(_text(code))
            title = f"{codes.exclusion_title(current, self.texts.primary or 'en')} ({current})"
            text = self.texts.many(req.findall("cbc:Description", NS))
            seen[current] = seen.get(current, 0) + 1
            ident = f"EXCL-{current}" + (f"-{seen[current]}" if seen[current] > 1 else "")
            out.append(
                {
                    "element": req,
                    "id": ident,
                    "section": "exclusion",
                    "title": title,
                    "title_element": code,
                    "text": text[0] or codes.exclusion_title(current, self.texts.primary or "en"),
                    "text_element": text[1] if text[0] else code,
                }
            )
        return out

    def sources_elsewhere(self) -> None:
        """The places this notice can show: those its subtype allows (fields.json), less the
        grounds and criteria it says are in the procurement documents (BT-806, BT-821: in
        current notices they may be listed only when the source is the notice itself), less
        award criteria listed without any weight."""
        subtype = self.b.info.aside.get("notice_subtype")
        carries = {
            place
            for place in ALL_PLACES
            if subtype is None or subtype not in codelists.FORBIDDEN_IN.get(place, ())
        }
        elsewhere = set()
        sections = self.b.data.get("clauses") or []
        for list_name, section in (
            ("exclusion-grounds-source", "exclusion"),
            ("selection-criteria-source", "selection"),
        ):
            sources = {
                _text(e)
                for e in self.xml.root.iter(f"{_CBC}TendererRequirementTypeCode")
                if e.get("listName") == list_name
            }
            listed = any(c.get("section") == section for c in sections)
            if "epo-procurement-document" in sources:
                elsewhere.add(section)
            if "epo-notice" not in sources and not listed:
                carries.discard(section)  # not listed and not said to be: the notice is silent
        criteria = self.b.data.get("award_criteria") or []
        if criteria and all(c.get("weight_stated") is False for c in criteria):
            elsewhere.add("award")  # criteria named without weights: the documents have them
        self.b.info.carries = frozenset(carries - elsewhere)
        self.b.info.elsewhere = frozenset(elsewhere)

    # -- kept aside -----------------------------------------------------------------------

    def aside(self) -> None:
        root, aside = self.xml.root, self.b.info.aside
        subtype = root.find(f"{EXT}/efac:NoticeSubType/cbc:SubTypeCode", NS)
        if _text(subtype):
            aside["notice_subtype"] = _text(subtype)
        docs = sorted(
            {
                _text(e)
                for e in root.iterfind(
                    "cac:ProcurementProjectLot/cac:TenderingTerms/cac:CallForTendersDocumentReference"
                    "/cac:Attachment/cac:ExternalReference/cbc:URI",
                    NS,
                )
                if _text(e)
            }
        )
        if docs:
            aside["documents"] = docs
        results = list(root.iterfind(f"{EXT}/efac:NoticeResult", NS))
        if results:
            lots = results[0].findall("efac:LotResult", NS)
            aside["results"] = {"lot_results": len(lots)}
        if self.groups:
            aside["lot_groups"] = [self.lot_id(g) for g in self.groups]
        strategic = [
            e
            for lot in self.lots
            for e in lot.iterfind(
                "cac:ProcurementProject/cac:ProcurementAdditionalType/cbc:ProcurementType", NS
            )
            if e.getparent().find("cbc:ProcurementTypeCode", NS) is not None
            and e.getparent().find("cbc:ProcurementTypeCode", NS).get("listName")
            == "strategic-procurement"
        ]
        if strategic:
            aside["strategic_description"] = self.texts.one(strategic)[0]


def _money(element: Any) -> dict[str, Any] | None:
    amount = _number(_text(element))
    if amount is None or amount < 0:
        return None
    currency = str(element.get("currencyID") or "EUR").upper()
    return {"amount": int(amount) if amount == int(amount) else amount, "currency": currency}


MAX_NUMBER = 1e15  # larger amounts, weights or durations are not real: left out


def _number(text: str) -> float | None:
    """A finite number of plausible size, or None."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) <= MAX_NUMBER else None


def _months(text: str, unit: str | None) -> float | None:
    value = _number(text)
    if value is None or value <= 0:
        return None
    factor = {"MONTH": 1.0, "YEAR": 12.0, "DAY": 12 / 365.25, "WEEK": 12 / 52.18}.get(
        (unit or "MONTH").upper()
    )
    if factor is None:
        return None
    months = round(value * factor, 1)
    return int(months) if months == int(months) else months


def refuse(xml: XmlDoc, message: str) -> LoadError:
    """The error for an XML document that is not a notice pplint reads."""
    loc = xml.location(xml.root)
    return LoadError(message, xml.file, loc.line, loc.column, "FMT-NOTICE")
