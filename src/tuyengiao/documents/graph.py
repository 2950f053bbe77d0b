"""The small relation graph of a document page, drawn on the server as inline SVG.

No JavaScript and no inline styles (the CSP forbids both): shapes carry classes that
`documents/documents.css` styles, and every registered document the user may read is a plain
SVG link, so one click walks along a relation. What the document carries out (its outgoing
relations) sits above it, what carries it out (incoming relations) below it: directives come
down the page as they come down the tree.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tuyengiao.documents.models import Document, DocumentRelation, RelationKind

# The SVG is drawn at its natural size (1 unit = 1 CSS pixel, text at 12 px or more): as
# wide as its widest row, so a graph of one document per row fits a phone at full size and a
# wider one scrolls inside its figure rather than shrinking its text below reading size.
NODE_WIDTH = 200
NODE_HEIGHT = 58
ROW_GAP = 56
COLUMN_GAP = 24
PER_ROW = 4
# Room for the "… và N văn bản khác" line under a crowded side.
MIN_WIDTH = 320
# Characters of a title shown in its box; the whole title shows on hover (<title>).
TITLE_CHARS = 28
# A document cited by hundreds of plans would draw an unreadable graph; the lists under it
# name them all.
MAX_PER_SIDE = 12


@dataclass(frozen=True)
class GraphNode:
    symbol: str
    issued_on: date | None
    kind_label: str
    title: str
    url: str | None
    placeholder: bool


@dataclass(frozen=True)
class Box:
    x: int
    y: int


def graph_nodes(
    relations: Sequence[DocumentRelation], *, outgoing: bool, url_for: Callable[[Document], str]
) -> list[GraphNode]:
    """One node per relation: the document at the other end, linked only when it is
    registered and the user may read it (`visible`, set by `document_relations`)."""
    nodes = []
    for relation in relations:
        visible = getattr(relation, "visible", True)
        other = relation.target if outgoing else relation.source
        placeholder = outgoing and relation.target_id is None
        symbol = relation.target_symbol if outgoing else relation.source.symbol
        issued_on = relation.target_date if outgoing else None
        if other is not None and visible:
            issued_on = other.issued_on or issued_on
        nodes.append(
            GraphNode(
                symbol=symbol,
                issued_on=issued_on,
                kind_label=str(RelationKind(relation.kind).label),
                title=other.title if other is not None and visible else "",
                url=url_for(other) if other is not None and visible and not placeholder else None,
                placeholder=placeholder,
            )
        )
    return nodes


def _graph_width(*counts: int) -> int:
    widest = max(min(count, PER_ROW) for count in (1, *counts))
    return max(MIN_WIDTH, widest * NODE_WIDTH + (widest + 1) * COLUMN_GAP)


def _row_boxes(count: int, *, top: int, width: int) -> list[Box]:
    boxes = []
    for index in range(count):
        row, column = divmod(index, PER_ROW)
        in_row = min(PER_ROW, count - row * PER_ROW)
        gap = (width - in_row * NODE_WIDTH) // (in_row + 1)
        x = gap + column * (NODE_WIDTH + gap)
        boxes.append(Box(x, top + row * (NODE_HEIGHT + ROW_GAP // 2)))
    return boxes


def _rows_height(count: int) -> int:
    rows = -(-count // PER_ROW)
    return rows * NODE_HEIGHT + max(rows - 1, 0) * (ROW_GAP // 2)


def _node_svg(node: GraphNode, box: Box, *, css: str) -> SafeString:
    classes = css + (" docgraph-placeholder" if node.placeholder else "")
    line1 = node.symbol + (f" ({node.issued_on:%d/%m/%Y})" if node.issued_on else "")
    line3 = _("chưa có trong hệ thống") if node.placeholder else node.title
    if len(line3) > TITLE_CHARS:
        line3 = line3[: TITLE_CHARS - 1] + "…"
    # On hover: the symbol and date, the relation and the whole title.
    tooltip = " — ".join(part for part in (line1, node.kind_label, node.title) if part)
    cx = box.x + NODE_WIDTH // 2
    shape = format_html(
        '<g class="{}"><title>{}</title>'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="6"></rect>'
        '<text x="{}" y="{}" class="docgraph-symbol">{}</text>'
        '<text x="{}" y="{}" class="docgraph-kind">{}</text>'
        '<text x="{}" y="{}" class="docgraph-note">{}</text></g>',
        classes,
        tooltip,
        box.x,
        box.y,
        NODE_WIDTH,
        NODE_HEIGHT,
        cx,
        box.y + 18,
        line1,
        cx,
        box.y + 35,
        node.kind_label,
        cx,
        box.y + 51,
        line3,
    )
    if node.url is None:
        return shape
    return format_html('<a href="{}">{}</a>', node.url, shape)


def _edge_svg(start: tuple[int, int], end: tuple[int, int]) -> SafeString:
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="docgraph-edge" '
        'marker-end="url(#docgraph-arrow)"></line>',
        *start,
        *end,
    )


def _overflow_svg(hidden: int, *, y: int, width: int) -> SafeString:
    return format_html(
        '<text x="{}" y="{}" class="docgraph-more">{}</text>',
        width // 2,
        y,
        _("… và %(count)s văn bản khác (xem danh sách)") % {"count": hidden},
    )


def document_graph_svg(
    *, document: Document, above: list[GraphNode], below: list[GraphNode]
) -> SafeString:
    """The SVG of `document` (centre), the documents it carries out (`above`, arrows point up
    to them) and those that carry it out (`below`, arrows point up to `document`)."""
    shown_above, shown_below = above[:MAX_PER_SIDE], below[:MAX_PER_SIDE]
    width = _graph_width(len(shown_above), len(shown_below))
    top = 24 if len(above) > MAX_PER_SIDE else 8
    above_boxes = _row_boxes(len(shown_above), top=top, width=width)
    centre_y = top + _rows_height(len(shown_above)) + (ROW_GAP if shown_above else 0)
    centre = Box((width - NODE_WIDTH) // 2, centre_y)
    below_top = centre_y + NODE_HEIGHT + ROW_GAP
    below_boxes = _row_boxes(len(shown_below), top=below_top, width=width)
    height = below_top + _rows_height(len(shown_below)) if shown_below else below_top - ROW_GAP
    height += 28 if len(below) > MAX_PER_SIDE else 8
    mid = NODE_WIDTH // 2

    parts: list[SafeString] = []
    for box in above_boxes:
        parts.append(_edge_svg((centre.x + mid, centre.y), (box.x + mid, box.y + NODE_HEIGHT)))
    for box in below_boxes:
        parts.append(_edge_svg((box.x + mid, box.y), (centre.x + mid, centre.y + NODE_HEIGHT)))
    parts += [
        _node_svg(n, b, css="docgraph-node") for n, b in zip(shown_above, above_boxes, strict=True)
    ]
    parts += [
        _node_svg(n, b, css="docgraph-node") for n, b in zip(shown_below, below_boxes, strict=True)
    ]
    me = GraphNode(
        symbol=document.symbol,
        issued_on=document.issued_on,
        kind_label=document.type_name or document.get_system_display(),
        title=document.title,
        url=None,
        placeholder=False,
    )
    parts.append(_node_svg(me, centre, css="docgraph-node docgraph-self"))
    if len(above) > MAX_PER_SIDE:
        parts.append(_overflow_svg(len(above) - MAX_PER_SIDE, y=16, width=width))
    if len(below) > MAX_PER_SIDE:
        parts.append(_overflow_svg(len(below) - MAX_PER_SIDE, y=height - 8, width=width))

    label = _("Sơ đồ liên kết của văn bản %(symbol)s") % {"symbol": document.symbol}
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="docgraph" viewBox="0 0 {} {}" '
        'width="{}" height="{}" '
        # A group, not an image: an image's children are presentational, and these are links.
        'role="group" aria-labelledby="docgraph-title"><title id="docgraph-title">{}</title>'
        '<defs><marker id="docgraph-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        '<path d="M 0 0 L 10 5 L 0 10 z" class="docgraph-arrowhead"></path></marker></defs>',
        width,
        height,
        width,
        height,
        label,
    )
    body = format_html_join("", "{}", ((part,) for part in parts))
    return mark_safe(head + body + "</svg>")  # noqa: S308 — every piece went through format_html
