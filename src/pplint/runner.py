"""One run of `pplint check`: set-up, every file through the engine, baseline, report."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pplint import baseline as baseline_mod
from pplint import options
from pplint.engine import Engine
from pplint.report import Report


@dataclass(slots=True)
class Run:
    setup: options.RunSetup
    report: Report


def run(files: Sequence[tuple[Path, str]], *, config_path: str | None = None,
        use_config: bool = True, rules: Sequence[str] = (), select: Sequence[str] = (),
        ignore: Sequence[str] = (), fail_on: str | None = None, use_waivers: bool = True,
        baseline: str | None = None, write_baseline: str | None = None,
        cwd: Path | None = None, today: dt.date | None = None) -> Run:
    """Check every file; a bad file becomes findings, a bad pack or config raises PplintError."""
    cfg = options.load_config(config_path, use_config, cwd or Path.cwd())
    setup = options.build(cfg, rules, select, ignore, fail_on, use_waivers, today)
    known = baseline_mod.load(Path(baseline)) if baseline else None
    engine = Engine(setup.ruleset, setup.settings)
    results = [engine.check_path(path, display) for path, display in files]
    report = Report(results, setup.ruleset, setup.fail_on)
    if write_baseline:
        Path(write_baseline).write_text(baseline_mod.dumps(report.findings), encoding="utf-8")
    if known is not None:
        hidden_total = 0
        for result in results:
            result.findings, hidden = baseline_mod.split(result.findings, known)
            hidden_total += hidden
        report.baseline_hidden = hidden_total
    return Run(setup, report)


def add_model_clauses(report: Report, setup: options.RunSetup) -> None:
    """Fill each finding's model clause, in the tender's language, from its tender."""
    from pplint import clauses

    for result in report.results:
        for finding in result.findings:
            rule = report.rule(finding.rule)
            key = (finding.file, finding.rule)
            if rule is None or key in report.model_clauses:
                continue
            report.model_clauses[key] = clauses.render(
                rule, setup.ruleset, result.context, params=setup.settings.params)


def render(report: Report, fmt: str) -> str:
    from pplint import formatters

    if fmt == "pretty":
        fmt = "text"
    return formatters.get(fmt)(report)


def write_step_summary(report: Report) -> None:
    """Append a Markdown table of findings to $GITHUB_STEP_SUMMARY when it is set."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from pplint.formatters.github import step_summary

    with open(target, "a", encoding="utf-8") as handle:
        handle.write(step_summary(report))
