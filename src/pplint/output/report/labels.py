"""The report's words for families, kinds, severities, reasons and tender fields, in en/es/ca."""

from __future__ import annotations

from pplint.core.i18n import NAMES, tr

FAMILY_LABELS = {
    "social": "Social",
    "environmental": "Environmental",
    "ethical": "Ethical supply chain",
    "digital": "Digital and privacy",
    "award": "Award criteria",
    "governance": "Governance",
    "format": "File format",
}
KIND_LABELS = {
    "missing": "Missing clause",
    "weak": "Weak clause",
    "violation": "Violation",
    "invalid": "Invalid file",
    "not-shown": "Not shown in the notice",
}
SEVERITY_LABELS = {"error": "Error", "warning": "Warning", "info": "Information"}
FIELD_LABELS = {
    "id": "Identifier",
    "buyer": "Buyer",
    "cpv": "CPV",
    "nature": "Nature",
    "procedure": "Procedure",
    "value": "Estimated value",
    "language": "Language",
    "file": "File",
    "format": "Read from",
}
PROCEDURE_LABELS = {
    "open": "Open procedure",
    "restricted": "Restricted procedure",
    "negotiated": "Negotiated procedure",
    "competitive_dialogue": "Competitive dialogue",
    "innovation_partnership": "Innovation partnership",
    "pre_commercial": "Pre-commercial procurement",
    "other": "Other procedure",
}
NATURE_LABELS = {"works": "Works", "supplies": "Supplies", "services": "Services"}
REASON_TEXTS = {
    "hedged": "The wording binds no one: it only asks or hopes (“should”, “where possible”).",
    "referral-only": "It only refers to the law or to another document instead of saying "
    "what the contractor must do.",
    "incomplete": "An element the requirement needs is absent (listed below).",
    "no-verification": "It does not say how compliance is checked (evidence, reports, audits).",
    "no-enforcement": "It does not say what happens on breach (penalty, termination, "
    "essential obligation).",
    "no-target": "It sets no measurable target (a number, a percentage, a date or a frequency).",
    "no-equivalent": "It names a label, standard or brand without accepting equivalents.",
    "below-threshold": "A figure in it falls short of the level the rule asks for.",
}


def family(lang: str, name: str) -> str:
    """A family's name."""
    return tr(lang, FAMILY_LABELS.get(name, name))


def kind(lang: str, name: str) -> str:
    """A finding kind's name."""
    return tr(lang, KIND_LABELS.get(name, name))


def severity(lang: str, name: str) -> str:
    """A severity's name."""
    return tr(lang, SEVERITY_LABELS.get(name, name))


def field(lang: str, name: str) -> str:
    """The label of a tender field in the scorecard's header."""
    return tr(lang, FIELD_LABELS[name])


def nature(lang: str, name: str | None) -> str | None:
    """A contract nature's name (unknown ones as written)."""
    return _coded(lang, name, NATURE_LABELS)


def procedure(lang: str, name: str | None) -> str | None:
    """A procedure's name (unknown ones as written)."""
    return _coded(lang, name, PROCEDURE_LABELS)


def _coded(lang: str, name: str | None, names: dict[str, str]) -> str | None:
    if name is None:
        return None
    return tr(lang, names[name]) if name in names else name


def reason(lang: str, code: str) -> str:
    """Why a clause is weak, in plain words (an unknown code as it is)."""
    return tr(lang, REASON_TEXTS[code]) if code in REASON_TEXTS else code


def language(code: str | None) -> str | None:
    """A language's own name (``español``), or the code as written."""
    if code is None:
        return None
    return NAMES.get(code, code)


def number(lang: str, value: float, decimals: int = 0) -> str:
    """A number with the language's thousands and decimal marks (900,000 / 900.000)."""
    text = f"{value:,.{decimals}f}"
    if lang in ("es", "ca"):
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text
