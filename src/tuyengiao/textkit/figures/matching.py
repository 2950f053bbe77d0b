"""Which figure of a report fills which target: contexts, phrases and the choice among mentions
(the rules are listed in the package's docstring)."""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from typing import Protocol

from tuyengiao.textkit.dates import find_dates
from tuyengiao.textkit.docnum import scan_documents
from tuyengiao.textkit.figures.report_sections import LIMITATIONS, RESULTS, section_spans
from tuyengiao.textkit.figures.tables import table_cells, table_lines
from tuyengiao.textkit.normalize import tone_key
from tuyengiao.textkit.quantities import find_quantities, parse_number
from tuyengiao.textkit.vocab import QUALIFIERS

_APPROX = {"exact": "", "nearly": "under", "over": "over", "under": "under", "about": "about"}


class TargetLike(Protocol):
    @property
    def indicator(self) -> str: ...
    @property
    def option(self) -> str: ...
    @property
    def phrases(self) -> tuple[str, ...]: ...
    @property
    def option_phrases(self) -> tuple[str, ...]: ...
    @property
    def percent(self) -> bool: ...
    @property
    def numerator(self) -> str: ...
    @property
    def denominator(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Figure:
    value: int | float
    total: int | float | None  # denominator of a ratio "a/b"
    pct: bool
    approx: str  # "", "over", "under", "about"
    start: int
    end: int
    unit: tuple[int, int]  # the counted noun phrase (a table row: its label cells)
    context: tuple[int, int]  # the clause: from its start to the punctuation after the unit
    segment: tuple[int, int]  # from the last comma before the figure to the first after it
    sentence: tuple[int, int]
    rank: tuple[bool, bool, bool]  # (stated as a total, not a part, not cumulative)


@dataclass(frozen=True, slots=True)
class Candidate:
    cell: tuple[str, str]
    value: int | float
    figure: Figure


# --- folding and words ----------------------------------------------------------------------
@lru_cache(maxsize=2048)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch


def folded(text: str) -> str:
    """Lower case without marks, one character for one: offsets stay those of `text`."""
    return "".join(_fold_char(ch) if not ch.isascii() else ch.lower() for ch in text)


def toned(text: str) -> str:
    """Lower case with the tone marks in one place ("hoà" → "hòa"), offsets kept. Phrases
    are matched on it: folding every mark away would make "có" and "cơ" one word."""
    key = tone_key(text)
    lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in key)
    return lowered if len(lowered) == len(text) else folded(text)


_WORD = re.compile(r"[^\W\d_]+")


def phrase_parts(phrase: str) -> tuple[tuple[str, ...], ...]:
    """ "quán triệt … lượt" → (("quán", "triệt"), ("lượt",)): words of each part."""
    parts = re.split(r"…|\.\.\.", toned(phrase))
    return tuple(tuple(_WORD.findall(part)) for part in parts if _WORD.search(part))


# --- what is not a result ---------------------------------------------------------------------
# Words shortly before a figure that make it a plan or target, not a result.
_PLAN = re.compile(
    r"\b(?:phan dau|du kien|chi tieu|muc tieu|de ra|dang ky|se|ke hoach(?! so))\b(?!.*[;])"
)
_COMPARE_BEFORE = re.compile(r"\b(?:so voi|cung ky|tang|giam|tang them|giam di)\s*$")
_COMPARE_NEAR = re.compile(r"\b(?:so voi|cung ky)\b")
# A higher body as the subject right before the figure: "Trung ương tổ chức 6 hội nghị".
_HIGHER_BODY = re.compile(r"\btrung uong(?: da)?(?: to chuc| mo| ban hanh)\s*$")
_TOTAL = re.compile(r"\b(?:tong so|tong cong|tong)\b")
_PART = re.compile(r"\b(?:trong do|rieng|bao gom|moi)\b")
_CUMULATIVE = re.compile(r"\b(?:luy ke|tu dau nam|tu dau nhiem ky)\b")
_PLAN_WORDS = 7
# A figure with no unit, stated after "là" or ":" at the end of its clause ("Tổng số học
# viên trong tháng là 38."): the words before name it.
_BARE = re.compile(
    r"(?:\blà|:)[ \t]+(?:(?P<q>"
    + "|".join(sorted(QUALIFIERS, key=len, reverse=True))
    + r")[ \t]+)?(?P<num>\d{1,3}(?:\.\d{3})+|\d+)(?=[ \t]*(?:[.;,)](?!\d)|\n|$))",
    re.IGNORECASE,
)
# "Đội ngũ báo cáo viên quận: 18 đồng chí": after a colon a figure is no label's number
# ("quận 18"); a comma in its place (same length, so spans hold) lets quantities see that.
_COLON = re.compile(r"(?<=[^\W\d_]):(?= \d)")
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
# A clause's tail runs past commas ("59 câu lạc bộ ví, giặm bảo tồn dân ca"), to these.
_CLAUSE_END = re.compile(r"[;:.!?()\n](?=\s|$)|[;()\n]")


