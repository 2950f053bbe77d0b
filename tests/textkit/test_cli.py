"""`python -m tuyengiao extract|normalize`, run as a user would."""

import json
import subprocess
import sys
from pathlib import Path

TEXT = "Kết luận số 88-KL/TU về tiếp tục thực hiện Nghị quyết số 09-NQ/TU; có 44 lớp."


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tuyengiao", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_extract_json_one_line_per_file(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(TEXT, encoding="utf-8")
    second.write_text("Có 5/10 xã hoàn thành.", encoding="utf-8")
    done = run("extract", "--json", str(first), str(second))
    assert done.returncode == 0, done.stderr.decode()
    lines = done.stdout.decode("utf-8").splitlines()
    assert len(lines) == 2
    one, two = (json.loads(line) for line in lines)
    assert one["documents"][0]["symbol"] == "88-KL/TU"
    assert one["relations"][0]["kind"] == "continues"
    assert two["quantities"][0]["total"] == 10


def test_extract_reads_stdin_and_prints_a_vietnamese_summary() -> None:
    done = run("extract", stdin=TEXT.encode("utf-8"))
    assert done.returncode == 0
    out = done.stdout.decode("utf-8")
    assert "Văn bản được dẫn: 2" in out
    assert "88-KL/TU tiếp tục thực hiện 09-NQ/TU" in out
    assert "44 lớp" in out


def test_extract_legacy_encoding_from_dash(tmp_path: Path) -> None:
    vni = "Keát luaän soá 88-KL/TU".encode("latin-1")  # VNI-Windows bytes
    done = run("extract", "--json", "--encoding", "vni", "-", stdin=vni)
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(done.stdout)
    assert data["text"] == "Kết luận số 88-KL/TU"
    assert data["documents"][0]["type_name"] == "Kết luận"


def test_unreadable_input_exits_2_with_a_vietnamese_message(tmp_path: Path) -> None:
    done = run("extract", str(tmp_path / "missing.txt"))
    assert done.returncode == 2
    assert "không có tệp này" in done.stderr.decode("utf-8")
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02" * 50)
    done = run("extract", str(binary))
    assert done.returncode == 2
    assert "không giải mã được" in done.stderr.decode("utf-8")


def test_bad_arguments_exit_2() -> None:
    done = run("extract", "--encoding", "latin9", "-", stdin=b"")
    assert done.returncode == 2
    assert "lỗi tham số" in done.stderr.decode("utf-8")


def test_normalize_prints_nfc(tmp_path: Path) -> None:
    path = tmp_path / "nfd.txt"
    path.write_bytes("Tổng kết".encode().replace("ổ".encode(), "ô\u0309".encode()))
    done = run("normalize", str(path))
    assert done.returncode == 0
    assert done.stdout.decode("utf-8") == "Tổng kết"
    tcvn3 = run("normalize", "--from", "tcvn3", "-", stdin="Tæng kÕt".encode("latin-1"))
    assert tcvn3.stdout.decode("utf-8") == "Tổng kết"


def test_one_unreadable_file_among_several(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    done = run("extract", "--json", str(good), str(tmp_path / "gone.txt"))
    assert done.returncode == 2
    assert json.loads(done.stdout.decode("utf-8").splitlines()[0])["source"] == str(good)
    assert "gone.txt: không đọc được tệp" in done.stderr.decode("utf-8")
