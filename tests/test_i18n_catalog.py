"""The catalogues of code-side texts (checks.yaml, formats.yaml): well formed, complete, and
translating real English output as written."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import pytest
import yaml

from pplint.core import i18n

FILES = ("checks.yaml", "formats.yaml")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class _UniqueKeys(yaml.SafeLoader):
    """The safe loader, refusing a mapping that repeats a key (plain YAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


def _text(name: str) -> str:
    return (resources.files("pplint.core") / "catalog" / name).read_text(encoding="utf-8")


def _load(name: str) -> dict[str, Any]:
    data = yaml.load(_text(name), Loader=_UniqueKeys)  # noqa: S506 - a safe loader
    assert isinstance(data, dict)
    return data


def _flat(text: str) -> str:
    return " ".join(text.split())


ENTRIES = [(name, english, local) for name in FILES for english, local in _load(name).items()]


@pytest.mark.parametrize(("name", "english", "local"), ENTRIES, ids=lambda v: str(v)[:60])
def test_entry_is_complete(name: str, english: str, local: Any) -> None:
    assert isinstance(english, str) and english.strip()
    assert isinstance(local, dict) and set(local) == {"es", "ca"}, f"{name}: {english}"
    names = sorted(PLACEHOLDER.findall(english))
    for lang in ("es", "ca"):
        text = local[lang]
        assert isinstance(text, str) and text.strip(), f"{name} {lang}: {english}"
        assert sorted(PLACEHOLDER.findall(text)) == names, f"{name} {lang}: {english}"
    assert PLACEHOLDER.sub("", english).strip(), f"{name}: a template of placeholders only"


def test_no_key_twice_across_catalogues() -> None:
    """A key of these files in another catalogue file would silently replace the other."""
    seen: dict[str, str] = {}
    folder = resources.files("pplint.core") / "catalog"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        for english in yaml.load(entry.read_text(encoding="utf-8"), Loader=_UniqueKeys) or {}:
            key = _flat(str(english))
            if entry.name in FILES or seen.get(key) in FILES:
                assert key not in seen, f"{key!r} is in {seen[key]} and {entry.name}"
            seen.setdefault(key, entry.name)


@pytest.mark.parametrize(("name", "english", "local"), ENTRIES, ids=lambda v: str(v)[:60])
def test_template_reads_its_own_text(name: str, english: str, local: Any) -> None:
    """A text made from a template is matched by that template, not by a more literal one."""
    key = _flat(english)
    sample = PLACEHOLDER.sub(lambda m: f"Q{m.group(1)}Q", key)
    found = i18n._match(sample)
    assert found is not None and found[0].english == key, (key, found and found[0].english)


# English texts as pplint writes them (from the corpora, the hostile files and the rule
# examples), with their exact translations
REAL = [
    (
        "non-binding wording “should”; non-binding wording “where possible”",
        "expresión no vinculante «should»; expresión no vinculante «where possible»",
        "expressió no vinculant «should»; expressió no vinculant «where possible»",
    ),
    (
        "no means of verification (evidence, reports, audits); Los accidentes no se comunican.",
        "sin medios de verificación (pruebas, informes, auditorías); Los accidentes no se "
        "comunican.",
        "sense mitjans de verificació (proves, informes, auditories); Los accidentes no se "
        "comunican.",
    ),
    (
        "It lacks: a share of organic food. Also read, on the same topic: C-FL2.",
        "No incluye: a share of organic food. También se han leído, sobre el mismo tema: C-FL2.",
        "No inclou: a share of organic food. També s'han llegit, sobre el mateix tema: C-FL2.",
    ),
    (
        "The topic appears only in C-04 (specification clause), C-05 (specification clause), "
        "which does not count here.",
        "El tema solo aparece en C-04 (cláusula de prescripciones técnicas), C-05 (cláusula de "
        "prescripciones técnicas), que aquí no cuentan.",
        "El tema només apareix a C-04 (clàusula de prescripcions tècniques), C-05 (clàusula de "
        "prescripcions tècniques), que aquí no compten.",
    ),
    (
        "24 months is below the minimum of 36 months",
        "24 meses, por debajo del mínimo de 36 meses",
        "24 mesos, per sota del mínim de 36 mesos",
    ),
    (
        "“eu ecolabel” is required without “or equivalent”",
        "se exige «eu ecolabel» sin «o equivalente»",
        "s'exigeix «eu ecolabel» sense «o equivalent»",
    ),
    (
        "criteria B2-1, B2-2 weigh 6%, under the minimum of 10%",
        "los criterios B2-1, B2-2 ponderan un 6 %, por debajo del mínimo del 10 %",
        "els criteris B2-1, B2-2 ponderen un 6 %, per sota del mínim del 10 %",
    ),
    (
        "Prohibición de contratar: not judged, because the notice does not show award criteria "
        "(it says the procurement documents hold them) or exclusion grounds or technical "
        "specifications. Check the tender documents (the notice links them), or lint the tender "
        "itself.",
        "Prohibición de contratar: no se ha evaluado, porque el anuncio no muestra criterios de "
        "adjudicación (indica que figuran en los pliegos de la contratación) ni causas de "
        "exclusión ni prescripciones técnicas. Consulte los documentos de la licitación (el "
        "anuncio da el enlace) o analice la propia licitación.",
        "Prohibición de contratar: no s'ha avaluat, perquè l'anunci no mostra criteris "
        "d'adjudicació (indica que figuren als plecs de la contractació) ni causes d'exclusió ni "
        "prescripcions tècniques. Consulteu els documents de la licitació (l'anunci en dona "
        "l'enllaç) o analitzeu la licitació mateixa.",
    ),
    (
        "tender.cpv[0]: '123' is not a CPV code (8 digits, optionally a check digit as in "
        "72212000-4)",
        "tender.cpv[0]: '123' no es un código CPV (8 dígitos y, opcionalmente, un dígito de "
        "control, como en 72212000-4)",
        "tender.cpv[0]: '123' no és un codi CPV (8 dígits i, opcionalment, un dígit de control, "
        "com a 72212000-4)",
    ),
    (
        "award_criteria[1].weight: 'fifty' is not a number",
        "award_criteria[1].weight: 'fifty' no es un número",
        "award_criteria[1].weight: 'fifty' no és un nombre",
    ),
    (
        "title: unknown field `title` (expected one of: award_criteria, clauses, pplint, source, "
        "tender, waivers)",
        "title: campo desconocido `title` (se esperaba uno de estos: award_criteria, clauses, "
        "pplint, source, tender, waivers)",
        "title: camp desconegut `title` (s'esperava un d'aquests: award_criteria, clauses, "
        "pplint, source, tender, waivers)",
    ),
    (
        "tender.personal_data: `no` is text in YAML 1.2: write true or false",
        "tender.personal_data: `no` es un texto en YAML 1.2: escriba true o false",
        "tender.personal_data: `no` és un text en YAML 1.2: escriviu true o false",
    ),
    (
        "YAML syntax error: could not find expected ':' (while scanning a simple key)",
        "error de sintaxis YAML: could not find expected ':' (while scanning a simple key)",
        "error de sintaxi YAML: could not find expected ':' (while scanning a simple key)",
    ),
    (
        "waivers[0].expires: '2020-02-30' is not a date that exists (write it YYYY-MM-DD, for "
        "example 2027-06-30)",
        "waivers[0].expires: '2020-02-30' no es una fecha que exista (escríbala como YYYY-MM-DD, "
        "por ejemplo, 2027-06-30)",
        "waivers[0].expires: '2020-02-30' no és una data que existeixi (escriviu-la com a "
        "YYYY-MM-DD, per exemple, 2027-06-30)",
    ),
    (
        "duplicate key `nature` (first at line 8); the first value is used: remove or rename one "
        "of them",
        "clave duplicada `nature` (aparece primero en la línea 8); se usa el primer valor: "
        "elimine una de las dos o cámbiele el nombre",
        "clau duplicada `nature` (apareix primer a la línia 8); es fa servir el primer valor: "
        "elimineu-ne una o canvieu-li el nom",
    ),
    (
        "not well-formed XML: Premature end of data in tag PartyName line 46",
        "XML mal formado: Premature end of data in tag PartyName line 46",
        "XML mal format: Premature end of data in tag PartyName line 46",
    ),
]


@pytest.mark.parametrize(("english", "es", "ca"), REAL, ids=lambda v: v[:50])
def test_real_texts(english: str, es: str, ca: str) -> None:
    assert not i18n.untranslated(english)
    assert i18n.translate("es", english) == es
    assert i18n.translate("ca", english) == ca
    assert i18n.translate("en", english) == english
