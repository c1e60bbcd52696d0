"""XML bytes to an element tree, safely: no DTD, no entities, no network, bounded, located.

lxml's parser is set as defusedxml advises (no entity resolution, no DTD loading, no network,
no huge trees); a document type declaration or an entity declaration is refused before the
parser sees it, so neither an entity bomb nor an external entity can be expanded. Every
refusal is a LoadError at the line and column of the problem.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from pplint.core.errors import LoadError
from pplint.core.model import Location

CODE = "FMT-XML"
MAX_ELEMENTS = 200_000  # a large notice (24 languages, 20 lots) holds about 20,000
MAX_ATTRIBUTE = 100_000  # characters of one attribute value

# one piece of a prolog: a comment, a processing instruction, a declaration (group 1), the
# root element's start (group 2), or text
_PROLOG = re.compile(r"<!--.*?-->|<\?.*?\?>|<!(\w+)|<([^\s/>!?])|[^<]+", re.DOTALL)


# markup in document order: what is skipped (comments, CDATA, processing instructions,
# declarations) and each start tag, whose name is group 1
_MARKUP = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!(\w+)|<([^\s/>!?][^\s/>]*)", re.DOTALL
)


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=False,
    )


class XmlDoc:
    """A parsed XML document, its text, and where each element starts in that text."""

    def __init__(self, raw: bytes, file: str):
        self.file = file
        self.text = _decode(raw, file)
        self._starts: list[int] = [-1, *(m.start() for m in re.finditer("\n", self.text))]
        self._refuse_declarations()
        from lxml import etree

        try:
            root = etree.fromstring(raw, _parser())
        except etree.XMLSyntaxError as exc:
            line, column = exc.position if exc.position else (1, 1)
            message = str(exc.msg or exc).split(", line ")[0]
            raise LoadError(
                f"not well-formed XML: {message}", file, max(line, 1), max(column, 1), CODE
            ) from None
        except (ValueError, TypeError) as exc:  # e.g. an encoding libxml2 does not know
            raise LoadError(f"cannot read the XML: {exc}", file, 1, 1, CODE) from None
        self.root = root
        self.tree = root.getroottree()
        elements = [e for e in root.iter() if isinstance(e.tag, str)]
        if len(elements) > MAX_ELEMENTS:
            raise LoadError(
                f"the XML has {len(elements):,} elements, over the limit of {MAX_ELEMENTS:,}",
                file,
                1,
                1,
                "FMT-LIMIT",
            )
        self._index = {element: i for i, element in enumerate(elements)}
        tags = _start_tags(self.text, self)
        self._tags = tags if len(tags) == len(elements) else []  # else lines only

    def _refuse_declarations(self) -> None:
        """A document type or entity declaration, refused where it stands in the prolog
        (the text before the root element, the only place XML allows one)."""
        text, pos = self.text, 0
        while (m := _PROLOG.match(text, pos)) is not None and m.end() > pos:
            if m.group(2) is not None:
                return  # the root element: the prolog is over
            if m.group(1) is not None:
                loc = self.at(m.start())
                raise LoadError(
                    f"a document type declaration (<!{m.group(1)}) is not allowed in a "
                    "notice: DTDs and entities are refused, so nothing outside the file is "
                    "read and no entity is expanded",
                    self.file,
                    loc.line,
                    loc.column,
                    CODE,
                )
            pos = m.end()

    def location(self, element: Any) -> Location:
        """Where an element's start tag begins (its line alone if the text cannot tell)."""
        i = self._index.get(element)
        if i is not None and self._tags:
            return self.at(self._tags[i])
        return Location(max(int(element.sourceline or 1), 1), 1)

    def xpath(self, element: Any) -> str:
        """The element's absolute XPath, with the document's prefixes and positions."""
        return str(self.tree.getpath(element))

    def at(self, index: int) -> Location:
        """The line and column of a character offset of the text."""
        line = bisect.bisect_left(self._starts, index)
        return Location(line, index - self._starts[line - 1])


def _decode(raw: bytes, file: str) -> str:
    """The document's text, from its byte-order mark or declared encoding (UTF-8 otherwise)."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            return _decoded(raw, codec, file)
    declared = re.match(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]{1,40})[\"']", raw)
    return _decoded(raw, declared.group(1).decode("ascii") if declared else "utf-8", file)


def _decoded(raw: bytes, codec: str, file: str) -> str:
    try:
        text = raw.decode(codec)
    except (LookupError, UnicodeDecodeError) as exc:
        raise LoadError(f"cannot decode the XML as {codec}: {exc}", file, 1, 1, CODE) from None
    return text[1:] if text.startswith("\ufeff") else text


def _start_tags(text: str, doc: XmlDoc) -> list[int]:
    """The offsets of the start tags of a well-formed text, in document order; an attribute
    value over MAX_ATTRIBUTE characters is refused."""
    offsets = [m.start() for m in _MARKUP.finditer(text) if m.group(2) is not None]
    for m in re.finditer(r"=\s*(\"[^\"]{%d,}\"|'[^']{%d,}')" % (MAX_ATTRIBUTE, MAX_ATTRIBUTE), text):
        loc = doc.at(m.start())
        raise LoadError(
            f"an attribute value is over {MAX_ATTRIBUTE:,} characters",
            doc.file,
            loc.line,
            loc.column,
            "FMT-LIMIT",
        )
    return offsets