def _words_before(key: str, end: int, count: int, floor: int) -> str:
    start = end
    for _ in range(count):
        found = key.rfind(" ", floor, start - 1)
        if found < 0:
            start = floor
            break
        start = found
    return key[start:end]


# --- figures --------------------------------------------------------------------------------
def _figures(text: str, key: str) -> list[Figure]:
    scan = scan_documents(text)
    taken = [(m.start, m.end) for m in scan.mentions]
    taken += [mention.span for mention in find_dates(text)]
    tables = table_lines(text)
    taken += tables
    sentences = _sentences(text)
    figures = [
        _figure(text, key, q.value, q.total, q.unit, q.approx, q.start, q.end, sentences)
        for q in find_quantities(_COLON.sub(",", text), taken=taken)
    ]
    taken += [(f.start, f.end) for f in figures]
    for match in _BARE.finditer(text):
        if not any(a < match.end() and match.start("num") < b for a, b in taken):
            approx = QUALIFIERS[match["q"].lower()] if match["q"] else "exact"
            begin = match.start("q") if match["q"] else match.start("num")
            value = parse_number(match["num"])
            figures.append(
                _figure(text, key, value, None, "", approx, begin, match.end(), sentences)
            )
    for cell in table_cells(text, key, tables):
        sentence = _sentence_of(sentences, cell.start)
        figures.append(
            Figure(
                cell.value,
                None,
                cell.pct,
                _APPROX[cell.approx],
                cell.start,
                cell.end,
                (cell.start, cell.start),  # no unit: the row's label names it
                cell.label,
                cell.label,
                sentence,
                (bool(_TOTAL.search(key, *cell.label)), True, True),
            )
        )
    figures.sort(key=lambda f: f.start)
    # A clause's tail ends where the next figure starts: "02 đồng chí đi học trung cấp … và
    # 01 đồng chí đi học cao cấp" names the first by "trung cấp" alone.
    return [_clip(figure, after) for figure, after in pairwise(figures)] + (figures[-1:])


def _clip(figure: Figure, after: Figure) -> Figure:
    if not figure.end <= after.start < figure.context[1]:
        return figure
    segment = (figure.segment[0], min(figure.segment[1], after.start))
    return replace(figure, context=(figure.context[0], after.start), segment=segment)


