"""What the document scanner returns, and the mutable draft it fills while reading."""

from dataclasses import dataclass
from datetime import date

from tuyengiao.textkit.frozen import fast_init


@fast_init
@dataclass(frozen=True, slots=True)
class Mention:
    """One place a document is cited: `start`/`end` delimit the number (or the short
    back-reference), `lead` is where the words in front begin."""

    doc: int
    start: int
    end: int
    lead: int
    full: bool


@fast_init
@dataclass(frozen=True, slots=True)
class DocumentRef:
    """A document the text cites, with what the text says about it."""

    symbol: str
    system: str  # "party" or "state"
    type_code: str | None
    type_name: str | None
    number: str
    year: int | None
    issuer_code: str | None
    issuer: str | None
    date: date | None
    title: str | None
    mentions: tuple[tuple[int, int], ...]
    title_span: tuple[int, int] | None = None


@dataclass(slots=True)
class Draft:
    """A document while the scan is still reading about it: mutable, so that a later
    mention can add what it says without copying a frozen result."""

    symbol: str
    system: str
    type_code: str | None
    type_name: str | None
    number: str
    year: int | None
    issuer_code: str | None
    issuer: str | None
    date: date | None
    title: str | None
    title_span: tuple[int, int] | None

    def freeze(self, mentions: list[tuple[int, int]]) -> DocumentRef:
        return DocumentRef(
            self.symbol,
            self.system,
            self.type_code,
            self.type_name,
            self.number,
            self.year,
            self.issuer_code,
            self.issuer,
            self.date,
            self.title,
            tuple(sorted(mentions)),
            self.title_span,
        )


@dataclass(frozen=True, slots=True)
class DocScan:
    documents: list[DocumentRef]
    mentions: list[Mention]  # in text order
