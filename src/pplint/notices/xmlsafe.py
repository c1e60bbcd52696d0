"""XML bytes to an element tree, safely: no DTD, no entities, no network, bounded, located.

lxml's parser is set as defusedxml advises (no entity resolution, no DTD loading, no network,
no huge trees); a document type declaration or an entity declaration is refused before the
parser sees it, so neither an entity bomb nor an external entity can be expanded. Every
refusal is a LoadError at the line and column of the problem.
"""

from __future__ import annotations

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


# an attribute value over MAX_ATTRIBUTE characters
_HUGE_ATTRIBUTE = re.compile(rf"=\s*(?:\"[^\"<]{{{MAX_ATTRIBUTE},}}\"|'[^'<]{{{MAX_ATTRIBUTE},}}')")


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
        self._lines: list[str] | None = None
        self._located: dict[Any, Location] = {}  # element -> where, as each is first asked
        self._paths: dict[Any, str] = {}
        self._refuse_declarations()
        from lxml import etree

        try:
            root = etree.fromstring(raw, _parser())
        except etree.XMLSyntaxError as exc:
            line, column = exc.position if exc.position else (1, 1)
            message = str(exc.msg or exc).split(", line ")[0]
            if "Excessive depth" in message:
                raise LoadError(
                    "nested too deeply: more than 256 levels of elements (a notice nests "
                    "fewer than 20)",
                    file,
                    max(line, 1),
                    max(column, 1),
                    "FMT-LIMIT",
                ) from None
            raise LoadError(
                f"not well-formed XML: {message}", file, max(line, 1), max(column, 1), CODE
            ) from None
        except (ValueError, TypeError) as exc:  # e.g. an encoding libxml2 does not know
            raise LoadError(f"cannot read the XML: {exc}", file, 1, 1, CODE) from None
        self.root = root
        self.tree = root.getroottree()
        self._bound()

    def _bound(self) -> None:
        """Refuse more than MAX_ELEMENTS elements, or an attribute over MAX_ATTRIBUTE
        characters (each start tag has a "<", so the count of "<" bounds the elements)."""
        text = self.text
        if text.count("<") > MAX_ELEMENTS:
            count = sum(1 for e in self.root.iter() if isinstance(e.tag, str))
            if count > MAX_ELEMENTS:
                raise LoadError(
                    f"the XML has {count:,} elements, over the limit of {MAX_ELEMENTS:,}",
                    self.file,
                    1,
                    1,
                    "FMT-LIMIT",
                )
        if len(text) > MAX_ATTRIBUTE:
            found = _HUGE_ATTRIBUTE.search(text)
            if found:
                loc = self.at(found.start())
                raise LoadError(
                    f"an attribute value is over {MAX_ATTRIBUTE:,} characters",
                    self.file,
                    loc.line,
                    loc.column,
                    "FMT-LIMIT",
                )

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

    def lines(self) -> list[str]:
        """The text's lines (only LF ends one), split once, when a location is first asked."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    def location(self, element: Any) -> Location:
        """Where an element's start tag begins (remembered: an element is often asked for
        several values)."""
        found = self._located.get(element)
        if found is None:
            found = self._located[element] = self._find(element)
        return found

    def _find(self, element: Any) -> Location:
        """Where an element's start tag begins: libxml2 gives the line its start tag ends on;
        the tag is searched back from there (its line alone when the text cannot tell)."""
        line = max(int(element.sourceline or 1), 1)
        tag = element.tag
        if not isinstance(tag, str):
            return Location(line, 1)
        local = tag.rsplit("}", 1)[-1]
        opening = f"<{element.prefix}:{local}" if element.prefix else f"<{local}"
        lines = self.lines()
        if line > len(lines):
            return Location(line, 1)
        # start tags of the same name before it on its line (siblings, as notices write them)
        before = sum(1 for s in element.itersiblings(tag, preceding=True) if s.sourceline == line)
        for n in range(line, max(line - 50, 0), -1):  # a start tag may span lines
            text = lines[n - 1]
            column = _nth_tag(text, opening, before if n == line else 0, n == line)
            if column is not None:
                return Location(n, column + 1)
        return Location(line, 1)

    def xpath(self, element: Any) -> str:
        """The element's absolute XPath, with the document's prefixes and positions."""
        found = self._paths.get(element)
        if found is None:
            found = self._paths[element] = str(self.tree.getpath(element))
        return found

    def at(self, index: int) -> Location:
        """The line and column of a character offset of the text."""
        line = self.text.count("\n", 0, index) + 1
        start = self.text.rfind("\n", 0, index) + 1
        return Location(line, index - start + 1)


def _nth_tag(text: str, opening: str, nth: int, last_line: bool) -> int | None:
    """The offset of the ``nth`` start tag ``opening`` in a line (the last one when the tag
    must end on a later line), or None."""
    found: list[int] = []
    at = text.find(opening)
    while at >= 0:
        after = at + len(opening)
        if after == len(text) or text[after] in " \t\r/>":
            found.append(at)
        at = text.find(opening, after)
    if not found:
        return None
    return found[min(nth, len(found) - 1)] if last_line else found[-1]


def _decode(raw: bytes, file: str) -> str:
    """The document's text, from its byte-order mark or declared encoding (UTF-8 otherwise)."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
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
