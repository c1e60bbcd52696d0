"""Benchmark pplint: cold start against yamllint, throughput against PyYAML, memory, CLI imports."""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import tracemalloc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HEAVY = ("jsonschema", "rich", "jinja2")
SEED = 20260042

# --------------------------------------------------------------------------------------------
# Tender generator: realistic wording, deterministic
# --------------------------------------------------------------------------------------------

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


THEMES: list[Theme] = [
    Theme(
        "performance",
        {
            "en": "Wages under the sectoral collective agreement",
            "es": "Salarios según el convenio colectivo sectorial",
            "ca": "Salaris segons el conveni col·lectiu sectorial",
        },
        {
            "en": "The contractor {must} maintain, for the whole term of the contract and any "
            "extension, the wages and working conditions set by the applicable sectoral "
            "collective agreement for all staff assigned to the service, including staff "
            "of subcontractors.",
            "es": "La empresa contratista {must} mantener, durante toda la vigencia del contrato "
            "y sus prórrogas, las condiciones salariales y laborales del convenio colectivo "
            "sectorial de aplicación para toda la plantilla adscrita al servicio, incluida "
            "la de las empresas subcontratistas.",
            "ca": "L'empresa contractista {must} mantenir, durant tota la vigència del contracte "
            "i les seves pròrrogues, les condicions salarials i laborals del conveni "
            "col·lectiu sectorial aplicable per a tot el personal adscrit al servei, "
            "inclòs el de les empreses subcontractistes.",
        },
        {
            "en": [
                "No salary reduction may be applied during the first 12 months of the contract.",
                "The contractor shall report any change of applicable agreement within 15 days.",
            ],
            "es": [
                "No se podrá aplicar ninguna reducción salarial durante los primeros 12 meses.",
                "Cualquier cambio de convenio se comunicará en un plazo de 15 días.",
            ],
            "ca": [
                "No es podrà aplicar cap reducció salarial durant els primers 12 mesos.",
                "Qualsevol canvi de conveni es comunicarà en un termini de 15 dies.",
            ],
        },
    ),
    Theme(
        "performance",
        {
            "en": "Payment of subcontractors and suppliers",
            "es": "Pago a subcontratistas y proveedores",
            "ca": "Pagament a subcontractistes i proveïdors",
        },
        {
            "en": "The contractor {must} pay its subcontractors and suppliers within 30 days of "
            "the date on which the goods or services were delivered, and shall not agree "
            "longer payment terms in any subcontract linked to this contract.",
            "es": "La empresa contratista {must} abonar a subcontratistas y proveedores el precio "
            "pactado en un plazo máximo de 30 días desde la entrega de los bienes o la "
            "prestación del servicio, sin pactar plazos más largos en ningún subcontrato.",
            "ca": "L'empresa contractista {must} pagar a subcontractistes i proveïdors el preu "
            "pactat en un termini màxim de 30 dies des del lliurament dels béns o la "
            "prestació del servei, sense pactar terminis més llargs en cap subcontracte.",
        },
        {
            "en": [
                "A list of subcontractors, with the share of the price paid to each, is "
                "attached to every invoice."
            ],
            "es": [
                "Cada factura irá acompañada de la relación de subcontratistas y de los pagos "
                "realizados a cada uno."
            ],
            "ca": [
                "Cada factura anirà acompanyada de la relació de subcontractistes i dels "
                "pagaments fets a cadascun."
            ],
        },
    ),
    Theme(
        "performance",
        {
            "en": "Occupational health and safety",
            "es": "Seguridad y salud en el trabajo",
            "ca": "Seguretat i salut en el treball",
        },
        {
            "en": "The contractor {must} provide every worker assigned to the contract with at "
            "least 8 hours of occupational health and safety training before starting work, "
            "and keep an up-to-date risk assessment of every workplace.",
            "es": "La empresa contratista {must} impartir a cada persona trabajadora adscrita al "
            "contrato un mínimo de 8 horas de formación en prevención de riesgos laborales "
            "antes de su incorporación y mantener actualizada la evaluación de riesgos.",
            "ca": "L'empresa contractista {must} impartir a cada persona treballadora adscrita "
            "al contracte un mínim de 8 hores de formació en prevenció de riscos laborals "
            "abans de la seva incorporació i mantenir actualitzada l'avaluació de riscos.",
        },
        {
            "en": ["Accidents are reported to the contract manager within 24 hours."],
            "es": [
                "Los accidentes se comunicarán a la persona responsable del contrato en 24 horas."
            ],
            "ca": [
                "Els accidents es comunicaran a la persona responsable del contracte en 24 hores."
            ],
        },
    ),
    Theme(
        "performance",
        {
            "en": "Gender equality in the contract team",
            "es": "Igualdad de género en el equipo",
            "ca": "Igualtat de gènere a l'equip",
        },
        {
            "en": "The contractor {must} apply an equality plan to the staff assigned to the "
            "contract, with measures against sexual harassment, equal pay for work of equal "
            "value and a balanced presence of women and men in positions of responsibility.",
            "es": "La empresa contratista {must} aplicar un plan de igualdad a la plantilla "
            "adscrita al contrato, con medidas contra el acoso sexual, igualdad retributiva "
            "por trabajo de igual valor y presencia equilibrada en los puestos de "
            "responsabilidad.",
            "ca": "L'empresa contractista {must} aplicar un pla d'igualtat a la plantilla adscrita "
            "al contracte, amb mesures contra l'assetjament sexual, igualtat retributiva per "
            "treball d'igual valor i presència equilibrada als llocs de responsabilitat.",
        },
        {
            "en": ["At least 40% of the team leads shall be women by the end of the first year."],
            "es": [
                "Al menos el 40% de las personas coordinadoras serán mujeres al final del primer "
                "año."
            ],
            "ca": [
                "Com a mínim el 40% de les persones coordinadores seran dones al final del "
                "primer any."
            ],
        },
    ),
    Theme(
        "performance",
        {
            "en": "Hiring of people at risk of exclusion",
            "es": "Contratación de personas en riesgo de exclusión",
            "ca": "Contractació de persones en risc d'exclusió",
        },
        {
            "en": "The contractor {must} fill at least 10% of the new hires needed to perform the "
            "contract with long-term unemployed people or people at risk of social exclusion "
            "referred by the municipal employment services.",
            "es": "La empresa contratista {must} cubrir al menos el 10% de las nuevas "
            "contrataciones necesarias para ejecutar el contrato con personas desempleadas "
            "de larga duración o en riesgo de exclusión social derivadas por los servicios "
            "municipales de empleo.",
            "ca": "L'empresa contractista {must} cobrir com a mínim el 10% de les noves "
            "contractacions necessàries per executar el contracte amb persones aturades de "
            "llarga durada o en risc d'exclusió social derivades pels serveis municipals "
            "d'ocupació.",
        },
        {
            "en": ["The percentage is calculated on full-time equivalents over each year."],
            "es": ["El porcentaje se calcula sobre jornadas completas equivalentes en cada año."],
            "ca": ["El percentatge es calcula sobre jornades completes equivalents cada any."],
        },
    ),
    Theme(
        "specification",
        {
            "en": "Accessibility of the digital services",
            "es": "Accesibilidad de los servicios digitales",
            "ca": "Accessibilitat dels serveis digitals",
        },
        {
            "en": "All web pages, mobile applications and documents delivered under the contract "
            "{must} meet the requirements of EN 301 549 V3.2.1, which include WCAG 2.1 level "
            "AA, and be tested with users of assistive technologies before each release.",
            "es": "Todas las páginas web, aplicaciones móviles y documentos entregados {must} "
            "cumplir los requisitos de la norma EN 301 549 V3.2.1, que incluye WCAG 2.1 "
            "nivel AA, y probarse con personas usuarias de tecnologías de apoyo antes de "
            "cada versión.",
            "ca": "Totes les pàgines web, aplicacions mòbils i documents lliurats {must} complir "
            "els requisits de la norma EN 301 549 V3.2.1, que inclou WCAG 2.1 nivell AA, i "
            "provar-se amb persones usuàries de tecnologies de suport abans de cada versió.",
        },
        {
            "en": ["An accessibility statement is published and updated every 12 months."],
            "es": ["Se publicará una declaración de accesibilidad actualizada cada 12 meses."],
            "ca": ["Es publicarà una declaració d'accessibilitat actualitzada cada 12 mesos."],
        },
    ),
    Theme(
        "specification",
        {
            "en": "Energy efficiency of the hosting",
            "es": "Eficiencia energética del alojamiento",
            "ca": "Eficiència energètica de l'allotjament",
        },
        {
            "en": "The data centres used to host the services {must} have a power usage "
            "effectiveness of 1.4 or lower, measured per EN 50600-4-2, and be supplied with "
            "electricity from renewable sources with guarantees of origin or equivalent.",
            "es": "Los centros de datos que alojen los servicios {must} tener una eficacia en el "
            "uso de la energía igual o inferior a 1,4, medida según EN 50600-4-2, y "
            "abastecerse de electricidad renovable con garantías de origen o equivalente.",
            "ca": "Els centres de dades que allotgin els serveis {must} tenir una eficàcia en l'ús "
            "de l'energia igual o inferior a 1,4, mesurada segons EN 50600-4-2, i "
            "proveir-se d'electricitat renovable amb garanties d'origen o equivalent.",
        },
        {
            "en": ["Energy consumption is reported every quarter in kWh per service."],
            "es": ["El consumo energético se informará cada trimestre en kWh por servicio."],
            "ca": ["El consum energètic s'informarà cada trimestre en kWh per servei."],
        },
    ),
    Theme(
        "performance",
        {
            "en": "Low-emission vehicles",
            "es": "Vehículos de bajas emisiones",
            "ca": "Vehicles de baixes emissions",
        },
        {
            "en": "Vehicles used to perform the contract {must} be zero-emission or carry the "
            "ECO label or equivalent, and the contractor shall plan routes to reduce the "
            "kilometres driven in the city centre during peak hours.",
            "es": "Los vehículos utilizados en la ejecución del contrato {must} ser de cero "
            "emisiones o disponer de la etiqueta ECO o equivalente, y la empresa "
            "planificará las rutas para reducir los kilómetros recorridos en el centro.",
            "ca": "Els vehicles utilitzats en l'execució del contracte {must} ser de zero "
            "emissions o disposar de l'etiqueta ECO o equivalent, i l'empresa planificarà "
            "les rutes per reduir els quilòmetres recorreguts al centre.",
        },
        {
            "en": ["At least 50% of the fleet is zero-emission from month 12."],
            "es": ["Al menos el 50% de la flota será de cero emisiones a partir del mes 12."],
            "ca": ["Com a mínim el 50% de la flota serà de zero emissions a partir del mes 12."],
        },
    ),
    Theme(
        "performance",
        {"en": "Packaging and waste", "es": "Envases y residuos", "ca": "Envasos i residus"},
        {
            "en": "The contractor {must} deliver goods in reusable or recyclable packaging, take "
            "back the packaging at no cost, and hand the waste generated by the contract to "
            "authorised waste managers, separating paper, plastics and electronic waste.",
            "es": "La empresa contratista {must} entregar los bienes en envases reutilizables o "
            "reciclables, retirar los envases sin coste y entregar los residuos a gestores "
            "autorizados, separando papel, plásticos y residuos electrónicos.",
            "ca": "L'empresa contractista {must} lliurar els béns en envasos reutilitzables o "
            "reciclables, retirar els envasos sense cost i lliurar els residus a gestors "
            "autoritzats, separant paper, plàstics i residus electrònics.",
        },
        {
            "en": ["At least 80% of the waste by weight is sent to recycling every year."],
            "es": ["Al menos el 80% de los residuos en peso se destinará a reciclaje cada año."],
            "ca": ["Com a mínim el 80% dels residus en pes es destinarà a reciclatge cada any."],
        },
    ),
    Theme(
        "obligation",
        {
            "en": "Licence of the developed software",
            "es": "Licencia del software desarrollado",
            "ca": "Llicència del programari desenvolupat",
        },
        {
            "en": "All software developed under the contract {must} be released under the EUPL-1.2 "
            "licence, with its source code, build instructions and documentation published "
            "in the public repository of the buyer at the end of each sprint.",
            "es": "Todo el software desarrollado en el marco del contrato {must} publicarse bajo "
            "la licencia EUPL-1.2, con su código fuente, instrucciones de compilación y "
            "documentación en el repositorio público del órgano de contratación.",
            "ca": "Tot el programari desenvolupat en el marc del contracte {must} publicar-se sota "
            "la llicència EUPL-1.2, amb el seu codi font, instruccions de compilació i "
            "documentació al repositori públic de l'òrgan de contractació.",
        },
        {
            "en": ["Third-party components shall be under licences compatible with the EUPL."],
            "es": ["Los componentes de terceros tendrán licencias compatibles con la EUPL."],
            "ca": ["Els components de tercers tindran llicències compatibles amb l'EUPL."],
        },
    ),
    Theme(
        "obligation",
        {
            "en": "Processing of personal data",
            "es": "Tratamiento de datos personales",
            "ca": "Tractament de dades personals",
        },
        {
            "en": "The contractor {must} process personal data only on documented instructions "
            "of the buyer, under the data processing agreement annexed to the contract, and "
            "keep all data and backups in data centres located in the European Union.",
            "es": "La empresa contratista {must} tratar los datos personales solo siguiendo las "
            "instrucciones documentadas del responsable, conforme al acuerdo de encargo de "
            "tratamiento anexo, y mantener datos y copias en la Unión Europea.",
            "ca": "L'empresa contractista {must} tractar les dades personals només seguint les "
            "instruccions documentades del responsable, d'acord amb l'acord d'encàrrec de "
            "tractament annex, i mantenir dades i còpies a la Unió Europea.",
        },
        {
            "en": ["Security incidents are notified to the buyer within 24 hours."],
            "es": ["Las brechas de seguridad se notificarán al responsable en 24 horas."],
            "ca": ["Les bretxes de seguretat es notificaran al responsable en 24 hores."],
        },
    ),
    Theme(
        "performance",
        {
            "en": "Human rights in the supply chain",
            "es": "Derechos humanos en la cadena de suministro",
            "ca": "Drets humans a la cadena de subministrament",
        },
        {
            "en": "The contractor {must} ensure that the goods supplied are produced in compliance "
            "with the ILO core conventions throughout the supply chain, and carry out due "
            "diligence on its main suppliers, covering forced labour and child labour.",
            "es": "La empresa contratista {must} garantizar que los bienes suministrados se "
            "producen respetando los convenios fundamentales de la OIT en toda la cadena de "
            "suministro y aplicar diligencia debida a sus principales proveedores.",
            "ca": "L'empresa contractista {must} garantir que els béns subministrats es produeixen "
            "respectant els convenis fonamentals de l'OIT a tota la cadena de "
            "subministrament i aplicar diligència deguda als seus principals proveïdors.",
        },
        {
            "en": ["A supply chain map is delivered within 3 months of signature."],
            "es": ["Se entregará un mapa de la cadena de suministro en 3 meses desde la firma."],
            "ca": [
                "Es lliurarà un mapa de la cadena de subministrament en 3 mesos des de la "
                "signatura."
            ],
        },
    ),
    Theme(
        "exclusion",
        {
            "en": "Breaches of environmental, social or labour law",
            "es": "Incumplimientos de la normativa ambiental, social o laboral",
            "ca": "Incompliments de la normativa ambiental, social o laboral",
        },
        {
            "en": "Bidders that have been sanctioned by a final decision for a serious breach of "
            "environmental, social or labour law in the last three years {must} be excluded, "
            "unless they prove self-cleaning measures accepted by the contracting authority.",
            "es": "Las empresas licitadoras sancionadas con carácter firme por infracción grave en "
            "materia ambiental, social o laboral en los últimos tres años {must} ser "
            "excluidas, salvo que acrediten medidas de autocorrección suficientes.",
            "ca": "Les empreses licitadores sancionades amb caràcter ferm per infracció greu en "
            "matèria ambiental, social o laboral en els últims tres anys {must} ser "
            "excloses, llevat que acreditin mesures d'autocorrecció suficients.",
        },
        {
            "en": [
                "Bidders declare it in the ESPD and the authority checks the official registers."
            ],
            "es": ["Las empresas lo declaran en el DEUC y se comprueban los registros oficiales."],
            "ca": ["Les empreses ho declaren al DEUC i es comproven els registres oficials."],
        },
    ),
    Theme(
        "selection",
        {
            "en": "Technical and professional ability",
            "es": "Solvencia técnica y profesional",
            "ca": "Solvència tècnica i professional",
        },
        {
            "en": "Bidders {must} prove at least three similar services in the last three years, "
            "each worth at least 60% of the annual estimated value, and hold an environmental "
            "management system certified to ISO 14001 or equivalent.",
            "es": "Las empresas licitadoras {must} acreditar al menos tres servicios similares en "
            "los últimos tres años, cada uno por un importe mínimo del 60% del valor anual, "
            "y un sistema de gestión ambiental ISO 14001 o equivalente.",
            "ca": "Les empreses licitadores {must} acreditar com a mínim tres serveis similars en "
            "els últims tres anys, cadascun per un import mínim del 60% del valor anual, i "
            "un sistema de gestió ambiental ISO 14001 o equivalent.",
        },
        {
            "en": ["Certificates of good execution signed by the clients are attached."],
            "es": ["Se adjuntarán certificados de buena ejecución firmados por los clientes."],
            "ca": ["S'adjuntaran certificats de bona execució signats pels clients."],
        },
    ),
    Theme(
        "specification",
        {
            "en": "Functional requirements and service levels",
            "es": "Requisitos funcionales y niveles de servicio",
            "ca": "Requisits funcionals i nivells de servei",
        },
        {
            "en": "The platform {must} handle 5,000 concurrent users with a response time below "
            "2 seconds for 95% of requests, and reach a monthly availability of 99.5%, "
            "measured by the monitoring tool of the buyer.",
            "es": "La plataforma {must} atender 5.000 usuarios concurrentes con un tiempo de "
            "respuesta inferior a 2 segundos para el 95% de las peticiones y una "
            "disponibilidad mensual del 99,5%, medida por la herramienta de monitorización.",
            "ca": "La plataforma {must} atendre 5.000 usuaris concurrents amb un temps de "
            "resposta inferior a 2 segons per al 95% de les peticions i una disponibilitat "
            "mensual del 99,5%, mesurada per l'eina de monitoratge.",
        },
        {
            "en": ["Service levels are reviewed with the buyer every month."],
            "es": [
                "Los niveles de servicio se revisarán mensualmente con el órgano de contratación."
            ],
            "ca": ["Els nivells de servei es revisaran mensualment amb l'òrgan de contractació."],
        },
    ),
    Theme(
        "other",
        {
            "en": "Service to the public in the official languages",
            "es": "Atención al público en las lenguas oficiales",
            "ca": "Atenció al públic en les llengües oficials",
        },
        {
            "en": "Staff in contact with the public {must} be able to serve citizens in Catalan and "
            "Spanish, and all signs, forms and notices produced for the contract shall be "
            "available in both languages with plain wording.",
            "es": "El personal en contacto con el público {must} poder atender a la ciudadanía en "
            "catalán y castellano, y todos los rótulos, formularios y avisos estarán en "
            "ambas lenguas con un lenguaje claro.",
            "ca": "El personal en contacte amb el públic {must} poder atendre la ciutadania en "
            "català i castellà, i tots els rètols, formularis i avisos estaran en totes dues "
            "llengües amb un llenguatge planer.",
        },
        {
            "en": ["Complaints are answered within 10 working days."],
            "es": ["Las quejas se responderán en un plazo de 10 días hábiles."],
            "ca": ["Les queixes es respondran en un termini de 10 dies hàbils."],
        },
    ),
]

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


