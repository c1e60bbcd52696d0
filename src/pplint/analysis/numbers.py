"""Numbers, amounts and quantities read from folded clause text."""

from __future__ import annotations

import re
from functools import cache, lru_cache

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty-five": 45,
    "sixty": 60,
    "ninety": 90,
    "uno": 1,
    "un": 1,
    "una": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "diez": 10,
    "quince": 15,
    "veinte": 20,
    "treinta": 30,
    "sesenta": 60,
    "noventa": 90,
    "quatre": 4,
    "cinc": 5,
    "sis": 6,
    "set": 7,
    "deu": 10,
    "quinze": 15,
    "vint": 20,
    "trenta": 30,
    "seixanta": 60,
    "noranta": 90,
    "dues": 2,
}
_NUM = (
    r"(\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|"
    + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
    + r")"
)
UNITS: dict[str, str] = {
    "percent": r"(?:%|per ?cent|por ?ciento|per ?cent)",
    "days": r"(?:(?:calendar |working |business |natural(?:es|s)? |habiles )?(?:days?|dias?|dies)"
    r"(?: (?:naturales|habiles|naturals|habils|laborables|feiners))?)",
    "hours": r"(?:hours?|hrs?|h|horas?|hores?)",
    "months": r"(?:months?|mes(?:es)?|mesos)",
    "years": r"(?:years?|anos?|anys?)",
    "cycles": r"(?:(?:charge |full )?cycles?|ciclos?|cicles?)",
    "eur": r"(?:eur|euros?|€)",
}
_UNIT_PREFIX = r"(?<![\w.,])" + _NUM + r"(?:\s*\([a-z -]{1,30}\))?(?:\)?\s*|-)"


@cache  # one per unit, compiled when a rule first asks for it
def _unit_rx(unit: str) -> re.Pattern[str]:
    """3 years, 3-year, "treinta (30) dias", "14 (fourteen) calendar days"."""
    return re.compile(_UNIT_PREFIX + UNITS[unit] + r"(?![\w])")


# a number with any of the units: what some _unit_rx pattern finds, in one search
_ANY_UNIT = re.compile(_UNIT_PREFIX + "(?:" + "|".join(UNITS.values()) + r")(?![\w])")
_EUR_BEFORE = re.compile(r"(?:eur|€)\s*" + _NUM + r"(?:\s*(million|millones|milions|m)\b)?")
_EUR_AFTER = re.compile(
    r"(?<![\w.,])" + _NUM + r"\s*(million|millones|milions|m)?\s*(?:eur|euros?|€)(?![\w])"
)
# physical measures a target may be written in: mass, concentration, energy, power, sound,
# volume, area, length, emissions
_MEASURE = re.compile(
    r"(?<![\w.,])" + _NUM + r"\s*(?:mg/kg|mg/l|g/km|g/m2|mg|kg|tonnes?|toneladas?|tones|ppm|ppb|"
    r"kwh|mwh|gwh|wh|kw|mw|db|dba|litres?|liters?|litros?|m2|m3|km|cm|mm|"
    r"kg co2(?:e|eq)?|t co2(?:e|eq)?)(?![\w])"
)
_ANY_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w])")
_COMPARED = re.compile(r"(?:<=|>=|<|>|=|\u2264|\u2265)\s*\d")
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")


def parse_number(raw: str) -> float:
    """``1.500.000`` / ``1,500,000`` / ``1 500 000`` / ``2,5`` / ``thirty`` to a float."""
    raw = raw.strip()
    if raw in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[raw])
    compact = raw.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", compact):
        return float(re.sub(r"[.,]", "", compact))
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+[.,]\d+", compact):
        sep = compact[-3] if compact[-3] in ".," else compact[-2]
        whole, frac = compact.rsplit(sep, 1)
        return float(re.sub(r"[.,]", "", whole) + "." + frac)
    return float(compact.replace(",", "."))


def numbers(folded: str, unit: str) -> list[float]:
    """All quantities of one unit in a folded text."""
    if unit == "number":
        return [parse_number(m.group(0)) for m in _ANY_NUMBER.finditer(folded)]
    if unit == "eur":
        out = []
        for rx in (_EUR_BEFORE, _EUR_AFTER):
            for m in rx.finditer(folded):
                value = parse_number(m.group(1))
                if m.group(2):
                    value *= 1_000_000
                out.append(value)
        return out
    found = [parse_number(m.group(1)) for m in _unit_rx(unit).finditer(folded)]
    if unit == "days" and not found:  # a period in months only: "en el plazo de dos meses"
        found = [
            DAYS_PER_MONTH * parse_number(m.group(1)) for m in _unit_rx("months").finditer(folded)
        ]
    return found


DAYS_PER_MONTH = 30  # a period given in months, read in days where a rule's limit is in days


@lru_cache(maxsize=1024)  # rules ask of the same clause texts again and again
def has_quantity(folded: str) -> bool:
    """Whether a text states some measurable quantity: a number with a unit (of time, money,
    share or a physical measure such as mg/kg or kWh), a comparison or a date."""
    if _DATE.search(folded) or _COMPARED.search(folded):
        return True
    if _ANY_UNIT.search(folded) or _EUR_BEFORE.search(folded):
        return True
    return bool(_MEASURE.search(folded))
