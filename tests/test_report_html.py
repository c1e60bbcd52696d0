"""`pplint report`: the HTML holds every finding `pplint check --format json` reports, with
the same counts; it is one self-contained, parseable, accessible-by-structure page; tender
text never becomes markup; bad input is a finding or a usage error, never a traceback."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from click.testing import CliRunner

from pplint.cli import main

REPO = Path(__file__).resolve().parents[1]
BAD = REPO / "examples" / "bad"
EXAMPLES = REPO / "examples"


def report(*args: str, tmp: Path, name: str = "r.html") -> tuple[Any, str]:
    """Run `pplint report` and read the page it wrote."""
    out = tmp / name
    result = CliRunner().invoke(main, ["report", "--no-config", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return result, out.read_text(encoding="utf-8")


def checked_json(*paths: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["check", "--no-config", "--format", "json", *paths])
    assert result.exit_code in (0, 1), result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("report")
    return {
        "bad": report(str(BAD), tmp=tmp, name="bad.html")[1],
        "examples": report(str(EXAMPLES), tmp=tmp, name="examples.html")[1],
        "one": report(str(BAD / "cloud-hosting.tender.yaml"), tmp=tmp, name="one.html")[1],
    }


def tree(html: str) -> Any:
    return lxml.html.document_fromstring(html)


def scorecards(doc: Any) -> dict[str, Any]:
    """Each scorecard by the file it is about."""
    return {
        card.get("data-file"): card
        for card in doc.xpath("//article[contains(@class, 'scorecard')]")
    }


@pytest.mark.parametrize("which", ["bad", "examples"])
def test_every_finding_appears_with_the_counts_of_check(pages: dict[str, str], which: str) -> None:
    data = checked_json(str(BAD if which == "bad" else EXAMPLES))
    cards = scorecards(tree(pages[which]))
    files = {f["file"] for f in data["findings"]} | {p["file"] for p in data["passed"]}
    assert files <= set(cards), files - set(cards)
    for file, card in cards.items():
        mine = [f for f in data["findings"] if f["file"] == file]
        active = [f for f in mine if not f.get("suppressed")]
        shown = Counter(
            (a.get("data-rule"), int(a.get("data-line")))
            for a in card.xpath(".//article[contains(@class, 'finding')]")
        )
        assert shown == Counter((f["rule"], f["line"]) for f in active), file
        waived = card.xpath(".//table[@class='waivers']/tbody/tr/th/code/text()")
        assert sorted(waived) == sorted(f["rule"] for f in mine if f.get("suppressed"))
        judged = Counter(f["severity"] for f in active if f["kind"] != "not-shown")
        counts = [
            int(li.xpath("string(text())").strip())
            for li in card.xpath(".//ul[@class='counts']/li")
        ]
        assert counts == [judged["error"], judged["warning"], judged["info"], len(waived)], file
        held = card.xpath(".//ul[@class='held']/li/code/text()")
        assert sorted(held) == sorted(p["rule"] for p in data["passed"] if p["file"] == file)
    totals = Counter()
    for card in cards.values():
        items = card.xpath(".//ul[@class='counts']/li")[:3]
        for li, key in zip(items, ("errors", "warnings", "infos"), strict=True):
            totals[key] += int(li.xpath("string(text())").strip())
    summary = data["summary"]
    assert dict(totals) == {k: summary[k] for k in ("errors", "warnings", "infos")}


def test_summary_by_family_adds_up(pages: dict[str, str]) -> None:
    """The summary table's finding columns count the scorecard's findings of each kind."""
    card = next(iter(scorecards(tree(pages["one"])).values()))
    heads = [th.text_content() for th in card.xpath(".//table[@class='summary']/thead/tr/th")]
    assert heads[:8] == [
        "Family",
        "Met",
        "Weak",
        "Missing",
        "Violations",
        "Not applicable",
        "Waived",
        "Proportions",
    ]
    rows = card.xpath(".//table[@class='summary']/tbody/tr")
    assert [r.xpath("string(th)") for r in rows] == [
        "Social",
        "Environmental",
        "Ethical supply chain",
        "Digital and privacy",
        "Award criteria",
        "Governance",
    ]
    column = {name: i for i, name in enumerate(heads[1:7])}
    kinds = Counter(
        a.xpath("string(.//p[@class='where'])").split(" · ")[0]
        for a in card.xpath(".//article[contains(@class, 'finding')]")
    )
    sums = {name: sum(int(r.xpath("td")[i].text) for r in rows) for name, i in column.items()}
    assert sums["Weak"] == kinds["Weak clause"]
    assert sums["Missing"] == kinds["Missing clause"]
    assert sums["Violations"] == kinds["Violation"]
    assert sums["Waived"] == 1
    assert sums["Met"] == len(card.xpath(".//ul[@class='held']/li"))


def test_one_self_contained_page(pages: dict[str, str]) -> None:
    for html in pages.values():
        doc = tree(html)
        assert not doc.xpath("//link | //img | //iframe | //object | //embed | //video | //audio")
        assert not doc.xpath("//*[@src]"), "an element loads something"
        assert not re.search(r"url\(|@import", html), "the style loads something"
        scripts = doc.xpath("//script")
        assert len(scripts) == 1 and not scripts[0].get("src")
        for element in doc.xpath("//*[@href]"):
            href = element.get("href")
            if href.startswith("#"):
                assert doc.get_element_by_id(href[1:]) is not None, href
                continue
            assert element.tag == "a" and href.startswith(("https://", "http://")), href
            assert element.xpath("ancestor::ul[@class='legal']"), f"an outside link: {href}"
        for attr in doc.xpath("//@*"):
            assert (
                not str(attr).strip().lower().startswith(("http", "//")) or attr.attrname == "href"
            )


def test_content_security_policy_allows_only_the_inline_style_and_script(
    pages: dict[str, str],
) -> None:
    doc = tree(pages["one"])
    policy = doc.xpath("string(//meta[@http-equiv='Content-Security-Policy']/@content)")
    assert "default-src 'none'" in policy
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        text = doc.xpath(f"string(//{tag})")
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in policy, tag


def test_structure_is_accessible(pages: dict[str, str]) -> None:
    """One h1, headings that never skip a level, the language set, every table captioned
    with scoped header cells, every chart an image with a text alternative and a table."""
    for name, html in pages.items():
        doc = tree(html)
        assert doc.get("lang") == "en"
        assert len(doc.xpath("//h1")) == 1
        levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels[0] == 1
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), name
        for table in doc.xpath("//table"):
            assert table.xpath("caption") and table.xpath("string(caption)").strip()
            assert all(th.get("scope") in ("col", "row") for th in table.xpath(".//th"))
        for svg in doc.xpath("//svg[@role='img']"):
            labels = svg.get("aria-labelledby").split()
            assert all(doc.get_element_by_id(i).text_content().strip() for i in labels)
            assert svg.xpath("following-sibling::table")
        for svg in doc.xpath("//svg[not(@role)]"):
            assert svg.get("aria-hidden") == "true"
        ids = doc.xpath("//@id")
        assert len(ids) == len(set(ids)), "duplicate ids"
    charts = tree(pages["examples"]).xpath("//svg[@role='img']/@aria-labelledby")
    assert [c.split()[0] for c in charts] == [
        "chart-price-t",
        "chart-families-t",
        "chart-rules-t",
        "chart-buyers-t",
    ]
    assert not tree(pages["one"]).xpath("//*[@id='portfolio']"), "one tender: no portfolio"


def test_a_finding_shows_its_clause_words_legal_basis_and_model_clause(
    pages: dict[str, str],
) -> None:
    card = next(iter(scorecards(tree(pages["one"])).values()))
    (vmware,) = card.xpath(".//article[@data-rule='DIG-STD-002']")
    assert vmware.xpath(".//blockquote//mark/text()") == ["VMware", "vSphere"]
    assert "Virtualisation platform" in vmware.xpath("string(.//figcaption)")
    links = vmware.xpath(".//ul[@class='legal']//a/@href")
    assert links and all(link.startswith("https://") for link in links)
    model = vmware.xpath(".//div[@class='model']/pre")[0]
    assert "Managed cloud hosting of the local councils' websites" in model.text
    button = vmware.xpath(".//button[@data-copy]")[0]
    assert button.get("data-copy") == model.get("id") and button.get("hidden") is not None
    (renewable,) = card.xpath(".//article[@data-rule='ENV-NRG-002']")
    assert renewable.xpath(".//mark/text()") == ["where possible"]
    reasons = renewable.xpath(".//ul[@class='reasons']/li/text()")
    assert reasons[0].startswith("The wording binds no one")
    gdpr = card.xpath(".//article[@data-rule='DIG-GDPR-001']")[0]
    assert gdpr.xpath(".//ul[@class='elements']/li/text()") == [
        "confidentiality of the staff who process the data",
        "security measures",
        "help with data subjects' requests",
    ]
    (waiver,) = card.xpath(".//table[@class='waivers']/tbody/tr")
    cells = [c.text_content().strip() for c in waiver.xpath("th | td")]
    assert cells[0].startswith("SOC-LAB-002")
    assert cells[2:] == ["Head of Procurement, Local Government Division", "2027-12-31"]
    held = card.xpath(".//ul[@class='held']/li[code='DIG-GDPR-003']")
    assert not held, "a rule with a finding does not hold"
    holds = card.xpath(".//ul[@class='held']/li[code='DIG-STD-001']//li")
    assert holds and "C-05" in holds[0].text_content()


def test_a_rule_with_several_findings_shows_its_model_clause_once(pages: dict[str, str]) -> None:
    cards = scorecards(tree(pages["bad"]))
    card = next(c for f, c in cards.items() if f.endswith("call-centre.tender.yaml"))
    found = card.xpath(".//article[@data-rule='GOV-CPC-001']")
    assert len(found) == 2
    assert len(card.xpath(".//article[@data-rule='GOV-CPC-001']//pre")) == 1
    ref = found[1].xpath(".//p[@class='model-ref']/a/@href")[0]
    assert ref == "#" + found[0].get("id")


HOSTILE = """\
pplint: 1
tender:
  id: "<script>alert('id')</script>"
  title: "\\"><img src=x onerror=alert(1)> <script>alert('title')</script>"
  buyer: {name: "</style><script>alert(2)</script>", country: IE, city: "javascript:alert(3)"}
  language: en
  nature: supplies
  procedure: open
  cpv: ["39130000"]
  estimated_value: {amount: 380000, currency: EUR}
