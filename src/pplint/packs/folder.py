"""Pack folders: their files listed safely and by name, each read against its own schema.

A pack folder holds ``pack.yaml`` (metadata and params), one ``<RULE-ID>.yaml`` per rule (the
rule and the lexicons and topics only it uses), the rule's examples in ``<RULE-ID>.examples.yaml``
beside it (or inline), shared lexicons and topics in ``lexicons/<name>.yaml`` and
``topics/<name>.yaml`` (one each), and refinements of other packs' rules in
``refine/<RULE-ID>.yaml``. Hidden entries and ``*.md`` files are ignored; anything else is an
error. A folder is untrusted input: links are never followed, and the number of files and their
total size are bounded.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from pplint.core.errors import PackError
from pplint.load import schemas
from pplint.load.source import SourceDoc
from pplint.packs.pack_checks import error_at
from pplint.packs.parts import PackSource, Part, RulePart, mapping_parts

MANIFEST = "pack.yaml"
MAX_PACK_FILES = 10_000  # entries of a pack folder and its sub-folders
MAX_PACK_BYTES = 16 * 1024 * 1024  # all its files together
RULE_ID = re.compile(r"[A-Z]{2,5}(?:-[A-Z0-9]{2,8})+")
NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
EXAMPLES_SUFFIX = ".examples.yaml"

# kind of file: (its schema definition, what the file is called in messages)
KINDS = {
    "pack": ("packFile", "pack file"),
    "rule": ("ruleFile", "rule file"),
    "examples": ("examplesFile", "examples file"),
    "lexicon": ("lexiconFile", "lexicon file"),
    "topic": ("topicFile", "topic file"),
    "refine": ("refineFile", "refinement file"),
}
SUBFOLDERS = {
    "lexicons": ("lexicon", NAME),
    "topics": ("topic", NAME),
    "refine": ("refine", RULE_ID),
}
LAYOUT = (
    "pack.yaml, <RULE-ID>.yaml, <RULE-ID>.examples.yaml, lexicons/<name>.yaml, "
    "topics/<name>.yaml or refine/<RULE-ID>.yaml"
)
_ORDER = ("pack", "lexicon", "topic", "rule", "examples", "refine")


@dataclass(frozen=True, slots=True)
class Entry:
    """A file of a pack folder: what it holds, the name it is given, and its path."""

    kind: str
    name: str
    path: Path


def is_pack_folder(path: Path) -> bool:
    """Whether ``path`` is a folder holding a ``pack.yaml`` (a link to a folder is not)."""
    return path.is_dir() and os.path.lexists(path / MANIFEST)


def scan(folder: Path) -> list[Entry]:
    """The files of a pack folder in load order, every name checked; PackError on the first
    file that does not belong, a link, too many files or too many bytes."""
    budget = _Budget(folder)
    entries: list[Entry] = []
    for entry, path in budget.walk(folder):
        if entry.is_dir(follow_symlinks=False):
            if entry.name not in SUBFOLDERS:
                raise PackError(
                    f"unknown folder `{entry.name}` in a pack folder: the only folders are "
                    "lexicons/, topics/ and refine/",
                    str(path),
                )
            entries += _scan_sub(budget, path, *SUBFOLDERS[entry.name])
            continue
        budget.add(entry)
        entries.append(_top_entry(entry.name, path))
    rules = {e.name for e in entries if e.kind == "rule"}
    for e in entries:
        if e.kind == "examples" and e.name not in rules:
            raise PackError(
                f"examples file without its rule: there is no {e.name}.yaml beside it",
                str(e.path),
                1,
                1,
            )
    return sorted(entries, key=lambda e: (_ORDER.index(e.kind), e.name))


def _top_entry(name: str, path: Path) -> Entry:
    if name == MANIFEST:
        return Entry("pack", "", path)
    if name.endswith(EXAMPLES_SUFFIX) and RULE_ID.fullmatch(name[: -len(EXAMPLES_SUFFIX)]):
        return Entry("examples", name[: -len(EXAMPLES_SUFFIX)], path)
    if name.endswith(".yaml") and RULE_ID.fullmatch(name[:-5]):
        return Entry("rule", name[:-5], path)
    raise PackError(
        f"unknown file `{name}` in a pack folder: a pack folder holds {LAYOUT} "
        "(rule ids in capitals, for example SOC-LAB-001)",
        str(path),
        1,
        1,
    )


def _scan_sub(budget: _Budget, folder: Path, kind: str, pattern: re.Pattern[str]) -> list[Entry]:
    out: list[Entry] = []
    what = "rule id" if pattern is RULE_ID else "name (lowercase, digits and dashes)"
    for entry, path in budget.walk(folder):
        if entry.is_dir(follow_symlinks=False):
            raise PackError(
                f"folder `{entry.name}` inside {folder.name}/: a pack folder's "
                f"{folder.name}/ holds files only",
                str(path),
            )
        stem = entry.name[:-5] if entry.name.endswith(".yaml") else ""
        if not pattern.fullmatch(stem):
            raise PackError(
                f"unknown file `{entry.name}` in {folder.name}/: its files are named <{what}>.yaml",
                str(path),
                1,
                1,
            )
        budget.add(entry)
        out.append(Entry(kind, stem, path))
    return out


def _ignored(name: str) -> bool:
    return name.startswith(".") or name.endswith(".md")


def _refuse_link(entry: os.DirEntry[str], path: Path) -> None:
    if entry.is_symlink():
        raise PackError(
            "a symbolic link in a pack folder: its files and folders must be real ones "
            "(links are not followed)",
            str(path),
        )


class _Budget:
    """Counts the entries and bytes of one pack folder against the limits."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.entries = 0
        self.bytes = 0

    def walk(self, folder: Path) -> list[tuple[os.DirEntry[str], Path]]:
        """The entries of a folder that belong to the pack (hidden files and ``*.md`` left
        out, all of them counted), with their paths; PackError at a link."""
        out = []
        for entry in self.listdir(folder):
            if _ignored(entry.name):
                continue
            path = folder / entry.name
            _refuse_link(entry, path)
            out.append((entry, path))
        return out

    def listdir(self, folder: Path) -> list[os.DirEntry[str]]:
        """The entries of a folder by name, counted (stops as soon as there are too many)."""
        out: list[os.DirEntry[str]] = []
        try:
            with os.scandir(folder) as it:
                for entry in it:
                    self.entries += 1
                    if self.entries > MAX_PACK_FILES:
                        raise PackError(
                            f"the pack folder holds more than {MAX_PACK_FILES:,} files and "
                            "folders: refused",
                            str(self.folder),
                        )
                    out.append(entry)
        except OSError as exc:
            raise PackError(
                f"cannot read the pack folder: {exc.strerror or exc}", str(folder)
            ) from None
        return sorted(out, key=lambda e: e.name)

    def add(self, entry: os.DirEntry[str]) -> None:
        """Count a file's size (its own, never a link's target)."""
        try:
            self.bytes += entry.stat(follow_symlinks=False).st_size
        except OSError:
            return  # reading it reports the problem
        if self.bytes > MAX_PACK_BYTES:
            raise PackError(
                f"the files of the pack folder are over {MAX_PACK_BYTES:,} bytes in all: refused",
                str(self.folder),
            )


