"""Each document of a file checked as `pplint check` checks it, its data kept for the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pplint.core.errors import LoadError
from pplint.core.files import ReadError, read_limited
from pplint.core.i18n import document_lang
from pplint.core.model import Finding
from pplint.engine.checker import Engine
from pplint.engine.results import FileResult, describe
from pplint.load.source import SourceDoc, load_bytes
from pplint.notices.load import load_documents
from pplint.scan.records import families, price_weight


@dataclass(slots=True)
class Checked:
    """One document as the report shows it: its data (None when it could not be read), its
    result, and what the portfolio counts (families of its clauses, price weight)."""

    name: str
    data: dict[str, Any] | None
    result: FileResult
    lang: str | None = None  # the document's own language, when it says one
    format: str = "yaml"  # yaml, eforms, ted, ocds
    families: list[str] = field(default_factory=list)
    price_weight: float | None = None
    crashed: str | None = None  # the error of a check that raised (reported as FMT-INTERNAL)
    from_scan: bool = False  # built from scan records: no clause texts, no evidence
    fixes: dict[Finding, str] = field(default_factory=dict)  # the tier of each one's fix


def offer_fixes(checked: list[Checked], engine: Engine) -> None:
    """The fix `pplint fix` would make for each finding of the tender files that can have
    one ("safe" or "review"), planned as `pplint fix --review-fixes` plans it."""
    from pplint.fix.offers import Offers

    offers = Offers(engine.rs)
    for doc in checked:
        if doc.format != "yaml" or doc.from_scan or doc.data is None or doc.crashed:
            continue
        try:
            doc.fixes = {f: fix.tier for f, fix in offers.of(doc.result, {}).items()}
        except Exception:  # a fix that cannot be planned is simply not offered
            doc.fixes = {}


def check_file(engine: Engine, path: Path, display: str) -> list[Checked]:
    """The documents of one file, each checked (several for an OCDS package or JSON Lines);
    a file that cannot be read or loaded is one entry holding its FMT finding."""
    settings = engine.settings
    try:
        raw = read_limited(path, settings.max_bytes)
    except ReadError:
        return [_guarded(engine, display, lambda: engine.check_path(path, display))]
    try:
        limits = {"max_bytes": settings.max_bytes, "max_nodes": settings.max_nodes}
        docs = load_documents(raw, display, **limits) or [load_bytes(raw, display, **limits)]
    except LoadError:
        return [_guarded(engine, display, lambda: engine.check_bytes(raw, display))]
    except Exception as exc:  # a bug of a loader: reported as the check reports it
        return [_crash(engine, display, exc)]
    return [_document(engine, doc, display) for doc in docs]


def _document(engine: Engine, doc: SourceDoc, display: str) -> Checked:
    """One loaded document, checked, with what the report reads of it."""
    try:
        result = engine.check_doc(doc, FileResult(display))
    except Exception as exc:  # a bug must not lose the report of the other files
        return _crash(engine, display, exc)
    data = doc.data if isinstance(doc.data, dict) else None
    notice = doc.notice
    texts = tuple(notice.languages) if notice is not None else ()
    return Checked(
        display,
        data,
        result,
        lang=document_lang(data, texts) if data is not None else None,
        format=notice.format if notice is not None else "yaml",
        families=families(result, engine.rs) if result.checked else [],
        price_weight=price_weight((data or {}).get("award_criteria") or []) if data else None,
    )


def _guarded(engine: Engine, display: str, check: Any) -> Checked:
    """A file that did not load: the engine's own finding for it."""
    try:
        return Checked(display, None, check())
    except Exception as exc:
        return _crash(engine, display, exc)


def _crash(engine: Engine, display: str, exc: Exception) -> Checked:
    return Checked(display, None, engine.crashed(display, exc), crashed=describe(exc))