def _words(text: str) -> int:
    return len(text.split())


def _block(key: str, text: str, indent: int) -> list[str]:
    """A folded block scalar, wrapped like a person would write it."""
    pad = " " * (indent + 2)
    return [
        f"{' ' * indent}{key}: >-",
        *textwrap.wrap(text, 96 - len(pad), initial_indent=pad, subsequent_indent=pad),
    ]


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def clause_text(rng: random.Random, theme: Theme, lang: str, hedged: bool) -> str:
    """One clause in one language, 40 to 80 words, binding or hedged."""
    binding, hedges = MUST[lang]
    text = theme.text[lang].replace("{must}", rng.choice(hedges if hedged else binding))
    details = list(theme.details[lang])
    rng.shuffle(details)
    fillers = {
        "en": "The obligations of this clause also apply to any subcontractor and to any "
        "extension or modification of the contract.",
        "es": "Las obligaciones de esta cláusula se extienden a las empresas "
        "subcontratistas y a cualquier prórroga o modificación del contrato.",
        "ca": "Les obligacions d'aquesta clàusula s'estenen a les empreses "
        "subcontractistes i a qualsevol pròrroga o modificació del contracte.",
    }
    for extra in [*details, fillers[lang]]:
        if _words(text) >= 40 and rng.random() < 0.5:
            break
        if _words(text) + _words(extra) <= 80:
            text = f"{text} {extra}"
    return text


