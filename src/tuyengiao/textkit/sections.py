"""The numbered outline of a directive, and the tasks it proposes (issue 6, item 1).

Vietnamese directives number their parts with Roman numerals ("II. NHIỆM VỤ VÀ GIẢI
PHÁP"), their items with Arabic ones ("1. Tiếp tục tăng cường sự lãnh đạo…", "2.1.") and
sub-items with letters ("a) Đổi mới…"). Each item of the task-bearing part is one task a
lower body concretises, each lettered sub-item one sub-task. The toolkit only proposes: a
person edits every title and description before anything is saved.
"""

import re
from dataclasses import dataclass, field

from tuyengiao.textkit.normalize import fold, normalize

_ROMAN = "I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII"
# A heading starts its line; the number is followed by "." or ")" and a space, so that
# "1.234 đảng viên" or "2025." at a line's start are not headings.
_HEADING_RE = re.compile(
    rf"^[ \t]*(?:(?P<roman>{_ROMAN})[.\-–]|(?P<arabic>\d{{1,2}}(?:\.\d{{1,2}})*)[.)]"
    r"|(?P<letter>[a-zđ])\))[ \t]+(?P<text>\S.*)$",
    re.MULTILINE,
)
# A heading line that goes on into its first sentence ("1. Tăng cường sự lãnh đạo. Các cấp
# ủy…") keeps the heading as the title and the rest as the body.
_TITLE_END_RE = re.compile(r"[.:;](?:\s|$)")
TITLE_MAX = 250
# A heading line this long without a sentence end was wrapped: its title goes on below.
WRAPPED_MIN = 60


@dataclass
class Section:
    """One numbered heading (mục) of a document, with the text up to the next one."""

    number: str
    title: str
    body: str
    level: int  # 0 Roman part, 1 item, 2 sub-item ("2.1."), 3 lettered
    start: int  # offset of the heading in the normalised text
    children: list["Section"] = field(default_factory=list)


def _level(match: re.Match[str]) -> int:
    if match["roman"]:
        return 0
    if match["arabic"]:
        return 1 + match["arabic"].count(".")
    return 3


def _split_title(text: str) -> tuple[str, str]:
    end = _TITLE_END_RE.search(text)
    if end is None:
        title, rest = text, ""
    else:
        title, rest = text[: end.start()], text[end.end() :]
    title = " ".join(title.split())
    if len(title) > TITLE_MAX:  # a heading that is a whole paragraph: cut at a word
        cut = title.rfind(" ", 0, TITLE_MAX)
        title, rest = title[: cut if cut > 0 else TITLE_MAX] + "…", text
    return title, rest.strip()


def sections_outline(text: str) -> list[Section]:
    """The document's numbered headings as a tree (top-level sections first)."""
    text = normalize(text)
    matches = list(_HEADING_RE.finditer(text))
    flat: list[Section] = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        line, following = match["text"], text[match.end() : end].strip()
        if following and len(line) >= WRAPPED_MIN and not _TITLE_END_RE.search(line):
            line, following = f"{line}\n{following}", ""
        title, rest = _split_title(line)
        body = "\n".join(filter(None, [rest, following]))
        number = match["roman"] or match["arabic"] or match["letter"]
        flat.append(Section(number, title, body, _level(match), match.start()))
    roots: list[Section] = []
    stack: list[Section] = []
    for section in flat:
        while stack and stack[-1].level >= section.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(section)
        stack.append(section)
    return roots


def tasks_propose(text: str) -> list[Section]:
    """The sections that become tasks: the Arabic-numbered items (their sub-items as
    sub-tasks) or, in a document numbered only by parts, the parts themselves.

    When parts carry items, only the parts whose items look like work are kept: a
    directive's first part ("I. KẾT QUẢ…", "I. Tình hình…") reviews the past, so a part
    titled as tasks or solutions wins when there is one.
    """
    roots = sections_outline(text)
    parts = [s for s in roots if s.level == 0]
    if not parts:
        return roots
    with_items = [p for p in parts if p.children]
    if not with_items:
        return parts
    wanted = [p for p in with_items if re.search(r"nhiem vu|giai phap", fold(p.title))]
    return [item for part in wanted or with_items for item in part.children]