clauses:
  - id: "C-1\\" onmouseover=\\"alert(4)"
    section: specification
    title: "<a href='javascript:alert(5)'>x</a>"
    text: "Chairs shall be Steelcase <img src=x onerror=alert(6)> ]]> --> <!-- where possible."
waivers:
  - rule: SOC-SUB-002
    reason: "<script>alert(7)</script>"
    approver: "\\"><svg onload=alert(8)>"
"""


def test_tender_text_never_becomes_markup(tmp_path: Path) -> None:
    tender = tmp_path / "x.tender.yaml"
    tender.write_text(HOSTILE, encoding="utf-8")
    _, html = report(str(tender), tmp=tmp_path)
    doc = tree(html)
    assert len(doc.xpath("//script")) == 1 and "alert" not in doc.xpath("string(//script)")
    live = "//img | //svg[@onload] | //*[@onerror] | //*[@onmouseover]"
    assert not doc.xpath(live + " | //a[starts-with(@href, 'javascript')]")
    assert "alert" not in doc.xpath("string(//style)")
    assert html.count("<script") == 1
    for raw in ("<img src=x", "<svg onload", "</style><script>", 'onmouseover="alert'):
        assert raw not in html
    text = doc.text_content()
    assert "<script>alert('title')</script>" in text and "<img src=x onerror=alert(6)>" in text
    assert "javascript:alert(3)" in text  # shown, never a link
    assert doc.xpath("//title")[0].text.startswith('Clause review: "><img')


def test_a_javascript_url_in_a_pack_is_not_a_link(tmp_path: Path) -> None:
    from pplint.core.model import Severity
    from pplint.core.rules import Rule
    from pplint.output.report.view import _legal

    rule = Rule(
        "X-1",
        "t",
        "social",
        Severity.ERROR,
        "k",
        {},
        "m",
        "r",
        [
            {"instrument": "A", "url": "javascript:alert(1)"},
            {"instrument": "B", "url": "https://example.org/law"},
            {"instrument": "C", "article": "art. 1", "url": "data:text/html,x"},
        ],
        {},
        [],
    )
    assert [(b.text, b.url) for b in _legal(rule)] == [
        ("A", None),
        ("B", "https://example.org/law"),
        ("C, art. 1", None),
    ]


def test_languages(tmp_path: Path) -> None:
    """--lang sets every scorecard's language; without it each scorecard speaks its tender's
    language and the page the locale's."""
    _, spanish = report(str(BAD / "furniture.tender.yaml"), "--lang", "es", tmp=tmp_path)
    doc = tree(spanish)
    assert doc.get("lang") == "es"
    assert "Resumen por familia" in doc.text_content()
    assert doc.xpath("string(//h1)").startswith("Revisión de cláusulas:")
    _, own = report(str(BAD), tmp=tmp_path, name="own.html")
    doc = tree(own)
    assert doc.get("lang") == "en"
    langs = {c.get("lang") for c in doc.xpath("//article[contains(@class, 'scorecard')]")}
    assert langs == {None, "es"}  # road works is in Spanish: its scorecard says so
    road = doc.xpath("//article[@lang='es']")[0]
    assert "Resumen por familia" in road.text_content()
    _, catalan = report(
        str(EXAMPLES / "good" / "school-catering.tender.yaml"), tmp=tmp_path, name="ca.html"
    )
    assert tree(catalan).get("lang") == "ca"
    assert "Resum per família" in catalan


