"""Rule packs: finding, loading, validating and merging pack files and folders into one RuleSet."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pplint.analysis.conditions import check_condition_refs
from pplint.checks import REGISTRY, validate_options
from pplint.checks.registry import missing_lexicons
from pplint.core.errors import PackError
from pplint.core.messages import placeholders
from pplint.core.model import DocPath, Severity
from pplint.core.rules import Pack, Param, Refinement, Rule, RuleSet, Topic
from pplint.load import schemas
from pplint.load.source import SourceDoc
from pplint.packs import folder
from pplint.packs.listing import (  # re-exported: which files make up the packs
    MAX_PACKS_IN_FOLDER as MAX_PACKS_IN_FOLDER,
)
from pplint.packs.listing import pack_files as pack_files
from pplint.packs.listing import pack_sources as pack_sources
from pplint.packs.listing import shipped_dir as shipped_dir
from pplint.packs.pack_checks import (
    check_inline_terms,
    check_message,
    check_template,
    check_terms,
    error_at,
)
from pplint.packs.parts import PackSource, Part, RulePart, from_single_file
from pplint.packs.plugins import load_checks

FAMILY_OF_PREFIX = {
    "SOC": "social",
    "ENV": "environmental",
    "ETH": "ethical",
    "DIG": "digital",
    "INN": "award",
    "GOV": "governance",
}


def read_pack(path: Path) -> tuple[SourceDoc, dict[str, Any]]:
    """Load and schema-check one pack file; raise PackError at the first problem's location."""
    doc = schemas.load_checked(path, "rulepack", PackError, "rule pack")
    return doc, doc.data


def read_source(path: Path) -> PackSource:
    """The parts of one pack, from its file or its folder, every file schema-checked."""
    if folder.is_pack_folder(path):
        return folder.read(path)
    return from_single_file(read_pack(path)[0])


class _Places:
    """Where each loaded rule and refinement is written, for errors found after merging."""

    def __init__(self) -> None:
        self.rules: dict[str, Part] = {}
        self.refinements: dict[int, Part] = {}  # by id() of the Refinement, alive while loading


def load(
    paths: Iterable[Path], enabled: Iterable[str] = (), include_optional: bool = False
) -> RuleSet:
    """Load pack files and folders into one RuleSet; opt-in packs (``default: false``) only
    when named (by pack name or path) or with ``include_optional``."""
    wanted = set(enabled)
    rs = RuleSet()
    places = _Places()
    refinements: list[tuple[str, int, Part]] = []
    for path in pack_files(paths):
        source = read_source(path)
        meta = source.meta.raw
        pack = Pack(
            name=meta["pack"],
            title=meta.get("title", meta["pack"]),
            description=meta.get("description", ""),
            jurisdiction=meta.get("jurisdiction", ""),
            default=meta.get("default", True),
            file=source.file,
            translations=dict(meta.get("translations") or {}),
        )
        if any(p.name == pack.name for p in rs.packs):
            raise error_at(source.meta.doc, ("pack",), f"pack `{pack.name}` is loaded twice")
        if not (pack.default or include_optional or pack.name in wanted or str(path) in wanted):
            continue
        rs.packs.append(pack)
        _merge(rs, pack, source, places)
        refinements.extend((pack.name, i, part) for i, part in enumerate(source.refine))
    for pack_name, index, part in refinements:
        _add_refinement(rs, pack_name, index, part, places)
    _check_references(rs, places)
    return rs


def _merge(rs: RuleSet, pack: Pack, source: PackSource, places: _Places) -> None:
    for part in source.params:
        name, raw = part.name, part.raw
        if name in rs.params:
            raise error_at(
                part.doc,
                part.path,
                f"param `{name}` is already defined in pack `{rs.params[name].pack}`",
            )
        rs.params[name] = Param(
            name,
            float(raw["value"]),
            raw["source"],
            raw.get("unit"),
            raw.get("date"),
            raw.get("verified", True),
            pack.name,
        )
    for part in source.lexicons:
        name = part.name
        if name in rs.lexicons or name in rs.topics:
            raise error_at(part.doc, part.path, f"lexicon `{name}` is already defined")
        check_terms(part.doc, part.path, part.raw)
        rs.lexicons[name] = {lang: tuple(terms) for lang, terms in part.raw.items()}
    for part in source.topics:
        name, raw = part.name, part.raw
        if name in rs.topics or name in rs.lexicons:
            raise error_at(part.doc, part.path, f"topic `{name}` is already defined")
        check_terms(part.doc, (*part.path, "signals"), raw["signals"])
        rs.topics[name] = Topic(
            name,
            raw["title"],
            raw["family"],
            {lang: tuple(terms) for lang, terms in raw["signals"].items()},
            pack.name,
            tuple(raw.get("natures", ())),
        )
    for rule_part in source.rules:
        rule = _rule(rs, pack, rule_part)
        rs.rules[rule.id] = rule
        places.rules[rule.id] = rule_part.part


