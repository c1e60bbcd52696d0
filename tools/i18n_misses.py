"""Texts that code wrote in English and no catalogue template translates, over every corpus.

Usage: python3 tools/i18n_misses.py [--lang es]
Checks the examples, the accuracy corpus, the hostile corpus and every rule's examples with
``--lang`` and prints each distinct text ``pplint.core.i18n.translate`` could not translate
(a detail, a note or a format message), most frequent first. tests/test_i18n.py asserts none.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import yaml

from pplint.cli import options
from pplint.core import i18n
from pplint.engine.checker import Engine
from pplint.engine.selftest import example_document

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ("examples", "corpus", "tests/hostile/tenders", "tests/hostile/notices", "tests/golden")
SUFFIXES = (".yaml", ".yml", ".xml", ".json", ".jsonl")


def corpus_files(root: Path = ROOT) -> Iterator[Path]:
    """Every tender or notice file of the corpora (sorted, links not followed)."""
    for name in CORPORA:
        folder = root / name
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_symlink() and path.suffix in SUFFIXES:
                    yield path


def misses(lang: str, root: Path = ROOT) -> set[str]:
    """The untranslated texts of checking every corpus file and rule example in ``lang``."""
    cfg = options.load_config(None, False, root)
    setup = options.build(cfg, (), (), (), None, True)
    settings = replace(setup.settings, lang=lang, evidence=True)
    engine = Engine(setup.ruleset, settings, terms=setup.terms)
    i18n.MISSES = found = set()
    try:
        for path in corpus_files(root):
            engine.check_path(path, str(path.relative_to(root)))
        for rule in setup.ruleset.rule_list():
            examples = [*rule.examples, *(e for r in rule.refinements for e in r.examples)]
            for example in examples:
                raw = yaml.safe_dump(example_document(example), allow_unicode=True)
                engine.check_bytes(raw.encode(), f"{rule.id}.example.yaml")
    finally:
        i18n.MISSES = None
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="es", choices=("es", "ca"))
    args = parser.parse_args(argv)
    found = misses(args.lang)
    for text in sorted(found):
        print(text)
    print(f"{len(found)} untranslated texts", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
