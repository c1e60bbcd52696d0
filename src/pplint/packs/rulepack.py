"""Rule packs: loading, validating and merging pack files into one RuleSet."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from pplint.analysis.regex_guard import regex_problem
from pplint.core.errors import PackError
from pplint.core.messages import placeholders
from pplint.core.model import DocPath, Severity
from pplint.core.rules import Pack, Param, Refinement, Rule, RuleSet, Topic
from pplint.load import schemas
from pplint.load.source import SourceDoc

FAMILY_OF_PREFIX = {
    "SOC": "social",
    "ENV": "environmental",
    "ETH": "ethical",
    "DIG": "digital",
    "INN": "award",
    "GOV": "governance",
}
MESSAGE_FIELDS = frozenset(
    {"clause", "topics", "reasons", "value", "limit", "lot", "places", "term", "goal", "field"}
)


def shipped_dir() -> Path:
    """The directory of shipped packs: in the wheel (pplint/rules) or the source tree (rules/)."""
    packaged = Path(str(resources.files("pplint"))) / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"


def pack_files(paths: Iterable[Path]) -> list[Path]:
    """Pack files from files and directories (``*.yaml`` / ``*.yml``), in file-name order."""
    out: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        elif path.exists():
            found = [path]
        else:
            raise PackError("rule pack not found", str(path))
        for p in found:
            if p.resolve() not in seen:
                seen.add(p.resolve())
                out.append(p)
    return out


def read_pack(path: Path) -> tuple[SourceDoc, dict[str, Any]]:
    """Load and schema-check one pack file; raise PackError at the first problem's location."""
    doc = schemas.load_checked(path, "rulepack", PackError, "rule pack")
    return doc, doc.data


def _err(doc: SourceDoc, path: DocPath, message: str) -> PackError:
    loc = doc.locate(path)
    return PackError(message, doc.file, loc.line, loc.column)


def load(
    paths: Iterable[Path], enabled: Iterable[str] = (), include_optional: bool = False
) -> RuleSet:
    """Load pack files into one RuleSet; opt-in packs (``default: false``) only when named
    (by pack name or file path) or with ``include_optional``."""
    wanted = set(enabled)
    rs = RuleSet()
    refinements: list[tuple[SourceDoc, int, dict[str, Any]]] = []
    docs: dict[str, SourceDoc] = {}
    for path in pack_files(paths):
        doc, data = read_pack(path)
        pack = Pack(
            name=data["pack"],
            title=data.get("title", data["pack"]),
            description=data.get("description", ""),
            jurisdiction=data.get("jurisdiction", ""),
            default=data.get("default", True),
            file=doc.file,
        )
        if any(p.name == pack.name for p in rs.packs):
            raise _err(doc, ("pack",), f"pack `{pack.name}` is loaded twice")
        if not (pack.default or include_optional or pack.name in wanted or str(path) in wanted):
            continue
        rs.packs.append(pack)
        docs[pack.name] = doc
        _merge(rs, pack, doc, data)
        refinements.extend((doc, i, r) for i, r in enumerate(data.get("refine") or ()))
    for doc, index, raw in refinements:
        _add_refinement(rs, doc, index, raw)
    _check_references(rs, docs)
    return rs


