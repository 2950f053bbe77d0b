"""Which figure of a report fills which target: contexts, phrases and the choice among mentions
(the rules are listed in the package's docstring)."""

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from tuyengiao.textkit.figures.extract import Figure, figures, is_result, readable
from tuyengiao.textkit.figures.keys import WORD, folded, phrase_parts, toned


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
class Candidate:
    cell: tuple[str, str]
    value: int | float
    figure: Figure


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


# How far before a figure's sentence its paragraph is read for the indicator an option
# belongs to, and the longest phrase a shadowing span can be (in characters): both bound
# the work per figure, so that reading stays linear in the length of the report.
PARAGRAPH_REACH = 2_000
PHRASE_REACH = 200


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
    names the conference, not the reporters. `spans` are sorted: only those that start at
    most a phrase's length before `start` are looked at."""
    first = bisect_left(spans, start - PHRASE_REACH, key=lambda span: span[0])
    last = bisect_right(spans, start, key=lambda span: span[0])
    return any(
        end <= b and b - a > end - start and not _related(other, indicator)
        for a, b, other in spans[first:last]
    )


class _Words(list):
    """Some words of the text, with their tokens and the set of them worked out once."""

    def __init__(self, words: list[Word]) -> None:
        super().__init__(words)
        self.tokens = [word for word, _, _ in words]
        self.vocabulary = frozenset(self.tokens)


def _between(words: list[Word], starts: list[int], start: int, end: int) -> "_Words":
    """The words that start in [start, end), found by halving rather than by a scan."""
    return _Words(words[bisect_left(starts, start) : bisect_left(starts, end)])


def _match(
    phrase: tuple[tuple[str, ...], ...],
    words: list[Word],
    figure: Figure,
    indicator: str = "",
    spans: list[Span] | None = None,
) -> MatchKey | None:
    """The best occurrence of `phrase` in `words`, as `_score` ranks it."""
    if isinstance(words, _Words):
        # Most phrases of most targets are not in a figure's sentence at all: a set says so
        # at once, before any scan.
        if not all(token in words.vocabulary for part in phrase for token in part):
            return None
        tokens = words.tokens
    else:
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
    all_words: list[Word] = [(m.group(), m.start(), m.end()) for m in WORD.finditer(toned(text))]
    starts = [start for _, start, _ in all_words]
    compiled = [_compile(t) for t in targets if t.phrases]
    # A breakdown's total ("tổng số đảng viên được đánh giá, xếp loại: 7.903") is no option's
    # figure, and no other indicator's either ("tổng số đảng viên" is DV_TONG): a target
    # without options takes it, and fills nothing.
    broken_down = {t.indicator: t.phrases for t in targets if t.option and t.phrases}
    compiled += [_compile(_Total(code, phrases)) for code, phrases in broken_down.items()]
    readable_spans = readable(text)
    spans = _occurrences(compiled, all_words)
    found: list[Candidate] = []
    for figure in figures(text, key):
        if not any(a <= figure.start < b for a, b in readable_spans) or not is_result(figure, key):
            continue
        # The whole sentence up to the clause's end: a phrase in an earlier clause ("tổ
        # chức 2 hội nghị quán triệt…; tổng số người tham dự 356 lượt") ranks below one in
        # the figure's own clause.
        words = _between(all_words, starts, figure.sentence[0], figure.context[1])
        reach = max(0, figure.sentence[0] - PARAGRAPH_REACH)
        line = text.rfind("\n", reach, figure.sentence[0]) + 1 or reach
        paragraph_words = _between(all_words, starts, line, figure.context[1])
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
