"""The few pieces of WordprocessingML that python-docx has no words for.

Word refuses a file whose properties are out of the schema's order, so every element added
here goes before the first of its successors in that order.
"""

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml.etree import _Element as Element

_ORDER = {
    "w:rPr": (
        "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
        "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
        "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
        "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
        "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
        "w:specVanish", "w:oMath",
    ),
    "w:pPr": (
        "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
        "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
        "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
        "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
        "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
        "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
        "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
    ),
    "w:tblPr": (
        "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
        "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
        "w:tblDescription", "w:tblPrChange",
    ),
    "w:tcPr": (
        "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
        "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
        "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
    ),
}  # fmt: skip
_PREFIXES = {"http://schemas.openxmlformats.org/wordprocessingml/2006/main": "w"}


def _prefixed(element: Element) -> str:
    namespace, _, local = element.tag[1:].partition("}")
    return f"{_PREFIXES.get(namespace, '?')}:{local}"


def child(parent: Element, tag: str, **attrs: str) -> Element:
    """The child `tag` of `parent` (made in the schema's order if missing), with `attrs` set."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        order = _ORDER.get(_prefixed(parent), ())
        successors = {qn(name) for name in order[order.index(tag) + 1 :]} if tag in order else set()
        following = next((node for node in parent if node.tag in successors), None)
        if following is None:
            parent.append(element)
        else:
            following.addprevious(element)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def borders(parent: Element, tag: str, value: str, size: int = 4) -> None:
    """Set every border of a table or cell (`tag` "w:tblBorders"/"w:tcBorders") to `value`."""
    box = child(parent, tag)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if tag == "w:tcBorders" and side.startswith("inside"):
            continue
        attrs = {"val": value, "sz": str(size), "space": "0", "color": "auto"}
        child(box, f"w:{side}", **(attrs if value != "nil" else {"val": "nil"}))


def page_field(paragraph_element: Element) -> None:
    """Append a PAGE field (the page's number, which Word and LibreOffice fill in)."""
    parts = [("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)]
    for char_type, instruction in parts:
        run = OxmlElement("w:r")
        if char_type is not None:
            run.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): char_type}))
        elif instruction is not None:
            text = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
            text.text = instruction
            run.append(text)
        else:
            text = OxmlElement("w:t")
            text.text = "2"  # shown until the field is updated
            run.append(text)
        paragraph_element.append(run)


def has_page_field(element: Element) -> bool:
    instructions = [node.text or "" for node in element.iter(qn("w:instrText"))]
    instructions += [node.get(qn("w:instr"), "") for node in element.iter(qn("w:fldSimple"))]
    return any(text.split()[:1] == ["PAGE"] for text in instructions)
