"""Highlighted titles and snippets of a page of search results, alike on both backends.

A word of the query becomes a pattern that finds it in the original text whatever its case
and marks. A snippet is about SNIPPET_CHARS of the passage that holds the most distinct
words of the query, taken from the summary or else the text. Only the head of a text is
read (SNIPPET_SCAN_CHARS; the page's query asks the database for no more), and the scan
stops at the first passage that holds every word typed, the best there can be: a page of
twenty 150-page reports costs about what a page of short notes does, where reading each
text whole cost 4 ms per 150 KB. A word that occurs only further in gets no passage of its
own: the snippet then comes from the summary or the head, its words marked where they are.
"""

import re
from collections import Counter
from collections.abc import Callable

from django.utils.html import escape

from tuyengiao.textkit.normalize import normalize

SNIPPET_CHARS = 220
SNIPPET_SCAN_CHARS = 20_000  # about six pages: where a plan or report states its subject
MAX_MATCHES = 500


def letter_variants(fold: Callable[[str], str]) -> dict[str, str]:
    """Every letter of the Latin script that folds to a given ASCII letter or digit."""
    variants: dict[str, set[str]] = {}
    for code in [*range(0x30, 0x3A), *range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC0, 0x250),
                 *range(0x1E00, 0x1F00)]:  # fmt: skip
        folded = fold(chr(code))
        if len(folded) == 1:
            variants.setdefault(folded, {folded}).add(chr(code))
    return {key: "[" + "".join(sorted(chars)) + "]" for key, chars in variants.items()}


def text_head(text: str) -> tuple[str, bool]:
    """The part of `text` a snippet may come from, normalized, and whether more follows."""
    if len(text) <= SNIPPET_SCAN_CHARS:
        return normalize(text), False
    cut = text.rfind(" ", 0, SNIPPET_SCAN_CHARS)  # a whole word, whole letters
    return normalize(text[: cut if cut > 0 else SNIPPET_SCAN_CHARS]), True


class Highlighter:
    """Marks the words `exact` (folded) and the words starting with `prefixes` (folded)."""

    def __init__(
        self,
        exact: list[str],
        prefixes: list[str],
        *,
        fold: Callable[[str], str],
        variants: dict[str, str],
    ) -> None:
        def pattern(word: str) -> str:
            return "".join(variants.get(ch, re.escape(ch)) for ch in word)

        alternatives = [pattern(w) for w in exact] + [pattern(p) + r"\w*" for p in prefixes]
        self.pattern = (
            re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])")
            if alternatives
            else None
        )
        self.wanted = len(exact) + len(prefixes)  # a passage with as many words holds all
        self._fold = fold
        self._folded: dict[str, str] = {}

    def mark(self, text: str) -> str:
        text = normalize(text)
        return self._mark(text, 0, len(text))

    def _mark(self, text: str, start: int, end: int) -> str:
        if self.pattern is None:
            return escape(text[start:end])
        pieces: list[str] = []
        position = start
        for match in self.pattern.finditer(text, start, end):
            pieces.append(escape(text[position : match.start()]))
            pieces.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
        pieces.append(escape(text[position:end]))
        return "".join(pieces)

    def _word(self, match: re.Match[str]) -> str:
        # A page has thousands of matches of a few spellings: fold each spelling once.
        spelling = match.group()
        folded = self._folded.get(spelling)
        if folded is None:
            folded = self._folded[spelling] = self._fold(spelling)
        return folded

    def _passage(self, text: str) -> tuple[int, int]:
        """(distinct words, start) of the first window of SNIPPET_CHARS holding the most; the
        start leaves room for the window's last word (a little context before it too)."""
        best = (0, 0)
        if self.pattern is None:
            return best
        matches: list[re.Match[str]] = []
        words: list[str] = []
        inside: Counter[str] = Counter()
        left = 0
        for match in self.pattern.finditer(text):  # lazily: a break ends the scan
            matches.append(match)
            word = self._word(match)
            words.append(word)
            inside[word] += 1
            while match.end() - matches[left].start() > SNIPPET_CHARS:
                inside[words[left]] -= 1
                if not inside[words[left]]:
                    del inside[words[left]]
                left += 1
            if len(inside) > best[0]:
                first = matches[left].start()
                room = SNIPPET_CHARS - (match.end() - first) - 20  # a word's length to spare
                best = (len(inside), max(0, first - max(0, min(SNIPPET_CHARS // 4, room))))
                if best[0] >= self.wanted:
                    break
            if len(matches) >= MAX_MATCHES:
                break
        return best

    def snippet(self, *sources: str) -> str:
        """About SNIPPET_CHARS of the passage with the most distinct words, first source first
        (a later one only when it holds more), from the head of each (`text_head`)."""
        heads = [text_head(source) for source in sources]
        best: tuple[int, int, int] | None = None  # (words, source, start)
        for index, (head, _) in enumerate(heads):
            found, start = self._passage(head)
            if found and (best is None or found > best[0]):
                best = (found, index, start)
                if found >= self.wanted:
                    break
        if best is None:
            index = next((i for i, (head, _) in enumerate(heads) if head.strip()), 0)
            return self._cut(*heads[index], 0) if heads else ""
        _, index, start = best
        return self._cut(*heads[index], start)

    def _cut(self, text: str, more: bool, start: int) -> str:
        if start > 0:
            space = text.rfind(" ", 0, start)
            start = space + 1 if space >= 0 else start
        end = min(len(text), start + SNIPPET_CHARS)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
        html = self._mark(text, start, end)
        return ("… " if start > 0 else "") + html + (" …" if end < len(text) or more else "")
