"""A rule set in another language: its rules', refinements' and packs' texts translated."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pplint.core.i18n import DEFAULT
from pplint.core.rules import Pack, Refinement, Rule, RuleSet

RULE_TEXTS = ("title", "message", "rationale", "notes")
OPTION_LISTS = ("elements", "weak_if", "require_terms")


def localize(rs: RuleSet, lang: str | None) -> RuleSet:
    """``rs`` with every text a pack translates into ``lang`` put in place of the English;
    texts it does not translate stay English. The terms, options and params are shared."""
    if not lang or lang == DEFAULT:
        return rs
    key = (id(rs), lang)
    kept = _CACHE.get(key)
    if kept is None or kept[0] is not rs:
        if len(_CACHE) >= _KEEP:
            _CACHE.pop(next(iter(_CACHE)))
        kept = _CACHE[key] = (rs, _localized(rs, lang))
    return kept[1]


_KEEP = 16
_CACHE: dict[tuple[int, str], tuple[RuleSet, RuleSet]] = {}  # by identity: the set is kept


def _localized(rs: RuleSet, lang: str) -> RuleSet:
    return RuleSet(
        packs=[_pack(p, lang) for p in rs.packs],
        params=rs.params,
        lexicons=rs.lexicons,
        topics=rs.topics,
        rules={rid: localize_rule(rule, lang) for rid, rule in rs.rules.items()},
    )


def _pack(pack: Pack, lang: str) -> Pack:
    local = (getattr(pack, "translations", None) or {}).get(lang) or {}
    changes: dict[str, Any] = {
        k: str(local[k]).strip() for k in ("title", "description") if local.get(k)
    }
    return replace(pack, **changes) if changes else pack


def localize_rule(rule: Rule, lang: str) -> Rule:
    """One rule in ``lang`` (its refinements too)."""
    local: dict[str, Any] = (getattr(rule, "translations", None) or {}).get(lang) or {}
    changes: dict[str, Any] = {k: str(local[k]).strip() for k in RULE_TEXTS if local.get(k)}
    if local.get("legal_basis"):
        changes["legal_basis"] = _legal(rule.legal_basis, local["legal_basis"])
    options = _options(rule.options, local)
    if options is not rule.options:
        changes["options"] = options
    refinements = [_refinement(r, lang) for r in rule.refinements]
    if any(a is not b for a, b in zip(refinements, rule.refinements, strict=True)):
        changes["refinements"] = refinements
    return replace(rule, **changes) if changes else rule


def _legal(english: list[dict[str, str]], local: list[Any]) -> list[dict[str, str]]:
    """Legal basis entries with their translated instrument, article and note (urls kept)."""
    if len(local) != len(english):
        return english
    out = []
    for en, lo in zip(english, local, strict=True):
        entry = dict(en)
        if isinstance(lo, dict):
            entry.update({k: str(v).strip() for k, v in lo.items() if k != "url" and v})
        out.append(entry)
    return out


def _options(options: dict[str, Any], local: dict[str, Any]) -> dict[str, Any]:
    """Options whose element names and details are translated (terms untouched)."""
    changed = dict(options)
    touched = False
    for key in OPTION_LISTS:
        english, texts = options.get(key), local.get(key)
        if not english or not isinstance(texts, list) or len(texts) != len(english):
            continue
        entries = []
        for en, lo in zip(english, texts, strict=True):
            entry = dict(en)
            if isinstance(lo, dict):
                entry.update(
                    {k: str(v).strip() for k, v in lo.items() if k in ("name", "detail") and v}
                )
            entries.append(entry)
        changed[key] = entries
        touched = True
    return changed if touched else options


def _refinement(ref: Refinement, lang: str) -> Refinement:
    local = (getattr(ref, "translations", None) or {}).get(lang) or {}
    message = local.get("message")
    changes: dict[str, Any] = {"message": str(message).strip()} if message else {}
    if local.get("legal_basis"):
        changes["legal_basis"] = _legal(ref.legal_basis, local["legal_basis"])
    return replace(ref, **changes) if changes else ref
