"""The code lists of notices mapped onto the tender format's values (see notices-mapping)."""

from __future__ import annotations

from pplint.notices import codelists

# ISO 639-2/B (eForms, upper case) and 639-1 (TED, OCDS) -> the tender format's languages
LANGUAGES = {"ENG": "en", "SPA": "es", "CAT": "ca", "EN": "en", "ES": "es", "CA": "ca"}

PROCEDURES = {
    "open": "open",
    "restricted": "restricted",
    "neg-w-call": "negotiated",
    "neg-wo-call": "negotiated",
    "comp-dial": "competitive_dialogue",
    "innovation": "innovation_partnership",
    "oth-single": "other",
    "oth-mult": "other",
    "comp-tend": "other",
    "exp-int-rail": "other",
}

NATURES = {"works": "works", "supplies": "supplies", "services": "services"}

RESERVED = {
    "none": "none",
    "res-ws": "sheltered_workshops",
    "res-pub-ser": "public_service_mission",
}

ACCESSIBILITY = {"inc": "included", "n-inc": "not_needed", "n-inc-just": "not_included"}

GOALS = {"env-imp": "environmental", "soc-obj": "social", "inn-pur": "innovation", "none": "none"}

# BT-774 / BT-775 / BT-776 / BT-805: the tender format uses the eForms codes as they are
STRATEGIC_LISTS = {
    "environmental-impact": "environmental_impact",
    "social-objective": "social_objective",
    "innovative-acquisition": "innovative_acquisition",
}
GPP = {"eu": "eu", "national": "national", "other": "other", "none": "none"}

# exclusion grounds of notices made with eForms SDK 1.11 and older -> the current codes
OLD_EXCLUSION = {
    "bankr-nat": "exg-sitn-other",
    "bankruptcy": "exg-sitn-bankr",
    "corruption": "exg-crim-corrpt",
    "cred-arran": "exg-sitn-cred-arran",
    "crime-org": "exg-crim-part",
    "distorsion": "exg-mis-distortion",
    "envir-law": "exg-mis-bre-env-law",
    "finan-laund": "exg-crim-laund",
    "fraud": "exg-crim-fraud",
    "human-traffic": "exg-crim-traffick",
    "insolvency": "exg-sitn-insolvency",
    "labour-law": "exg-mis-bre-lab-law",
    "liq-admin": "exg-sitn-liq-admin",
    "misrepresent": "exg-mis-misrepresent",
    "nati-ground": "exg-natl",
    "partic-confl": "exg-mis-partic-confl",
    "prep-confl": "exg-mis-prep-confl",
    "prof-misconduct": "exg-mis-misconduct",
    "sanction": "exg-mis-sanction",
    "socsec-law": "exg-mis-bre-soc-law",
    "socsec-pay": "exg-pmt-bre-ssc",
    "susp-act": "exg-sitn-as-susp",
    "tax-pay": "exg-pmt-bre-tax",
    "terr-offence": "exg-crim-terror",
}

# selection criteria of SDK 1.11 and older (cbc:CriterionTypeCode)
OLD_SELECTION = {
    "sui-act": {
        "en": "Suitability to pursue the professional activity",
        "es": "Habilitación para ejercer la actividad profesional",
    },
    "ef-stand": {"en": "Economic and financial standing", "es": "Solvencia económica y financiera"},
    "tp-abil": {
        "en": "Technical and professional ability",
        "es": "Solvencia técnica o profesional",
    },
    "other": {"en": "Other selection criterion", "es": "Otro criterio de selección"},
}


def country(code: str | None) -> str | None:
    """An alpha-2 country code from an alpha-3 or alpha-2 code or an English or Spanish name."""
    if not code:
        return None
    text = code.strip()
    upper = text.upper()
    if len(upper) == 3 and upper in codelists.ALPHA3:
        return codelists.ALPHA3[upper]
    if len(upper) == 2 and upper.isalpha():
        if upper in codelists.ALPHA2_ALIASES:
            return codelists.ALPHA2_ALIASES[upper]
        if upper in set(codelists.ALPHA3.values()):
            return upper
    return codelists.NAMES.get(text.lower())


def exclusion_code(code: str) -> str:
    """The current code of an exclusion ground (an old one translated)."""
    return OLD_EXCLUSION.get(code, code)


def exclusion_title(code: str, lang: str) -> str:
    """The label of an exclusion ground in ``lang`` (English when there is none), or the code."""
    current = exclusion_code(code)
    label = codelists.EXCLUSION.get(current, {})
    return label.get(lang) or label.get("en") or code


def selection_title(code: str, lang: str) -> str:
    """The label of a selection criterion in ``lang`` (English when there is none)."""
    label = codelists.SELECTION.get(code) or OLD_SELECTION.get(code, {})
    return label.get(lang) or label.get("en") or code


def nature_of_cpv(cpv: str) -> str | None:
    """The nature a main CPV code implies (division 45 works, below 45 and 48 supplies, other
    divisions services), for notices that give none (design contests, modifications)."""
    if len(cpv) < 2 or not cpv[:2].isdigit():
        return None
    division = int(cpv[:2])
    if division == 45:
        return "works"
    if division < 45 or division == 48:
        return "supplies"
    return "services"