def tender_yaml(rng: random.Random, number: int, clauses: int = 40, criteria: int = 6) -> str:
    """A complete, valid tender in the pplint format."""
    lang = rng.choices(["en", "es", "ca"], weights=[4, 3, 3])[0]
    buyer, country, city = rng.choice(BUYERS)
    nature = rng.choice(["services", "services", "supplies", "works"])
    cpv = rng.sample(CPVS, rng.randint(1, 3))
    goals = rng.sample(["social", "environmental", "innovation"], rng.randint(1, 3))
    out = [
        "# Generated by bench/bench.py: a realistic tender for benchmarking pplint.",
        "pplint: 1",
        "tender:",
        f"  id: BENCH-2026-{number:04d}",
        f"  title: {_quoted(rng.choice(THEMES).title['en'] + ' and related services')}",
        "  buyer:",
        f"    name: {_quoted(buyer)}",
        f"    country: {country}",
        *([f"    city: {city}"] if city else []),
        f"  language: {lang}",
        f"  nature: {nature}",
        f"  procedure: {rng.choice(['open', 'open', 'restricted', 'negotiated'])}",
        f"  cpv: [{', '.join(_quoted(c) for c in cpv)}]",
        f"  estimated_value: {{amount: {rng.randrange(60, 4000) * 1000}, currency: EUR}}",
        f"  duration_months: {rng.choice([12, 24, 36, 48])}",
        f"  personal_data: {str(rng.random() < 0.5).lower()}",
        "  strategic:",
        f"    goals: [{', '.join(goals)}]",
        "    environmental_impact: [clim-mitig, circ-econ]",
        "    social_objective: [work-cond, gen-eq]",
        f"    gpp_criteria: {rng.choice(['eu', 'national', 'none'])}",
        "  accessibility:",
        "    criteria: included",
        "  subcontracting:",
        "    allowed: true",
        f"    max_share: {rng.choice([30, 40, 50])}",
        "award_criteria:",
    ]
    price = rng.choice([30, 35, 40, 45, 50])
    rest = 100 - price
    shares = [rng.randint(2, 6) for _ in range(criteria - 1)]
    weights = [rest * s // sum(shares) for s in shares]
    weights[0] += rest - sum(weights)
    out += [
        "  - id: AC-1",
        "    name: Price",
        "    type: price",
        f"    weight: {price}",
        f"    scoring: Linear formula, the lowest price scores {price} points",
    ]
    for i, (crit, weight) in enumerate(
        zip(rng.sample(QUALITY_CRITERIA, criteria - 1), weights, strict=True), 2
    ):
        name, description, scoring = crit
        out += [
            f"  - id: AC-{i}",
            f"    name: {_quoted(name)}",
            "    type: quality",
            f"    weight: {weight}",
            f"    description: {_quoted(description)}",
            f"    scoring: {_quoted(scoring)}",
        ]
    out.append("clauses:")
    for i in range(1, clauses + 1):
        theme = rng.choice(THEMES)
        hedged = rng.random() < 0.15
        out += [
            f"  - id: C-{i:02d}",
            f"    section: {theme.section}",
            f"    title: {_quoted(theme.title[lang])}",
        ]
        if rng.random() < 0.1:  # a bilingual clause
            other = "es" if lang != "es" else "ca"
            out.append("    text:")
            for code in (lang, other):
                out += _block(code, clause_text(rng, theme, code, hedged), 6)
        else:
            out += _block("text", clause_text(rng, theme, lang, hedged), 4)
        if rng.random() < 0.7:
            out += _block("verification", rng.choice(VERIFICATION[lang]), 4)
        if rng.random() < 0.6:
            out += _block("enforcement", rng.choice(ENFORCEMENT[lang]), 4)
        if theme.section == "performance" and rng.random() < 0.4:
            out.append("    essential: true")
    return "\n".join(out) + "\n"


def generate(folder: Path, count: int, seed: int = SEED) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for number in range(count):
        path = folder / f"tender-{number:04d}.tender.yaml"
        path.write_text(tender_yaml(rng, number), encoding="utf-8")
        paths.append(path)
    return paths


# --------------------------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------------------------


def build_engine() -> Any:
    """The rule set and engine, built once as src/pplint/runner.py does."""
    from pplint import config, options
    from pplint.engine import Engine

    setup = options.build(config.Config(), [], [], [], None, True)
    return Engine(setup.ruleset, setup.settings)


def wall(cmd: Sequence[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def cold_times(cmds: dict[str, list[str]], runs: int, cwd: Path) -> dict[str, list[float]]:
    """Fresh-process wall times, interleaved so that machine noise hits every command alike."""
    for cmd in cmds.values():  # warm the OS file cache; not counted
        wall(cmd, cwd)
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            times[name].append(wall(cmd, cwd))
    return times


def throughput(engine: Any, files: Sequence[Path], chunk: int = 50) -> tuple[float, float]:
    """Seconds to check and to CSafeLoader-parse all files, in interleaved chunks."""
    import yaml

    check_s = parse_s = 0.0
    for first in range(0, len(files), chunk):
        part = files[first : first + chunk]
        start = time.perf_counter()
        for path in part:
            engine.check_path(path)
        check_s += time.perf_counter() - start
        start = time.perf_counter()
        for path in part:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        parse_s += time.perf_counter() - start
    return check_s, parse_s


def _peak_rss_mib() -> float:
    """Peak resident memory of this program image (VmHWM; unlike ru_maxrss, reset by exec)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return float("nan")


def _sizes() -> dict[int, int]:
    """Length of every sizeable container the garbage collector tracks, by id."""
    return {
        id(o): len(o) for o in gc.get_objects() if isinstance(o, dict | list | set) and len(o) >= 50
    }


def _owner(obj: object) -> str:
    """A readable name for what holds ``obj``: Class.attribute or module.name."""
    for ref in gc.get_referrers(obj):
        if isinstance(ref, dict):
            key = next((k for k, v in ref.items() if v is obj), None)
            if key is None:
                continue
            for holder in gc.get_referrers(ref):
                if getattr(holder, "__dict__", None) is ref:
                    kind = "module" if type(holder).__name__ == "module" else "object"
                    name = getattr(holder, "__name__", type(holder).__qualname__)
                    if kind == "object":
                        name = f"{type(holder).__module__}.{type(holder).__qualname__}"
                    return f"{name}.{key}"
            return f"a dict, key {key!r}"
        attrs = getattr(ref, "__dict__", None)
        if isinstance(attrs, dict):
            key = next((k for k, v in attrs.items() if v is obj), None)
            if key is not None:
                return f"{type(ref).__module__}.{type(ref).__qualname__}.{key}"
    return "unknown holder"


def _growth(before_sizes: dict[int, int], before_types: dict[str, int], top: int = 5) -> list[str]:
    """The containers and object types that grew since the first checkpoint."""
    gc.collect()
    objects = gc.get_objects()
    grown = sorted(
        (
            (len(o) - before_sizes.get(id(o), 0), o)
            for o in objects
            if isinstance(o, dict | list | set) and len(o) >= 50
        ),
        key=lambda item: item[0],
        reverse=True,
    )[:top]
    types: dict[str, int] = {}
    for o in objects:
        name = f"{type(o).__module__}.{type(o).__qualname__}"
        types[name] = types.get(name, 0) + 1
    out = [
        f"{size:+d} entries in a {type(o).__name__} held by {_owner(o)}"
        for size, o in grown
        if size > 0
    ]
    del objects, grown
    changes = sorted(((n - before_types.get(t, 0), t) for t, n in types.items()), reverse=True)
    out += [f"{n:+d} live {t} objects" for n, t in changes[:top] if n > 0]
    return out


def memory_worker(folder: Path, count: int, trace: bool) -> dict[str, Any]:
    """In a fresh process: peak memory after count/10 and after count files, results dropped."""
    files = sorted(folder.glob("*.tender.yaml"))[:count]
    if trace:
        tracemalloc.start()
    engine = build_engine()
    engine.check_path(files[0])  # lazy imports and caches
    gc.collect()

    def sample(tag: str) -> dict[str, float]:
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        got = {f"rss_{tag}": kib / 1024, f"hwm_{tag}": _peak_rss_mib()}
        if trace:
            got[f"trace_{tag}"] = tracemalloc.get_traced_memory()[1] / 2**20
        return got

    out: dict[str, Any] = sample("setup")
    first = max(1, count // 10)
    for path in files[:first]:
        engine.check_path(path)
    out |= sample("first")
    snapshot = tracemalloc.take_snapshot() if trace else None
    sizes: dict[int, int] = {} if trace else _sizes()
    types: dict[str, int] = {}
    if not trace:
        for o in gc.get_objects():
            name = f"{type(o).__module__}.{type(o).__qualname__}"
            types[name] = types.get(name, 0) + 1
    for path in files[first:]:
        engine.check_path(path)
    out |= sample("all")
    out["first_n"] = first
    out["all_n"] = len(files)
    if snapshot is not None:
        own = [tracemalloc.Filter(False, tracemalloc.__file__)]
        diff = (
            tracemalloc.take_snapshot()
            .filter_traces(own)
            .compare_to(snapshot.filter_traces(own), "lineno")[:8]
        )
        out["sites"] = [
            f"{d.size_diff / 2**20:+7.2f} MiB {d.count_diff:+8d} blocks  "
            f"{_short(str(d.traceback[0].filename))}:{d.traceback[0].lineno}"
            for d in diff
            if d.size_diff > 0
        ]
    else:
        out["growth"] = _growth(sizes, types)
    return out


def run_memory(folder: Path, count: int, trace: bool) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--memory-worker", str(folder), "--files", str(count)]
    if trace:
        cmd.append("--trace")
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def imported_by(args: Sequence[str], cwd: Path) -> tuple[set[str], float]:
    """Top-level modules a real `python -m pplint ARGS` imports, and its pplint.cli import time."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pplint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    names: set[str] = set()
    cli_us = 0.0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = [p.strip() for p in line[len("import time:") :].split("|")]
        if not parts[0].isdigit():
            continue
        names.add(parts[2].split(".")[0])
        if parts[2] == "pplint.cli":
            cli_us = float(parts[1])
    return names, cli_us / 1e6


def imports_via_main(argv: Sequence[str]) -> list[str]:
    """Heavy modules in sys.modules after cli.main(argv) in a fresh interpreter."""
    code = (
        "import contextlib, io, json, sys\n"
        "from pplint import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        cli.main({list(argv)!r}, standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


# --------------------------------------------------------------------------------------------
# Profiling (only when an aim is missed)
# --------------------------------------------------------------------------------------------


def _short(filename: str) -> str:
    """A readable file name: pplint/..., a package path, or re/... for the standard library."""
    if "/src/pplint/" in filename:
        return "pplint/" + filename.split("/src/pplint/", 1)[1]
    if "/site-packages/" in filename:
        return filename.split("/site-packages/", 1)[1]
    return re.sub(r"^.*/lib/python3\.\d+/", "", filename)


def hot_spots(stats: pstats.Stats, top: int, key: str) -> list[str]:
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = stats.stats  # type: ignore[attr-defined]
    index = 3 if key == "cumulative" else 2
    rows = sorted(raw.items(), key=lambda item: item[1][index], reverse=True)
    lines = []
    for (filename, lineno, func), (_, calls, tottime, cumtime, _) in rows:
        if (
            filename in ("~", "<string>")
            or filename.startswith("<frozen")
            or filename.endswith(("bench.py", "cProfile.py", "profile.py"))
        ):
            continue
        lines.append(
            f"    {cumtime:8.3f}s cum {tottime:8.3f}s self {calls:>9} calls  "
            f"{_short(filename)}:{lineno}:{func}"
        )
        if len(lines) >= top:
            break
    return lines


def profile_check(engine: Any, files: Sequence[Path]) -> list[str]:
    prof = cProfile.Profile()
    prof.enable()
    for path in files:
        engine.check_path(path)
    prof.disable()
    stats = pstats.Stats(prof, stream=io.StringIO())
    return (
        [f"  in-process check of {len(files)} files, by cumulative time:"]
        + hot_spots(stats, 25, "cumulative")
        + ["  by self time:"]
        + hot_spots(stats, 15, "tottime")
    )


def profile_cold(file: Path, cwd: Path) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cold.prof"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "cProfile",
                "-o",
                str(out),
                "-m",
                "pplint",
                "check",
                str(file),
                "--format",
                "text",
            ],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        stats = pstats.Stats(str(out), stream=io.StringIO())
        lines = ["  cold `pplint check FILE --format text`, by cumulative time:"]
        lines += hot_spots(stats, 25, "cumulative")
        lines += ["  by self time:"] + hot_spots(stats, 12, "tottime")
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "pplint",
            "check",
            str(file),
            "--format",
            "text",
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    imports: list[tuple[int, str]] = []
    for line in done.stderr.splitlines():
        parts = [p.strip() for p in line[len("import time:") :].split("|")]
        if len(parts) == 3 and parts[1].isdigit():
            imports.append((int(parts[1]), parts[2]))
    top = [(us, name) for us, name in imports if "." not in name.strip()]
    top.sort(reverse=True)
    lines.append("  top-level imports by cumulative import time (-X importtime):")
    lines += [f"    {us / 1000:8.1f} ms  {name}" for us, name in top[:12]]
    return lines


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Aim:
    name: str
    measured: str
    met: bool


@dataclass(slots=True)
class Table:
    rows: list[tuple[str, str]] = field(default_factory=list)

    def add(self, label: str, value: str) -> None:
        self.rows.append((label, value))

    def section(self, title: str) -> None:
        self.rows.append((f"-- {title}", ""))

    def render(self) -> str:
        width = max(len(label) for label, _ in self.rows if not label.startswith("--"))
        return "\n".join(
            label if label.startswith("--") else f"  {label:<{width}}  {value}"
            for label, value in self.rows
        )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def spread(values: Iterable[float]) -> str:
    vals = sorted(values)
    return f"(min {vals[0] * 1000:.0f}, max {vals[-1] * 1000:.0f} ms)"


def mean_words(files: Sequence[Path]) -> tuple[float, int, int]:
    import yaml

    counts = []
    for path in files:
        data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        for clause in data["clauses"]:
            text = clause["text"]
            counts += [_words(t) for t in (text.values() if isinstance(text, dict) else [text])]
    return statistics.fmean(counts), min(counts), max(counts)


def timed(label: str, func: Callable[[], Any]) -> Any:
    print(f"... {label}", file=sys.stderr, flush=True)
    return func()


def tree_state() -> str:
    """The commit measured, and whether src/ or rules/ differ from it (read-only git calls)."""
    root = Path(__file__).resolve().parents[1]

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", "--no-optional-locks", "-C", str(root), *args],
            capture_output=True,
            text=True,
            check=False,
        )

    head = git("rev-parse", "--short", "HEAD")
    if head.returncode != 0:
        return "not a git checkout"
    dirty = git("diff", "--quiet", "HEAD", "--", "src", "rules").returncode != 0 or bool(
        git("ls-files", "--others", "--exclude-standard", "src", "rules").stdout.strip()
    )
    return f"{head.stdout.strip()}{' + uncommitted changes in src/ or rules/' if dirty else ''}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1000, help="tenders to generate (1000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per cold timing (5)")
    parser.add_argument("--quick", action="store_true", help="small numbers, for a smoke run")
    parser.add_argument("--no-profile", action="store_true", help="never profile")
    parser.add_argument("--memory-worker", metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_worker:
        print(json.dumps(memory_worker(Path(args.memory_worker), args.files, args.trace)))
        return 0
    if args.quick:
        args.files, args.runs = min(args.files, 40), min(args.runs, 2)

    import yaml

    from pplint import __version__

    aims: list[Aim] = []
    table = Table()
    with tempfile.TemporaryDirectory(prefix="pplint-bench-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        files = timed("generating tenders", lambda: generate(folder, args.files))
        gen_s = time.perf_counter() - start
        n = len(files)
        sizes = [p.stat().st_size for p in files]
        words, wmin, wmax = mean_words(files[:50])
        # Memory first, while this process is small: Linux carries ru_maxrss across exec.
        mem = timed("memory (fresh process)", lambda: run_memory(folder, n, False))
        trace = timed(
            "memory with tracemalloc (fresh process)", lambda: run_memory(folder, n, True)
        )
        engine = timed("building the rule set", build_engine)
        first = engine.check_path(files[0])
        bad = [f for f in first.findings if f.rule.startswith("FMT-")]
        if bad:
            print(f"generated tender is invalid: {bad[0].rule} {bad[0].message}", file=sys.stderr)
            return 2
        sample = files[n // 2]
        py = sys.executable

        table.section(
            f"set-up: pplint {__version__} at {tree_state()}, Python "
            f"{sys.version.split()[0]}, PyYAML {yaml.__version__} (CSafeLoader), "
            f"{os.cpu_count()} CPUs"
        )
        table.add(
            "tenders generated", f"{n} in {gen_s:.1f} s (seed {SEED}); 40 clauses, 6 criteria each"
        )
        table.add(
            "file size",
            f"mean {statistics.fmean(sizes) / 1024:.1f} KiB "
            f"(min {min(sizes) / 1024:.1f}, max {max(sizes) / 1024:.1f})",
        )
        table.add("clause text words", f"mean {words:.0f} (min {wmin}, max {wmax})")
        table.add(
            "findings in sample file",
            f"{len(first.findings)} "
            f"({sum(1 for f in first.findings if f.severity.name == 'ERROR')} errors)",
        )

        cmds = {
            "python": [py, "-c", "pass"],
            "pplint": [py, "-m", "pplint", "check", str(sample), "--format", "text"],
            "yamllint": [py, "-m", "yamllint", "-d", "relaxed", str(sample)],
            "version": [py, "-m", "pplint", "--version"],
            "help": [py, "-m", "pplint", "--help"],
        }
        cold = timed("cold subprocess timings", lambda: cold_times(cmds, args.runs, folder))
        med = {name: statistics.median(vals) for name, vals in cold.items()}
        ratio = med["pplint"] / med["yamllint"]
        table.section(f"cold start: fresh process each, median of {args.runs} interleaved runs")
        table.add("python -c pass (floor)", f"{ms(med['python'])} {spread(cold['python'])}")
        table.add(
            "pplint check FILE --format text", f"{ms(med['pplint'])} {spread(cold['pplint'])}"
        )
        table.add("yamllint -d relaxed FILE", f"{ms(med['yamllint'])} {spread(cold['yamllint'])}")
        table.add("ratio pplint / yamllint", f"{ratio:8.2f}x")
        above = (med["pplint"] - med["python"]) / max(med["yamllint"] - med["python"], 1e-9)
        table.add("ratio above the python floor", f"{above:8.2f}x")
        table.add("pplint --version", f"{ms(med['version'])} {spread(cold['version'])}")
        table.add("pplint --help", f"{ms(med['help'])} {spread(cold['help'])}")
        aims.append(Aim("cold pplint no slower than yamllint", f"{ratio:.2f}x", ratio <= 1.0))

        check_s, parse_s = timed("in-process throughput", lambda: throughput(engine, files))
        cost = check_s / parse_s
        table.section(f"throughput: one process, {n} files, rule set built once")
        table.add(
            "pplint Engine.check_path",
            f"{n / check_s:8.1f} files/s ({check_s / n * 1000:.2f} ms/file)",
        )
        table.add(
            "yaml.load CSafeLoader",
            f"{n / parse_s:8.1f} files/s ({parse_s / n * 1000:.2f} ms/file)",
        )
        table.add("check cost / parse cost", f"{cost:8.2f}x")
        aims.append(Aim("check <= 3x parse", f"{cost:.2f}x", cost <= 3.0))

        a, b = int(mem["first_n"]), int(mem["all_n"])
        table.section(f"memory: fresh process, results discarded, after {a} and {b} files")
        for tag, label in (
            ("setup", "rule set + 1 file"),
            ("first", f"{a} files"),
            ("all", f"{b} files"),
        ):
            table.add(
                f"peak RSS after {label}",
                f"{mem[f'hwm_{tag}']:8.1f} MiB VmHWM, {mem[f'rss_{tag}']:.1f} MiB ru_maxrss",
            )
        for tag, label in (
            ("setup", "rule set + 1 file"),
            ("first", f"{a} files"),
            ("all", f"{b} files"),
        ):
            table.add(f"tracemalloc peak after {label}", f"{trace[f'trace_{tag}']:8.1f} MiB")
        rss_growth = mem["hwm_all"] - mem["hwm_first"]
        tm_growth = trace["trace_all"] - trace["trace_first"]
        flat = rss_growth <= max(2.0, 0.05 * mem["hwm_first"]) and tm_growth <= max(
            1.0, 0.05 * trace["trace_first"]
        )
        aims.append(
            Aim(
                "memory flat in the number of files",
                f"+{rss_growth:.1f} MiB peak RSS, +{tm_growth:.1f} MiB traced "
                f"from {a} to {b} files"
                + (
                    ""
                    if b >= 200
                    else " (too few files to judge: bounded caches are "
                    "still filling; run without --quick)"
                ),
                flat,
            )
        )

        timed("imports of --version / --help", lambda: None)
        table.section("imports: heavy modules (jsonschema, rich, jinja2) loaded")
        light = True
        for args_ in (["--version"], ["--help"]):
            names, cli_s = imported_by(args_, folder)
            heavy = sorted(set(HEAVY) & names)
            via_main = imports_via_main(args_)
            light = light and not heavy and not via_main
            table.add(
                f"python -m pplint {args_[0]}",
                f"{', '.join(heavy) or 'none'} (pplint.cli import {cli_s * 1000:.0f} ms)",
            )
            table.add(f"cli.main([{args_[0]!r}])", ", ".join(via_main) or "none")
        names, _ = imported_by(["check", str(sample), "--format", "text"], folder)
        table.add(
            "pplint check --format text (info)", ", ".join(sorted(set(HEAVY) & names)) or "none"
        )
        aims.append(
            Aim(
                "--version / --help import no jsonschema, rich, jinja2",
                "none loaded" if light else "heavy module loaded",
                light,
            )
        )

        print()
        print(table.render())
        print("-- aims")
        for aim in aims:
            print(f"  [{'met' if aim.met else 'NOT MET':>7}]  {aim.name}: {aim.measured}")
        if not args.no_profile:
            if not aims[0].met:
                timed("profiling the cold start", lambda: None)
                print("\n-- hot spots: cold start (aim missed)")
                print("\n".join(profile_cold(sample, folder)))
            if not aims[1].met:
                timed("profiling the per-file check", lambda: None)
                print(
                    "\n-- hot spots: per-file check (aim missed; cProfile inflates "
                    "Python-heavy code)"
                )
                print("\n".join(profile_check(engine, files[: min(n, 100)])))
            if not aims[2].met:
                print(f"\n-- hot spots: memory growth from {a} to {b} files (aim missed)")
                print("  what grew (gc-tracked containers and live objects):")
                print("\n".join(f"    {line}" for line in mem.get("growth", [])))
                print("  where the growth was allocated (tracemalloc, by line):")
                print("\n".join(f"    {line}" for line in trace.get("sites", [])))
    return 0 if all(aim.met for aim in aims) else 1


if __name__ == "__main__":
    sys.exit(main())
