"""pplint from Python: the scan records of documents given as bytes, for any engine.

Dask, Spark, Ray or a plain loop call the same two things::

    from pplint.api import Checker, check_document

    scanned = check_document(raw, "notice.xml")  # Scanned: .documents, .findings
    checker = Checker(select=["SOC"])  # the rule set is built once per process
    rows = checker.records(raw, "notice.xml")  # plain dicts, as `pplint scan --jsonl` writes

A document is an eForms or TED notice, an OCDS package or JSON Lines, or a tender YAML. The
records and their fields are those of `pplint scan` (docs/scan-records.md, SCHEMA_VERSION).
A bad document never raises: its document record carries `error_code` and `error`. A bad
option (an unknown `rules` pack) raises PplintError when the checker is made.

The rule set is built as `pplint scan --no-config` builds it: the shipped packs, installed
plugin packs, and the `rules`, `select` and `ignore` given, so a worker on another machine
needs only pplint installed. Engines are cached per process by those options, and a pickled
Checker carries only its options: unpickled in a worker, it reuses that worker's engine.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pplint.cli import options
from pplint.engine.checker import Engine
from pplint.scan.records import SCHEMA_VERSION, Scanned
from pplint.scan.run import ScanStep
from pplint.scan.sources import Document

__all__ = ["SCHEMA_VERSION", "Checker", "Scanned", "check_document", "engine_for", "rows"]

Names = Sequence[str] | str
Key = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]

_ENGINES: dict[Key, Engine] = {}
_LOCK = threading.Lock()  # worker threads of one process share its engines


def _names(values: Names) -> tuple[str, ...]:
    """Option values as a tuple; a lone string is one value, not its characters."""
    return (values,) if isinstance(values, str) else tuple(values)


def _build(rules: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...]) -> Engine:
    """A fresh engine for these options, with no configuration file (a tender's waivers
    apply, as in `pplint scan`)."""
    cfg = options.load_config(None, False, Path("."))
    setup = options.build(cfg, rules, select, ignore, None, True)
    return Engine(setup.ruleset, setup.settings, terms=setup.terms)


def engine_for(rules: Names = (), select: Names = (), ignore: Names = ()) -> Engine:
    """This process's engine for these options, built on first use."""
    key = (_names(rules), _names(select), _names(ignore))
    with _LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = _ENGINES[key] = _build(*key)
    return engine


class Checker:
    """A rule set ready to check many documents; cheap to make again and to pickle."""

    def __init__(self, *, rules: Names = (), select: Names = (), ignore: Names = ()):
        self.rules, self.select, self.ignore = _names(rules), _names(select), _names(ignore)
        self.engine = engine_for(self.rules, self.select, self.ignore)
        self._step = ScanStep(self.engine)

    def __reduce__(self) -> tuple[Any, tuple[tuple[str, ...], ...]]:
        return (_checker, (self.rules, self.select, self.ignore))

    def check(self, raw: bytes | bytearray | memoryview, name: str) -> Scanned:
        """The document and finding records of one file's bytes."""
        data = raw if isinstance(raw, bytes) else bytes(raw)
        return self._step(Document(name, data))

    def records(self, raw: bytes | bytearray | memoryview, name: str) -> list[dict[str, Any]]:
        """The records of one file as rows, each with `record`: "document" or "finding"."""
        return rows(self.check(raw, name))


def _checker(rules: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...]) -> Checker:
    """A checker rebuilt from its options (how a pickled one is loaded)."""
    return Checker(rules=rules, select=select, ignore=ignore)


def rows(scanned: Scanned) -> list[dict[str, Any]]:
    """Records as the JSON Lines output has them: documents first, then findings."""
    out = [{"record": "document", **record} for record in scanned.documents]
    out += [{"record": "finding", **record} for record in scanned.findings]
    return out


def check_document(
    raw: bytes | bytearray | memoryview,
    name: str,
    *,
    rules: Names = (),
    select: Names = (),
    ignore: Names = (),
) -> Scanned:
    """The records of one document's bytes, with the engine cached for these options."""
    return Checker(rules=rules, select=select, ignore=ignore).check(raw, name)
