"""Which files are notices, and the tender documents they map to."""

from __future__ import annotations

from pplint.load.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_NODES, too_large
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
    from pplint.notices import eforms, ted
    from pplint.notices.xmlsafe import XmlDoc

    xml = XmlDoc(raw, file)
    if eforms.is_eforms(xml):
        return eforms.load(xml)
    if ted.is_ted(xml):
        return ted.load(xml)
    tag = xml.root.tag
    name = tag.split("}")[-1] if isinstance(tag, str) else "?"
    raise eforms.refuse(
        xml,
        f"an XML document whose root is <{name}> is not a notice pplint reads: expected an "
        "eForms UBL notice (ContractNotice, ContractAwardNotice, PriorInformationNotice) or a "
        "TED R2.0.9 export (TED_EXPORT)",
    )


def load_documents(
    raw: bytes, file: str, *, max_bytes: int = DEFAULT_MAX_BYTES, max_nodes: int = DEFAULT_MAX_NODES
) -> list[SourceDoc] | None:
    """The tender documents a notice file holds: one for XML, one or more for OCDS JSON
    (a package, JSON Lines); None when the file is no notice (a tender: read it as YAML).
    A notice that cannot be read raises LoadError."""
    kind = sniff(raw)
    if kind == XML:
        if len(raw) > max_bytes:
            raise too_large(len(raw), max_bytes, file)
        return [load_xml(raw, file)]
    if kind == JSON:
        from pplint.notices import ocds

        try:
            return ocds.load(raw, file, max_bytes=max_bytes, max_nodes=max_nodes)
        except ocds.NotOcds:
            return None  # JSON is YAML: perhaps a tender written in JSON
    return None
