import dataclasses

import pytest

from tuyengiao.textkit.dates import DateMention
from tuyengiao.textkit.docnum import DocumentRef, Mention
from tuyengiao.textkit.frozen import fast_init
from tuyengiao.textkit.quantities import Quantity


@fast_init
@dataclasses.dataclass(frozen=True, slots=True)
class Point:
    x: int
    y: int = 7


def test_fast_init_keeps_the_dataclass_behaviour():
    assert Point(1) == Point(1, 7) == Point(x=1, y=7)
    assert Point(1, 2) != Point(1, 3)
    assert hash(Point(1, 2)) == hash(Point(1, 2))
    assert repr(Point(1, 2)) == "Point(x=1, y=2)"
    assert dataclasses.replace(Point(1, 2), y=5) == Point(1, 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        Point(1).x = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, 2, 3)  # type: ignore[call-arg]


def test_results_are_still_frozen():
    q = Quantity("5 xã", 5, None, "exact", "xã", 0, 4)
    assert q.span == (0, 4) and q == Quantity("5 xã", 5, None, "exact", "xã", 0, 4)
    mention = Mention(0, 1, 2, 0, True)
    for result in (q, mention):
        with pytest.raises(dataclasses.FrozenInstanceError):
            result.start = 9  # type: ignore[misc]
    ref = DocumentRef("1-NQ/TW", "party", "NQ", None, "1", None, "TW", None, None, None, ())
    assert ref.title_span is None
    assert DateMention("năm 2023", (0, 8), None, None, None, "year").kind == "year"


def test_fast_init_refuses_default_factories():
    @dataclasses.dataclass(frozen=True, slots=True)
    class Bag:
        items: list[int] = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError):
        fast_init(Bag)
