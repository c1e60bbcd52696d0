"""The HTML report of `pplint report`: a scorecard per tender and a portfolio of many."""

from __future__ import annotations

from pplint.output.report.render import render_html

__all__ = ["render_html"]
