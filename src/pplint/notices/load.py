"""Which files are notices, and the tender documents they map to."""

from __future__ import annotations

from pplint.core.errors import LoadError
from pplint.load.source import SourceDoc

XML = "xml"
JSON = "json"
YAML = "yaml"


def sniff(raw: bytes) -> str:
    """What a file holds, from its first significant byte: XML, JSON or (anything else) YAML."""
    head = raw[:4096]
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            if bom != b"\xef\xbb\xbf":
                return XML if b"<\x00" in head[:8] or b"\x00<" in head[:8] else YAML
            head = head[len(bom) :]
    start = head.lstrip(b" \t\r\n")[:1]
    if start == b"<":
        return XML
    if start in (b"{", b"["):
        return JSON
    return YAML


def load_xml(raw: bytes, file: str) -> SourceDoc:
    """The tender an XML notice maps to (eForms UBL or TED R2.0.9)."""
    from pplint.notices import eforms
    from pplint.notices.xmlsafe import XmlDoc

    xml = XmlDoc(raw, file)
    if eforms.is_eforms(xml):
        return eforms.load(xml)
    try:
        from pplint.notices import ted
    except ImportError:  # pragma: no cover - TED support not built
        ted = None  # type: ignore[assignment]
    if ted is not None and ted.is_ted(xml):
        return ted.load(xml)
    tag = xml.root.tag
    name = tag.split("}")[-1] if isinstance(tag, str) else "?"
    raise eforms.refuse(
        xml,
        f"an XML document whose root is <{name}> is not a notice pplint reads: expected an "
        "eForms UBL notice (ContractNotice, ContractAwardNotice, PriorInformationNotice) or a "
        "TED R2.0.9 export (TED_EXPORT)",
    )


def refuse_json(file: str) -> LoadError:
    return LoadError(
        "JSON that is not an OCDS release, release package, record package or compiled release",
        file,
        1,
        1,
        "FMT-NOTICE",
    )


def load_documents(raw: bytes, file: str) -> list[SourceDoc]:
    """The tender documents a notice file holds: one for XML, one or more for OCDS JSON, none
    when the file is not a notice."""
    kind = sniff(raw)
    if kind == XML:
        return [load_xml(raw, file)]
    if kind == JSON:
        try:
            from pplint.notices import ocds
        except ImportError:  # pragma: no cover - OCDS support not built
            return []
        try:
            return list(ocds.load(raw, file))
        except ocds.NotOcds:
            return []
    return []