def _rule(rs: RuleSet, pack: Pack, rule_part: RulePart) -> Rule:
    """A rule of the pack, its id, family, message, model clauses and word lists checked."""
    doc, path, raw = rule_part.part.doc, rule_part.part.path, rule_part.part.raw
    rid = raw["id"]
    if rid in rs.rules:
        other = rs.rules[rid]
        raise error_at(doc, (*path, "id"), f"rule `{rid}` is already defined in {other.file}")
    prefix = rid.split("-")[0]
    if prefix in FAMILY_OF_PREFIX and FAMILY_OF_PREFIX[prefix] != raw["family"]:
        raise error_at(
            doc,
            (*path, "family"),
            f"rule `{rid}` has family `{raw['family']}`; ids starting with "
            f"{prefix}- belong to `{FAMILY_OF_PREFIX[prefix]}`",
        )
    check_message(doc, (*path, "message"), raw["message"])
    for lang, template in raw["model_clause"].items():
        check_template(doc, (*path, "model_clause", lang), template)
    for key in ("options", "applies"):
        check_inline_terms(doc, (*path, key), raw.get(key))
    return Rule(
        id=rid,
        title=raw["title"],
        family=raw["family"],
        severity=Severity.parse(raw["severity"]),
        check=raw["check"],
        options=dict(raw.get("options") or {}),
        message=raw["message"].strip(),
        rationale=raw["rationale"].strip(),
        legal_basis=list(raw["legal_basis"]),
        model_clause=dict(raw["model_clause"]),
        examples=rule_part.examples,
        applies=dict(raw.get("applies") or {}),
        notes=(raw.get("notes") or "").strip(),
        pack=pack.name,
        file=doc.file,
        location=doc.locate(path),
        translations=_translations(doc, path, raw, raw["message"]),
    )


def _translations(
    doc: SourceDoc, path: DocPath, raw: dict[str, Any], message: str | None
) -> dict[str, dict[str, Any]]:
    """A rule's or refinement's translations, each message checked as the English one is and
    required to fill the same placeholders."""
    out = dict(raw.get("translations") or {})
    wanted = {n for n, _ in placeholders(message or "") if n}
    for lang, texts in out.items():
        local = texts.get("message")
        if not local:
            continue
        where = (*path, "translations", lang, "message")
        check_message(doc, where, local)
        names = {n for n, _ in placeholders(local) if n}
        if names != wanted:
            raise error_at(
                doc,
                where,
                f"the {lang} message fills {', '.join(sorted(names)) or 'no placeholder'}; the "
                f"English one fills {', '.join(sorted(wanted)) or 'none'}: use the same names",
            )
    return out


def _add_refinement(rs: RuleSet, pack: str, index: int, part: Part, places: _Places) -> None:
    doc, path, raw = part.doc, part.path, part.raw
    rule = rs.rules.get(raw["rule"])
    if rule is None:
        raise error_at(doc, (*path, "rule"), f"refinement of unknown rule `{raw['rule']}`")
    if raw.get("message"):
        check_message(doc, (*path, "message"), raw["message"])
    for key in ("options", "when"):
        check_inline_terms(doc, (*path, key), raw.get(key))
    refinement = Refinement(
        rule=rule.id,
        when=dict(raw["when"]),
        severity=Severity.parse(raw["severity"]) if raw.get("severity") else None,
        options=dict(raw.get("options") or {}),
        message=raw.get("message"),
        legal_basis=list(raw.get("legal_basis") or ()),
        examples=list(raw.get("examples") or ()),
        pack=pack,
        file=doc.file,
        location=doc.locate(path),
        index=index,
        translations=_translations(doc, path, raw, raw.get("message")),
    )
    rule.refinements.append(refinement)
    places.refinements[id(refinement)] = part


def _check_references(rs: RuleSet, places: _Places) -> None:
    """Every check kind, option, topic, lexicon and param a rule names must exist, and every
    lexicon its check kind needs."""

    load_checks()
    for rule in rs.rules.values():
        doc, path = places.rules[rule.id].doc, places.rules[rule.id].path
        if rule.check not in REGISTRY:
            raise error_at(
                doc,
                (*path, "check"),
                f"unknown check kind `{rule.check}`; known: " + ", ".join(sorted(REGISTRY)),
            )
        missing = missing_lexicons(rs, rule.check)
        if missing:
            names = ", ".join(f"`{name}`" for name in missing)
            raise error_at(
                doc,
                (*path, "check"),
                f"rule {rule.id}: check kind `{rule.check}` needs the "
                f"lexicon{'s' if len(missing) > 1 else ''} {names}, which no loaded pack "
                "defines (the shipped `lexicons` pack has those of the built-in kinds)",
            )
        for problem_path, message in validate_options(rs, rule.check, rule.options):
            raise error_at(doc, (*path, "options", *problem_path), f"rule {rule.id}: {message}")
        for problem_path, message in check_condition_refs(rs, rule.applies):
            raise error_at(doc, (*path, "applies", *problem_path), f"rule {rule.id}: {message}")
        for ref in rule.refinements:
            _check_refinement(rs, rule, ref, places.refinements[id(ref)])


def _check_refinement(rs: RuleSet, rule: Rule, ref: Refinement, part: Part) -> None:

    merged: Mapping[str, Any] = {**rule.options, **ref.options}
    for problem_path, message in validate_options(rs, rule.check, merged):
        raise error_at(
            part.doc, (*part.path, "options", *problem_path), f"refinement of {rule.id}: {message}"
        )
    for problem_path, message in check_condition_refs(rs, ref.when):
        raise error_at(
            part.doc, (*part.path, "when", *problem_path), f"refinement of {rule.id}: {message}"
        )