def _figure(
    text: str,
    key: str,
    value: int | float,
    total: int | float | None,
    unit: str,
    approx: str,
    start: int,
    end: int,
    sentences: list[tuple[int, int]],
) -> Figure:
    pct = unit == "%"
    unit_start = end if pct else end - len(unit)
    sentence = _sentence_of(sentences, start)
    clause_start = max(sentence[0], key.rfind(";", sentence[0], start) + 1)
    clause_end = _CLAUSE_END.search(text, end, sentence[1])
    context = (clause_start, clause_end.start() if clause_end else sentence[1])
    before = key[clause_start:start]
    rank = (
        bool(_TOTAL.search(before)) or bool(_TOTAL.search(key, unit_start, end)),
        not _PART.search(before),
        not _CUMULATIVE.search(key, clause_start, context[1]),
    )
    comma = key.find(",", end, context[1])
    segment = (
        key.rfind(",", clause_start, start) + 1 or clause_start,
        comma if comma >= 0 else context[1],
    )
    return Figure(
        value,
        total,
        pct,
        _APPROX[approx],
        start,
        end,
        (unit_start, end),
        context,
        segment,
        sentence,
        rank,
    )


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end() if match.group() != "\n" else match.start()
        if end > start:
            spans.append((start, end))
        start = match.end()
        while start < len(text) and text[start] in " \t":
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _sentence_of(sentences: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for sentence in sentences:
        if sentence[0] <= pos < sentence[1]:
            return sentence
    return (pos, pos)


def _is_result(figure: Figure, key: str) -> bool:
    """Not a plan, a target, a comparison with another period, nor a higher body's figure
    ("Ban Tuyên giáo Trung ương tổ chức 6 hội nghị…" in a commune's report)."""
    clause = key[figure.context[0] : figure.start]
    # Plan words count in the figure's own comma segment: "(đạt 100% kế hoạch), thu hút
    # 1.118 lượt" is a result.
    near = _words_before(key, figure.start, _PLAN_WORDS, figure.segment[0])
    if _PLAN.search(near) or _COMPARE_BEFORE.search(clause):
        return False
    if _COMPARE_NEAR.search(_words_before(key, figure.start, 3, figure.context[0])):
        return False
    if _HIGHER_BODY.search(_words_before(key, figure.start, 5, figure.segment[0])):
        return False
    return not _COMPARE_NEAR.search(key, figure.end, figure.segment[1])


def _readable(text: str) -> list[tuple[int, int]]:
    """Where results are: the results part when the report has one, else everything but the
    limitations, causes and directions."""
    spans = section_spans(text)
    results = [(a, b) for kind, a, b in spans if kind == RESULTS]
    if results:
        return results
    others = sorted((a, b) for kind, a, b in spans if kind != RESULTS)
    readable, cursor = [], 0
    for a, b in others:
        if a > cursor:
            readable.append((cursor, a))
        cursor = max(cursor, b)
    readable.append((cursor, len(text)))
    return readable


assert LIMITATIONS  # the other kinds are everything but RESULTS


# --- matching -------------------------------------------------------------------------------
Phrase = tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class _Compiled:
    target: TargetLike
    phrases: tuple[Phrase, ...]
    options: tuple[Phrase, ...]
    person: bool  # no phrase names an event or an object: a "18 đồng chí" may count it


# Phrases naming events or objects: a count of people ("85 người", "18 đồng chí") never
# fills them.
_NOT_PERSON = re.compile(
    r"\b(?:hoi nghi|buoi|lop|chuong trinh|tin|bai|dot|cuoc|cum|tram|trang|nhom|doi van nghe"
    r"|ho|khu|co quan|cau lac bo|kinh phi|chi bo|to chuc co so)\b"
)
# A phrase ending on people ("lớp … cho … quần chúng") counts people whatever it names before.
_PERSON_LAST = re.compile(
    r"\b(?:vien|quan chung|can bo|nguoi|dong chi|nghe nhan|dai bieu|hoc vien)$"
)
_PERSON_UNITS = (
    ("đồng", "chí"),
    ("người",),
    ("đại", "biểu"),
    ("đ", "c"),
    ("cán", "bộ"),
    ("đảng", "viên"),
    ("quần", "chúng"),
    ("hội", "viên"),
)
# A head noun that counts what follows it ("lượt cán bộ"): its first word alone is its head.
_CLASSIFIERS = frozenset({"lượt"})


def _compile(target: TargetLike) -> _Compiled:
    phrases = tuple(phrase_parts(p) for p in target.phrases if p.strip())
    options = tuple(phrase_parts(p) for p in target.option_phrases if p.strip())
    flat = " ".join(" ".join(" ".join(part) for part in phrase) for phrase in phrases)
    return _Compiled(target, phrases, options, not _NOT_PERSON.search(folded(flat)))


Word = tuple[str, int, int]
MatchKey = tuple[bool, bool, bool, int, int, int, int, int]


Span = tuple[int, int, str]  # an occurrence of a one-part phrase, and its indicator


def _occurrences(compiled: list["_Compiled"], words: list[Word]) -> list[Span]:
    """Where every one-part phrase occurs in the text, with the indicator it names."""
    at: dict[str, list[int]] = {}
    for index, (word, _, _) in enumerate(words):
        at.setdefault(word, []).append(index)
    tokens = [w for w, _, _ in words]
    spans: set[Span] = set()
    for item in compiled:
        for phrase in item.phrases:
            if len(phrase) != 1 or len(phrase[0]) < 2:
                continue
            part = phrase[0]
            n = len(part)
            for i in at.get(part[0], ()):
                if tuple(tokens[i : i + n]) == part:
                    spans.add((words[i][1], words[i + n - 1][2], _family(item.target)))
    return sorted(spans)


def _family(target: TargetLike) -> str:
    """A derived rate names what its numerator and denominator name: none of them shadows
    another."""
    codes = (target.indicator, target.numerator, target.denominator)
    return " ".join(code.partition(".")[0] for code in codes if code)


def _related(one: str, other: str) -> bool:
    return bool(set(one.split()) & set(other.split()))


def _shadowed(start: int, end: int, indicator: str, spans: list[Span]) -> bool:
    """Inside a longer phrase of another indicator: "báo cáo viên" in "hội nghị báo cáo viên"
    names the conference, not the reporters."""
    return any(
        a <= start and end <= b and b - a > end - start and not _related(other, indicator)
        for a, b, other in spans
        if a <= start
    )


def _match(
    phrase: tuple[tuple[str, ...], ...],
    words: list[Word],
    figure: Figure,
    indicator: str = "",
    spans: list[Span] | None = None,
) -> MatchKey | None:
    """The best occurrence of `phrase` in `words`, as `_score` ranks it."""
    tokens = [w for w, _, _ in words]
    best: MatchKey | None = None
    last = phrase[-1]
    n = len(last)
    for i in range(len(tokens) - n, -1, -1):
        if tuple(tokens[i : i + n]) != last:
            continue
        if spans and _shadowed(words[i][1], words[i + n - 1][2], indicator, spans):
            continue
        first, limit = i, i
        for part in reversed(phrase[:-1]):
            found = _rfind(tokens, part, limit)
            if found is None:
                break
            first = limit = found
        else:
            near = (words[i][1], words[i + n - 1][2])
            head = (words[first][1], words[first + len(phrase[0]) - 1][2])
            key = _score(head, near, figure, phrase)
            if best is None or key > best:
                best = key
    return best


def _rfind(tokens: list[str], part: tuple[str, ...], limit: int) -> int | None:
    n = len(part)
    for i in range(limit - n, -1, -1):
        if tuple(tokens[i : i + n]) == part:
            return i
    return None


def _distance(start: int, end: int, figure: Figure) -> int:
    if end <= figure.start:
        return figure.start - end
    if start >= figure.end:
        return start - figure.end
    return 0


def _score(
    head: tuple[int, int],
    near: tuple[int, int],
    figure: Figure,
    phrase: tuple[tuple[str, ...], ...],
) -> MatchKey:
    """(reaches the unit; all of it in the figure's clause; its part nearest the figure in
    the figure's comma segment, how far and how long; how far its first part; how many words).

    In a list "5 chi bộ hoàn thành xuất sắc nhiệm vụ, 14 chi bộ hoàn thành tốt nhiệm vụ" the
    words after 14 name it, not the closer ones before the comma. The longer near part wins
    ("hội nghị thông tin thời sự" over "hội nghị báo cáo viên … hội nghị" for "254 hội nghị
    thông tin thời sự"); with near parts alike a phrase in parts, as it ties a topic to the unit
    ("trang thông tin điện tử … tin, bài" over "tin, bài"), and of two topics the nearer
    ("quán triệt … lượt" or "thời sự … lượt"); then the more words.
    """
    start, end = near
    unit_start, unit_end = figure.unit
    # The phrase takes in the unit's head noun: "báo cáo viên cấp huyện" inside "12 hội nghị
    # báo cáo viên cấp huyện" names a modifier, not what is counted.
    reaches = unit_start < unit_end and min(head[0], start) <= unit_start < end
    return (
        reaches,
        head[0] >= figure.context[0],
        figure.segment[0] <= start < figure.segment[1],
        -_distance(start, end, figure),
        len(phrase[-1]),
        len(phrase),
        -_distance(*head, figure),
        sum(map(len, phrase)),
    )


def _fits(
    compiled: _Compiled, phrase: Phrase, phrase_words: set[tuple[str, ...]], unit: list[str]
) -> bool:
    """The unit's head noun is one the phrase names, or a person for a count of people."""
    if not unit:
        return True
    head = tuple(unit[:1]) if unit[0] in _CLASSIFIERS or len(unit) == 1 else tuple(unit[:2])
    if head in phrase_words:
        return True
    last = folded(" ".join(phrase[-1]))
    person = compiled.person or bool(_PERSON_LAST.search(last) and not _NOT_PERSON.search(last))
    return person and any(tuple(unit[: len(p)]) == p for p in _PERSON_UNITS)


def _ngrams(phrase: tuple[tuple[str, ...], ...]) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for part in phrase:
        for i in range(len(part)):
            grams.add(part[i : i + 1])
            grams.add(part[i : i + 2])
    return grams


def _target_key(
    compiled: _Compiled,
    figure: Figure,
    words: list[Word],
    paragraph_words: list[Word],
    spans: list[Span],
) -> MatchKey | None:
    unit = [w for w, s, _ in words if figure.unit[0] <= s < figure.unit[1]]
    best: MatchKey | None = None
    if compiled.options:
        # The indicator may be named earlier in the paragraph ("Tổng số đảng viên được
        # xếp loại: 7.903 đồng chí. Trong đó: hoàn thành tốt nhiệm vụ: 6.104 đồng chí");
        # the option near the figure.
        named = [p for p in compiled.phrases if _match(p, paragraph_words, figure)]
        if not named:
            return None
        grams = set().union(*map(_ngrams, named))
        for option in compiled.options:
            key = _match(option, words, figure, _family(compiled.target), spans)
            if key and (key[0] or _fits(compiled, option, grams | _ngrams(option), unit)):
                best = key if best is None or key > best else best
        return best
    for phrase in compiled.phrases:
        key = _match(phrase, words, figure, _family(compiled.target), spans)
        if key and (key[0] or _fits(compiled, phrase, _ngrams(phrase), unit)):
            best = key if best is None or key > best else best
    return best


@dataclass(frozen=True, slots=True)
class _Total:
    """The total of an indicator's breakdown, which no cell holds."""

    indicator: str
    phrases: tuple[str, ...]
    option: str = ""
    option_phrases: tuple[str, ...] = ()
    percent: bool = False
    numerator: str = ""
    denominator: str = ""


def _eligible(target: TargetLike, figure: Figure) -> bool:
    if target.numerator:
        return figure.total is not None and not figure.pct
    if target.percent:
        return figure.pct
    return not figure.pct


def candidates(text: str, targets: Sequence[TargetLike]) -> list[Candidate]:
    """Every figure of the results matched to its best target, as cells with their value."""
    key = folded(text)
    all_words: list[Word] = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(toned(text))]
    compiled = [_compile(t) for t in targets if t.phrases]
    # A breakdown's total ("tổng số đảng viên được đánh giá, xếp loại: 7.903") is no option's
    # figure, and no other indicator's either ("tổng số đảng viên" is DV_TONG): a target
    # without options takes it, and fills nothing.
    broken_down = {t.indicator: t.phrases for t in targets if t.option and t.phrases}
    compiled += [_compile(_Total(code, phrases)) for code, phrases in broken_down.items()]
    readable = _readable(text)
    spans = _occurrences(compiled, all_words)
    found: list[Candidate] = []
    for figure in _figures(text, key):
        if not any(a <= figure.start < b for a, b in readable) or not _is_result(figure, key):
            continue
        # The whole sentence up to the clause's end: a phrase in an earlier clause ("tổ
        # chức 2 hội nghị quán triệt…; tổng số người tham dự 356 lượt") ranks below one in
        # the figure's own clause.
        words = [w for w in all_words if figure.sentence[0] <= w[1] < figure.context[1]]
        line = text.rfind("\n", 0, figure.sentence[0]) + 1
        paragraph_words = [w for w in all_words if line <= w[1] < figure.context[1]]
        scored = []
        for item in compiled:
            if not _eligible(item.target, figure):
                continue
            match = _target_key(item, figure, words, paragraph_words, spans)
            if match is not None:
                # A ratio goes to a derived rate's numerator and denominator first.
                scored.append(((bool(item.target.numerator), *match), item.target))
        # The total stands in for its breakdown only when no option is named.
        optioned = {t.indicator for _, t in scored if t.option}
        scored = [
            (k, t) for k, t in scored if not (isinstance(t, _Total) and t.indicator in optioned)
        ]
        if not scored:
            continue
        target = max(scored, key=lambda pair: pair[0])[1]
        if not isinstance(target, _Total):
            found.extend(_cells(target, figure))
    return found


def _cells(target: TargetLike, figure: Figure) -> list[Candidate]:
    if target.numerator and figure.total is not None:
        parts = [(target.numerator, figure.value), (target.denominator, figure.total)]
        # "DV_XEP_LOAI.HTXS" names an option; a denominator "sum(…)" is no cell to fill.
        return [
            Candidate(_cell(code), value, figure)
            for code, value in parts
            if re.fullmatch(r"[A-Z0-9_]+(?:\.[A-Z0-9_]+)?", code)
        ]
    return [Candidate((target.indicator, target.option), figure.value, figure)]


def _cell(code: str) -> tuple[str, str]:
    indicator, _, option = code.partition(".")
    return (indicator, option)


def mentions_of(found: list[Candidate]) -> tuple[Candidate, list[Candidate]]:
    """The mention proposed for a cell and the others, in text order (rules in the package's
    docstring: a stated total, else not a part, not cumulative, then the largest value)."""
    chosen = max(found, key=lambda c: (*c.figure.rank, c.value, -c.figure.start))
    return chosen, [c for c in found if c is not chosen]
