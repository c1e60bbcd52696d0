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

from pathlib import Path

from pplint.core.errors import PackError
from pplint.load import schemas
from pplint.load.source import SourceDoc
from pplint.packs.listing import (  # the listing is re-exported: it was this module's
    EXAMPLES_SUFFIX as EXAMPLES_SUFFIX,
)
from pplint.packs.listing import LAYOUT as LAYOUT
from pplint.packs.listing import MANIFEST as MANIFEST
from pplint.packs.listing import MAX_PACK_BYTES as MAX_PACK_BYTES
from pplint.packs.listing import MAX_PACK_FILES as MAX_PACK_FILES
from pplint.packs.listing import Entry as Entry
from pplint.packs.listing import is_pack_folder as is_pack_folder
from pplint.packs.listing import scan as scan
from pplint.packs.pack_checks import error_at
from pplint.packs.parts import PackSource, Part, RulePart, mapping_parts

# kind of file: (its schema definition, what the file is called in messages)
KINDS = {
    "pack": ("packFile", "pack file"),
    "rule": ("ruleFile", "rule file"),
    "examples": ("examplesFile", "examples file"),
    "lexicon": ("lexiconFile", "lexicon file"),
    "topic": ("topicFile", "topic file"),
    "refine": ("refineFile", "refinement file"),
}


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
