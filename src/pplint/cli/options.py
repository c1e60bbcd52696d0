"""From command-line options and configuration to a rule set and run settings (no I/O to users)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from pplint.cli import cache as packcache
from pplint.core.errors import ConfigError, PackError, PplintError
from pplint.core.i18n import locale_lang
from pplint.core.model import Severity
from pplint.core.rules import RuleSet
from pplint.engine.results import Settings
from pplint.engine.run import RunSetup
from pplint.load import config as config_mod
from pplint.load.source import DEFAULT_MAX_BYTES, DEFAULT_MAX_NODES
from pplint.packs import listing, plugins


def cache_dir() -> Path | None:
    """Where loaded packs are cached: $PPLINT_CACHE_DIR, else the user cache folder.

    ``PPLINT_NO_CACHE=1`` turns the cache off.
    """
    if os.environ.get("PPLINT_NO_CACHE"):
        return None
    explicit = os.environ.get("PPLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pplint"


def load_config(explicit: str | None, use_config: bool, cwd: Path) -> config_mod.Config:
    if explicit:
        path = Path(explicit)
        if not path.exists():
            raise ConfigError("configuration file not found", explicit)
        return config_mod.load(path)
    if not use_config:
        return config_mod.Config()
    found = config_mod.find(cwd)
    return config_mod.load(found) if found else config_mod.Config()


def pack_paths(cfg: config_mod.Config, extra: Sequence[str]) -> tuple[list[Path], list[str]]:
    """Pack files to load (shipped, config, --rules) and the opt-in packs to enable.

    A `packs:` entry of the configuration is a path (relative to the configuration file) when
    such a file or folder exists, else the name of an opt-in shipped pack; an entry written
    as a path (with a slash, or ending in .yaml / .yml) that does not exist is an error at
    its line.
    """
    paths = [listing.shipped_dir(), *plugins.pack_paths()]
    enabled: list[str] = []

    def add(path: Path) -> None:
        paths.append(path)
        enabled.extend(str(p) for p in listing.pack_files([path]))

    for index, entry in enumerate(cfg.get("packs", [])):
        if (cfg.base / entry).exists():
            add(cfg.base / entry)
        elif _is_path(entry):
            raise cfg.error(
                f"`{entry}` does not exist (a pack path is relative to the "
                f"configuration file's folder, {cfg.base})",
                ("packs", index),
            )
        else:
            enabled.append(entry)
    for entry in extra:
        if Path(entry).exists():
            add(Path(entry))
        else:
            enabled.append(entry)
    return paths, enabled


def _is_path(entry: str) -> bool:
    """Whether a `packs:` entry is written as a path rather than a pack name."""
    return "/" in entry or os.sep in entry or entry.endswith((".yaml", ".yml"))


def build(
    cfg: config_mod.Config,
    rules: Sequence[str],
    select: Sequence[str],
    ignore: Sequence[str],
    fail_on: str | None,
    use_waivers: bool,
    today: dt.date | None = None,
) -> RunSetup:
    paths, enabled = pack_paths(cfg, rules)
    disabled = list(cfg.get("disable_packs", []))
    # disabled opt-in packs are loaded too, so that a name that is no pack can be told apart
    try:
        packs = packcache.load(paths, [*enabled, *disabled], cache_dir())
    except PackError as exc:
        raise _named_by(cfg, exc) from None
    rs = packs.ruleset
    _check_pack_names(cfg, rules, rs)
    if disabled:
        rs = _without_packs(rs, set(disabled))
    _check_names(cfg, rs)
    limits = cfg.get("limits", {})
    settings = Settings(
        select=tuple(_split(select) or cfg.get("select", [])),
        ignore=tuple(_split(ignore) + list(cfg.get("ignore", []))),
        severity=dict(cfg.get("severity", {})),
        params=dict(cfg.get("params", {})),
        max_bytes=limits.get("max_file_bytes", DEFAULT_MAX_BYTES),
        max_nodes=limits.get("max_nodes", DEFAULT_MAX_NODES),
        use_waivers=use_waivers,
        today=today,
    )
    level = fail_on or cfg.get("fail_on", "error")
    threshold = None if level == "never" else Severity.parse(level)
    return RunSetup(cfg, rs, settings, threshold, packs.terms)


def _named_by(cfg: config_mod.Config, exc: PackError) -> PackError:
    """The error of a pack that a `packs:` entry named, saying which entry brought it in."""
    broken = Path(os.path.abspath(exc.file or ""))
    for index, entry in enumerate(cfg.get("packs", [])):
        named = Path(os.path.abspath(cfg.base / entry))
        if broken == named or named in broken.parents:
            line, column = cfg.locate(("packs", index))
            return PackError(
                f"{exc.message} (the pack is named by packs[{index}] at "
                f"{cfg.path}:{line}:{column})",
                exc.file,
                exc.line,
                exc.column,
            )
    return exc


def _check_pack_names(cfg: config_mod.Config, rules: Sequence[str], rs: RuleSet) -> None:
    """Every pack named in `packs:`, `disable_packs:` or --rules must exist."""
    names = {p.name for p in rs.packs}
    for index, entry in enumerate(cfg.get("packs", [])):
        if entry not in names and not (cfg.base / entry).exists():
            raise cfg.error(
                f"no rule pack named `{entry}` (not a shipped pack, and no such file)",
                ("packs", index),
            )
    for index, entry in enumerate(cfg.get("disable_packs", [])):
        if entry not in names:
            raise cfg.error(
                f"no rule pack named `{entry}` (the loaded packs are: {', '.join(sorted(names))})",
                ("disable_packs", index),
            )
    for entry in rules:
        if entry not in names and not Path(entry).exists():
            raise PplintError(
                f"--rules {entry}: no such rule pack file or folder, and no "
                "opt-in pack of that name"
            )


def _split(values: Sequence[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _without_packs(rs: RuleSet, names: set[str]) -> RuleSet:
    rs.rules = {k: r for k, r in rs.rules.items() if r.pack not in names}
    for rule in rs.rules.values():
        rule.refinements = [ref for ref in rule.refinements if ref.pack not in names]
    return rs


def _check_names(cfg: config_mod.Config, rs: RuleSet) -> None:
    """Config keys naming rules or params must name real ones (a typo is an error)."""
    from pplint.engine.results import FORMAT_RULES

    known = set(rs.rules) | set(FORMAT_RULES)
    for rule_id in cfg.get("severity", {}):
        if rule_id not in known:
            raise cfg.error(f"unknown rule `{rule_id}`", ("severity", rule_id))
    for name in cfg.get("params", {}):
        if name not in rs.params:
            raise cfg.error(
                f"unknown param `{name}`; `pplint rules --params` lists them", ("params", name)
            )


def setup(
    config_path: str | None,
    use_config: bool,
    rules: Sequence[str],
    select: Sequence[str],
    ignore: Sequence[str],
    fail_on: str | None,
    use_waivers: bool,
    as_of: dt.datetime | None,
    cwd: Path | None = None,
    lang: str | None = None,
) -> RunSetup:
    """The configuration found (or named) and the rule set and settings it and the options
    give; a bad pack or configuration raises PplintError."""
    cfg = load_config(config_path, use_config, cwd or Path.cwd())
    today = as_of.date() if as_of else None
    return with_lang(build(cfg, rules, select, ignore, fail_on, use_waivers, today), lang)


def with_lang(run: RunSetup, lang: str | None) -> RunSetup:
    """The run speaking ``--lang``, else the configuration's ``lang``; with neither, each
    tender's own language, and the locale's for the rest (``RunSetup.lang``)."""
    chosen = lang or run.config.get("lang")
    run.settings = replace(run.settings, lang=chosen, default_lang=locale_lang(os.environ))
    return run