def _merge(rs: RuleSet, pack: Pack, doc: SourceDoc, data: dict[str, Any]) -> None:
    for name, raw in (data.get("params") or {}).items():
        if name in rs.params:
            raise _err(
                doc,
                ("params", name),
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
    for name, raw in (data.get("lexicons") or {}).items():
        if name in rs.lexicons or name in rs.topics:
            raise _err(doc, ("lexicons", name), f"lexicon `{name}` is already defined")
        _check_terms(doc, ("lexicons", name), raw)
        rs.lexicons[name] = {lang: tuple(terms) for lang, terms in raw.items()}
    for name, raw in (data.get("topics") or {}).items():
        if name in rs.topics or name in rs.lexicons:
            raise _err(doc, ("topics", name), f"topic `{name}` is already defined")
        _check_terms(doc, ("topics", name, "signals"), raw["signals"])
        rs.topics[name] = Topic(
            name,
            raw["title"],
            raw["family"],
            {lang: tuple(terms) for lang, terms in raw["signals"].items()},
            pack.name,
        )
    for index, raw in enumerate(data.get("rules") or ()):
        path: DocPath = ("rules", index)
        rid = raw["id"]
        if rid in rs.rules:
            other = rs.rules[rid]
            raise _err(doc, (*path, "id"), f"rule `{rid}` is already defined in {other.file}")
        prefix = rid.split("-")[0]
        if prefix in FAMILY_OF_PREFIX and FAMILY_OF_PREFIX[prefix] != raw["family"]:
            raise _err(
                doc,
                (*path, "family"),
                f"rule `{rid}` has family `{raw['family']}`; ids starting with "
                f"{prefix}- belong to `{FAMILY_OF_PREFIX[prefix]}`",
            )
        _check_message(doc, (*path, "message"), raw["message"])
        for lang, template in raw["model_clause"].items():
            _check_template(doc, (*path, "model_clause", lang), template)
        for key in ("options", "applies"):
            _check_inline_terms(doc, (*path, key), raw.get(key))
        rs.rules[rid] = Rule(
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
            examples=list(raw["examples"]),
            applies=dict(raw.get("applies") or {}),
            notes=(raw.get("notes") or "").strip(),
            pack=pack.name,
            file=doc.file,
            location=doc.locate(path),
        )


def _check_message(doc: SourceDoc, path: DocPath, message: str) -> None:
    """Only plain ``{name}`` placeholders of known fields (and ``{{``, ``}}``) are allowed."""
    for name, text in placeholders(message):
        if name is None:
            raise _err(
                doc,
                path,
                f"`{text}` in message is not a placeholder: write plain "
                "`{name}` placeholders (no `!r`, `:spec`, `.attribute` or `[index]`), "
                "and `{{` or `}}` for a literal brace",
            )
        if name not in MESSAGE_FIELDS:
            raise _err(
                doc,
                path,
                f"unknown placeholder {text} in message; known: "
                + ", ".join(sorted(MESSAGE_FIELDS)),
            )


def _check_template(doc: SourceDoc, path: DocPath, template: str) -> None:
    """A model clause must be a template the sandbox allows, at its line in the pack."""
    from pplint.packs.clauses import template_problem

    problem = template_problem(template)
    if problem is None:
        return
    loc = doc.locate(path)
    end = doc.end(path)
    if end is not None and end.column == 1 and end.line > loc.line:  # a `|` or `>` block:
        line, column = loc.line + problem.line, 1  # its text starts on the next line
    else:
        line, column = loc.line + problem.line - 1, loc.column if problem.line == 1 else 1
    raise PackError(f"model clause `{path[-1]}`: {problem.message}", doc.file, line, column)


def _check_terms(doc: SourceDoc, path: DocPath, terms: Mapping[str, Any]) -> None:
    """Every ``re:`` term of a ``{lang: [terms]}`` list must compile and be safe to run."""
    for lang, items in terms.items():
        for index, term in enumerate(items):
            if not (isinstance(term, str) and term.startswith("re:")):
                continue
            problem = regex_problem(term[3:])
            if problem:
                shown = term if len(term) <= 80 else term[:79] + "…"
                raise _err(doc, (*path, lang, index), f"regex term `{shown}` is refused: {problem}")


def _check_inline_terms(doc: SourceDoc, path: DocPath, value: Any) -> None:
    """The inline ``{lang: [terms]}`` word lists anywhere in a rule's options or condition."""
    from pplint.analysis.classify import is_inline_terms

    if is_inline_terms(value):
        _check_terms(doc, path, value)
    elif isinstance(value, dict):
        for key, sub in value.items():
            _check_inline_terms(doc, (*path, key), sub)
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            _check_inline_terms(doc, (*path, index), sub)


def _add_refinement(rs: RuleSet, doc: SourceDoc, index: int, raw: dict[str, Any]) -> None:
    path: DocPath = ("refine", index)
    rule = rs.rules.get(raw["rule"])
    if rule is None:
        raise _err(doc, (*path, "rule"), f"refinement of unknown rule `{raw['rule']}`")
    if raw.get("message"):
        _check_message(doc, (*path, "message"), raw["message"])
    for key in ("options", "when"):
        _check_inline_terms(doc, (*path, key), raw.get(key))
    rule.refinements.append(
        Refinement(
            rule=rule.id,
            when=dict(raw["when"]),
            severity=Severity.parse(raw["severity"]) if raw.get("severity") else None,
            options=dict(raw.get("options") or {}),
            message=raw.get("message"),
            legal_basis=list(raw.get("legal_basis") or ()),
            examples=list(raw.get("examples") or ()),
            pack=str(doc.data["pack"]),
            file=doc.file,
            location=doc.locate(path),
            index=index,
        )
    )


def _check_references(rs: RuleSet, docs: Mapping[str, SourceDoc]) -> None:
    """Every check kind, option, topic, lexicon and param a rule names must exist."""
    from pplint.analysis.conditions import check_condition_refs
    from pplint.checks import REGISTRY, validate_options
    from pplint.packs.plugins import load_checks

    load_checks()
    for rule in rs.rules.values():
        doc = docs[rule.pack]
        path = _rule_path(doc, rule.id)
        if rule.check not in REGISTRY:
            raise _err(
                doc,
                (*path, "check"),
                f"unknown check kind `{rule.check}`; known: " + ", ".join(sorted(REGISTRY)),
            )
        for problem_path, message in validate_options(rs, rule.check, rule.options):
            raise _err(doc, (*path, "options", *problem_path), f"rule {rule.id}: {message}")
        for problem_path, message in check_condition_refs(rs, rule.applies):
            raise _err(doc, (*path, "applies", *problem_path), f"rule {rule.id}: {message}")
        for ref in rule.refinements:
            rdoc = docs[ref.pack]
            rpath: DocPath = ("refine", ref.index)
            merged = {**rule.options, **ref.options}
            for problem_path, message in validate_options(rs, rule.check, merged):
                raise _err(
                    rdoc, (*rpath, "options", *problem_path), f"refinement of {rule.id}: {message}"
                )
            for problem_path, message in check_condition_refs(rs, ref.when):
                raise _err(
                    rdoc, (*rpath, "when", *problem_path), f"refinement of {rule.id}: {message}"
                )


def _rule_path(doc: SourceDoc, rid: str) -> DocPath:
    for i, raw in enumerate(doc.data.get("rules") or ()):
        if raw.get("id") == rid:
            return ("rules", i)
    return ()