def read(folder: Path) -> PackSource:
    """Read and schema-check every file of a pack folder; PackError at the first problem."""
    entries = scan(folder)
    docs = [(e, _load(e)) for e in entries]
    meta_doc = docs[0][1] if docs and docs[0][0].kind == "pack" else None
    if meta_doc is None:  # pragma: no cover - is_pack_folder() said there is one
        raise PackError("the pack folder has no pack.yaml", str(folder))
    source = PackSource(Part(meta_doc, (), str(meta_doc.data["pack"]), meta_doc.data), str(folder))
    source.params = mapping_parts(meta_doc, ("params",), meta_doc.data.get("params"))
    examples = {e.name: doc for e, doc in docs if e.kind == "examples"}
    for entry, doc in docs:
        if entry.kind in ("lexicon", "topic"):
            shared = Part(doc, (), entry.name, doc.data)
            (source.lexicons if entry.kind == "lexicon" else source.topics).append(shared)
        elif entry.kind == "rule":
            source.lexicons += mapping_parts(doc, ("lexicons",), doc.data.get("lexicons"))
            source.topics += mapping_parts(doc, ("topics",), doc.data.get("topics"))
            source.rules.append(_rule(entry, doc, examples.get(entry.name)))
        elif entry.kind == "refine":
            for index, raw in enumerate(doc.data["refine"]):
                _check_refined_rule(entry, doc, index, raw)
                source.refine.append(Part(doc, ("refine", index), entry.name, raw))
    return source


def _load(entry: Entry) -> SourceDoc:
    definition, what = KINDS[entry.kind]
    return schemas.load_checked(
        entry.path, "rulepack", PackError, what, definition, follow_symlinks=False
    )


def _rule(entry: Entry, doc: SourceDoc, examples_doc: SourceDoc | None) -> RulePart:
    raw = doc.data["rule"]
    if raw["id"] != entry.name:
        raise error_at(
            doc,
            ("rule", "id"),
            f"rule `{raw['id']}` is in {entry.path.name}: a rule file is named after its rule's "
            f"id ({raw['id']}.yaml)",
        )
    if examples_doc is not None and "examples" in raw:
        raise error_at(
            examples_doc,
            ("examples",),
            f"the examples of {entry.name} are written twice, in {entry.path.name} and here: "
            "keep one of them",
        )
    if examples_doc is None and "examples" not in raw:
        raise error_at(
            doc,
            ("rule",),
            f"rule {entry.name} has no examples: write them in {entry.name}{EXAMPLES_SUFFIX} "
            "beside this file (at least one that passes and one that fails)",
        )
    examples = examples_doc.data["examples"] if examples_doc is not None else raw["examples"]
    return RulePart(Part(doc, ("rule",), entry.name, raw), list(examples))


def _check_refined_rule(entry: Entry, doc: SourceDoc, index: int, raw: dict[str, object]) -> None:
    if raw["rule"] != entry.name:
        raise error_at(
            doc,
            ("refine", index, "rule"),
            f"a refinement of `{raw['rule']}` in refine/{entry.path.name}: a refinement file "
            f"holds only refinements of the rule it is named after ({entry.name})",
        )
