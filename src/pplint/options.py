"""From command-line options and configuration to a rule set and run settings (no I/O to users)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pplint import config as config_mod
from pplint import packcache, plugins, rulepack
from pplint.engine import Settings
from pplint.errors import ConfigError
from pplint.model import Severity
from pplint.rulepack import RuleSet
from pplint.source import DEFAULT_MAX_BYTES, DEFAULT_MAX_NODES


@dataclass(slots=True)
class RunSetup:
    config: config_mod.Config
    ruleset: RuleSet
    settings: Settings
    fail_on: Severity | None


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
    such a file or folder exists, else the name of an opt-in shipped pack.
    """
    paths = [rulepack.shipped_dir(), *plugins.pack_paths()]
    enabled: list[str] = []
    for entry in [*(str(cfg.base / e) if (cfg.base / e).exists() else e
                    for e in cfg.get("packs", [])), *extra]:
        path = Path(entry)
        if path.exists():
            paths.append(path)
            enabled.extend(str(p) for p in rulepack.pack_files([path]))
        else:
            enabled.append(entry)
    return paths, enabled


def build(
    cfg: config_mod.Config, rules: Sequence[str], select: Sequence[str], ignore: Sequence[str],
    fail_on: str | None, use_waivers: bool, today: dt.date | None = None,
) -> RunSetup:
    paths, enabled = pack_paths(cfg, rules)
    disabled = set(cfg.get("disable_packs", []))
    rs = packcache.load(paths, enabled, cache_dir())
    loaded = {p.name for p in rs.packs} | {p.file for p in rs.packs}
    for name in enabled:
        if name not in loaded and not Path(name).exists():
            raise ConfigError(f"packs: no rule pack named `{name}` (not a shipped pack, and no "
                              "such file)", str(cfg.path or ""))
    if disabled:
        rs = _without_packs(rs, disabled)
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
    return RunSetup(cfg, rs, settings, None if level == "never" else Severity.parse(level))


def _split(values: Sequence[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _without_packs(rs: RuleSet, names: set[str]) -> RuleSet:
    rs.rules = {k: r for k, r in rs.rules.items() if r.pack not in names}
    for rule in rs.rules.values():
        rule.refinements = [ref for ref in rule.refinements if ref.pack not in names]
    return rs


def _check_names(cfg: config_mod.Config, rs: RuleSet) -> None:
    """Config keys naming rules or params must name real ones (a typo is an error)."""
    from pplint.engine import FORMAT_RULES

    known = set(rs.rules) | set(FORMAT_RULES)
    for rule_id in cfg.get("severity", {}):
        if rule_id not in known:
            raise ConfigError(f"severity: unknown rule `{rule_id}`", str(cfg.path or ""))
    for name in cfg.get("params", {}):
        if name not in rs.params:
            raise ConfigError(f"params: unknown param `{name}`; `pplint rules --params` "
                              "lists them", str(cfg.path or ""))
