"""The report page: scorecards and portfolio through autoescaped jinja2 templates, with the
style and script inline and a Content-Security-Policy that allows nothing else."""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from typing import Any

from pplint import __version__
from pplint.core.i18n import tr
from pplint.core.rules import RuleSet
from pplint.output.report import portfolio as portfolio_mod
from pplint.output.report import view
from pplint.output.report.collect import Checked

PACKAGE = "pplint.output.report"


def _read(name: str) -> str:
    return (resources.files(PACKAGE) / "templates" / name).read_text(encoding="utf-8")


@functools.cache
def _env() -> Any:
    """The template environment: everything escaped unless marked safe, undefined names fail."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FunctionLoader(_read),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _digest(text: str) -> str:
    """The CSP source for an inline element's exact text."""
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def _translator(lang: str) -> Callable[..., str]:
    def t(english: str, **values: Any) -> str:
        return tr(lang, english, **values)

    return t


MAX_SCORECARDS = 500  # a scan of many thousand notices: the indicators count them all


def _shown(cards: Sequence[Any], limit: int) -> list[Any]:
    """The scorecards the page holds: all, or the ``limit`` with the lowest scores (then the
    most errors), in the run's order."""
    if len(cards) <= limit:
        return list(cards)

    def worst(i: int) -> tuple[float, int, int]:
        c = cards[i]
        return (c.score if c.score is not None else 101, -c.by_severity["error"], i)

    keep = sorted(sorted(range(len(cards)), key=worst)[:limit])
    return [cards[i] for i in keep]


def render_html(
    checked: Sequence[Checked],
    rs: RuleSet,
    *,
    lang: str | None,
    default_lang: str,
    title: str | None = None,
    params: Mapping[str, float] | None = None,
    max_scorecards: int = MAX_SCORECARDS,
) -> str:
    """The whole report: a portfolio first when there are several documents (or scan records),
    then one scorecard per document, each in ``lang`` or else in its document's language."""
    from markupsafe import Markup

    env = _env()
    cards = [
        view.build(c, i, rs, lang or c.lang or default_lang, params) for i, c in enumerate(checked)
    ]
    many = len(cards) > 1 or any(c.from_scan for c in checked)
    page_lang = lang or (cards[0].lang if len(cards) == 1 else default_lang)
    t = _translator(page_lang)
    if not title:
        if len(cards) == 1:
            title = t("Clause review: {title}", title=cards[0].title)
        else:
            title = t("Clause review of {n} tenders", n=len(cards))
    port = portfolio_mod.build(cards, rs, page_lang) if many else None
    shown = _shown(cards, max_scorecards)
    scorecard = env.get_template("scorecard.html.j2")
    parts = [
        Markup(scorecard.render(c=card, t=_translator(card.lang), page_lang=page_lang, many=many))
        for card in shown
    ]
    css, js = _read("report.css"), _read("report.js")
    csp = (
        "default-src 'none'; "
        f"style-src {_digest(css)}; script-src {_digest(js)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    page = env.get_template("page.html.j2")
    html: str = page.render(
        t=t,
        lang=page_lang,
        title=title,
        version=__version__,
        rules=len(rs.rules),
        portfolio=port,
        cards=cards,
        shown=shown,
        scorecards=parts,
        css=Markup(css),
        js=Markup(js),
        csp=csp,
    )
    return html