def test_a_scan_s_records_make_a_portfolio(tmp_path: Path) -> None:
    records = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main, ["scan", "--no-config", str(EXAMPLES), "--jsonl", str(records)]
    )
    assert result.exit_code == 0, result.output
    _, html = report("--from-scan", str(records), tmp=tmp_path)
    doc = tree(html)
    rows = doc.xpath("//table[@id='tender-table']/tbody/tr")
    documents = [json.loads(line) for line in records.read_text().splitlines()]
    docs = [d for d in documents if d["record"] == "document"]
    assert len(rows) == len(docs)
    errors = sum(int(r.xpath("td")[1].text) for r in rows)
    assert errors == sum(d["errors"] for d in docs)
    findings = doc.xpath(
        "//article[contains(@class, 'finding')][not(contains(@class, 'sev-info'))]"
    )
    assert len(findings) == sum(d["errors"] + d["warnings"] for d in docs)
    assert "Read from scan records" in doc.text_content()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "name tender files or folders"),
        (["--lang", "fr", "x"], "fr"),
        (["--from-scan", "/nonexistent/out.jsonl"], "cannot read the scan records"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["report", *args, "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_records_that_are_not_a_scan_s_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"record": "document", "schema": 1, "source": "a"}\nnot json\n')
    result = CliRunner().invoke(
        main, ["report", "--from-scan", str(bad), "-o", str(tmp_path / "r.html")]
    )
    assert result.exit_code == 2
    assert f"{bad}:2" in result.output and "not a JSON record" in result.output


def test_bad_files_are_findings_in_the_report(tmp_path: Path) -> None:
    broken = tmp_path / "broken.tender.yaml"
    broken.write_text("pplint: 1\ntender: [unclosed\n", encoding="utf-8")
    missing = tmp_path / "gone.tender.yaml"
    _, html = report(str(broken), str(missing), tmp=tmp_path)
    doc = tree(html)
    rules = doc.xpath("//article[contains(@class, 'finding')]/@data-rule")
    assert rules == ["FMT-SYNTAX", "FMT-READ"]
    assert doc.text_content().count("No score: the file could not be checked.") == 2


def test_writes_to_stdout(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["report", "--no-config", str(BAD / "furniture.tender.yaml"), "-o", "-"]
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")


def test_many_documents_keep_the_worst_scorecards_and_count_all(tmp_path: Path) -> None:
    _, page = report(str(EXAMPLES), "--max-scorecards", "3", tmp=tmp_path)
    doc = tree(page)
    cards = scorecards(doc)
    assert len(cards) == 3
    rows = doc.xpath("//table[@id='tender-table']/tbody/tr")
    assert len(rows) == 3
    assert "lowest scores are listed" in page and "count all 9" in page
    _, full = report(str(EXAMPLES), tmp=tmp_path, name="full.html")
    scores = sorted(
        int(td.get("data-value"))
        for td in tree(full).xpath("//table[@id='tender-table']/tbody/tr/td[last()]")
    )
    kept = sorted(int(r.xpath("td[last()]")[0].get("data-value")) for r in rows)
    assert kept == scores[:3]


def test_a_finding_says_when_pplint_fix_can_fix_it(tmp_path: Path) -> None:
    _, page = report(str(BAD / "furniture.tender.yaml"), tmp=tmp_path)
    doc = tree(page)
    fixes = {}
    for card in doc.xpath("//article[not(contains(@class, 'scorecard'))][.//p[@class='fix']]"):
        text = card.xpath(".//p[@class='fix']")[0].text_content()
        fixes[" ".join(card.text_content().split())[:400]] = text
    joined = " ".join(fixes.values())
    assert "`pplint fix` makes this edit" in joined  # or equivalent after FSC, brand names
    assert "`pplint fix --review-fixes` inserts this model clause" in joined
    assert len(fixes) == 4  # DIG-STD-002, ENV-LBL-001 (safe); SOC-SUB-001, SOC-SUB-002 (review)
    assert any("ENV-LBL-001" in k and "makes this edit" in v for k, v in fixes.items())
    assert any("SOC-SUB-002" in k and "--review-fixes" in v for k, v in fixes.items())
