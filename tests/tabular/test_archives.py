"""The expanded-size check every zipped format goes through before a reader opens it."""

import io
import struct
import time
import tracemalloc
import zipfile

import pytest

from tuyengiao.tabular.archives import MAX_MEMBERS, ArchiveRefused, archive_check


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _bomb(expanded: int) -> bytes:
    """A zip of a few hundred kB whose one member expands to `expanded` bytes, written in
    chunks so that the test itself never holds the expanded text."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        chunk = b"<w:t>" + b"A" * (1024 * 1024 - 5)
        for _ in range(expanded // len(chunk)):
            member.write(chunk)
    return buffer.getvalue()


def test_small_archive_passes(settings):
    settings.MAX_EXPANDED_BYTES = 1000
    archive_check(_zip({"a.xml": b"x" * 600, "b.xml": b"y" * 400}), name="a.docx")


def test_members_summed_against_the_limit(settings):
    settings.MAX_EXPANDED_BYTES = 1000
    with pytest.raises(ArchiveRefused, match="vượt giới hạn"):
        archive_check(_zip({"a.xml": b"x" * 600, "b.xml": b"y" * 401}), name="a.docx")


def test_explicit_limit_wins_over_the_setting():
    with pytest.raises(ArchiveRefused, match=r"“sổ\.xlsx”"):
        archive_check(_zip({"a.xml": b"x" * 11}), name="sổ.xlsx", limit=10)


def test_a_bomb_is_refused_fast_without_expanding(settings):
    settings.MAX_EXPANDED_BYTES = 50 * 1024 * 1024
    bomb = _bomb(300 * 1024 * 1024)
    assert len(bomb) < 2 * 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ArchiveRefused):
        archive_check(bomb, name="bom.docx")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 0.5
    assert peak < 5 * 1024 * 1024


def test_lying_sizes_are_still_bounded():
    """A member that declares less than it holds cannot be read past its declaration:
    zipfile fails its CRC check instead, which is why the declared sizes suffice."""
    data = bytearray(_zip({"a.xml": b"A" * 1_000_000}))
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 1000)
    struct.pack_into("<I", data, 22, 1000)
    archive_check(bytes(data), name="a.docx", limit=2000)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive, pytest.raises(zipfile.BadZipFile):
        archive.read("a.xml")


def test_too_many_members():
    members = {f"{index}.xml": b"" for index in range(MAX_MEMBERS + 1)}
    with pytest.raises(ArchiveRefused, match="quá nhiều phần"):
        archive_check(_zip(members), name="nhiều.zip")


def test_not_a_zip_passes_and_file_position_is_kept():
    archive_check(b"%PDF-1.7 not a zip", name="a.pdf")
    stream = io.BytesIO(_zip({"a.xml": b"x"}))
    stream.seek(3)
    archive_check(stream, name="a.xlsx")
    assert stream.tell() == 3
