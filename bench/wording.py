"""The wording tenders are made of: obligations, verification, penalties, criteria, buyers."""

from __future__ import annotations

from dataclasses import dataclass

# How a clause states its obligation: binding most of the time, hedged now and then.
MUST: dict[str, tuple[list[str], list[str]]] = {
    "en": (
        ["shall", "shall", "must"],
        ["should, where possible,", "shall endeavour to", "may, where appropriate,"],
    ),
    "es": (
        ["deberá", "deberá", "estará obligado a"],
        ["procurará, en la medida de lo posible,", "podrá, cuando proceda,"],
    ),
    "ca": (
        ["haurà de", "haurà de", "està obligat a"],
        ["procurarà, en la mesura del possible,", "podrà, si escau,"],
    ),
}


@dataclass(frozen=True, slots=True)
class Theme:
    """One kind of clause, in three languages: title, text (with {must}) and extra sentences."""

    section: str
    title: dict[str, str]
    text: dict[str, str]
    details: dict[str, list[str]]


VERIFICATION: dict[str, list[str]] = {
    "en": [
        "Monthly payroll records and social-security contribution lists, sent to the "
        "contract manager every quarter.",
        "Annual audit report by an independent body, delivered with the last invoice of each year.",
        "Quarterly report with the indicators above; the buyer may carry out on-site "
        "inspections at any time.",
    ],
    "es": [
        "Nóminas y documentos de cotización a la Seguridad Social, entregados a la persona "
        "responsable del contrato cada trimestre.",
        "Informe anual de auditoría de una entidad independiente.",
    ],
    "ca": [
        "Nòmines i documents de cotització a la Seguretat Social, lliurats a la persona "
        "responsable del contracte cada trimestre.",
        "Informe anual d'auditoria d'una entitat independent.",
    ],
}
ENFORCEMENT: dict[str, list[str]] = {
    "en": [
        "Breach is a very serious fault; penalty of 5% of the annual price per breach.",
        "Each breach is penalised with 1% of the contract price, up to 10% in total.",
        "Repeated breach is a ground for termination of the contract.",
    ],
    "es": [
        "El incumplimiento es falta muy grave, con una penalidad del 5% del precio anual.",
        "Cada incumplimiento se penalizará con el 1% del precio, hasta el 10% del total.",
    ],
    "ca": [
        "L'incompliment és falta molt greu, amb una penalitat del 5% del preu anual.",
        "Cada incompliment es penalitzarà amb l'1% del preu, fins al 10% del total.",
    ],
}
QUALITY_CRITERIA: list[tuple[str, str, str]] = [
    (
        "Technical proposal and work methodology",
        "Quality of the methodology, the work plan and the risk analysis",
        "Up to the full weight by a panel of three experts, using the published scale",
    ),
    (
        "Energy performance of the hosting",
        "Power usage effectiveness of the data centre, measured per EN 50600-4-2",
        "Full weight for PUE <= 1.3, half for PUE <= 1.5, 0 otherwise",
    ),
    (
        "Stable employment of the contract staff",
        "Percentage of the contract staff on permanent contracts",
        "1 point per 5% of staff on permanent contracts, up to the full weight",
    ),
    (
        "Hiring of people at risk of exclusion",
        "Percentage of the contract staff hired from long-term unemployed people",
        "3 points per 1% of contract staff, up to the full weight",
    ),
    (
        "Reduction of delivery emissions",
        "Share of deliveries made with zero-emission vehicles",
        "Proportional to the share offered; 100% scores the full weight",
    ),
    (
        "Extended warranty and spare parts",
        "Years of warranty and availability of spare parts beyond the minimum of 2 years",
        "Half of the weight per additional year, up to the full weight",
    ),
    (
        "Training of the buyer's staff",
        "Hours of training in the use of the platform for the buyer's staff",
        "Linear, 40 hours or more score the full weight",
    ),
]
CPVS = [
    "72212000",
    "72267000",
    "90910000",
    "45214200",
    "30213100",
    "79341000",
    "55520000",
    "90500000",
    "71240000",
    "48000000",
]
BUYERS = [
    ("Institut Municipal d'Informàtica", "ES", "Barcelona"),
    ("Ayuntamiento de Zaragoza", "ES", "Zaragoza"),
    ("Consorci d'Educació de Barcelona", "ES", "Barcelona"),
    ("Diputación Provincial de Sevilla", "ES", None),
    ("Ville de Lyon", "FR", "Lyon"),
    ("City of Amsterdam", "NL", "Amsterdam"),
]
