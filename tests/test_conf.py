from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tuyengiao.conf import (
    env_bool,
    env_choice,
    env_file,
    env_header,
    env_int,
    env_list,
    env_networks,
    env_path,
    env_str,
)


def test_str_default_when_missing_or_blank():
    assert env_str("X", "def", environ={}) == "def"
    assert env_str("X", "def", environ={"TUYENGIAO_X": "   "}) == "def"
    assert env_str("X", "def", environ={"TUYENGIAO_X": " v "}) == "v"


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("ON", True), ("0", False), ("off", False)]
)
def test_bool_accepts_common_spellings(raw, expected):
    assert env_bool("FLAG", not expected, environ={"TUYENGIAO_FLAG": raw}) is expected


def test_bool_rejects_anything_else_naming_the_variable():
    with pytest.raises(ImproperlyConfigured, match="TUYENGIAO_FLAG='maybe'"):
        env_bool("FLAG", False, environ={"TUYENGIAO_FLAG": "maybe"})


def test_int_parses_and_checks_range():
    assert env_int("N", 5, environ={}) == 5
    assert env_int("N", 5, minimum=1, environ={"TUYENGIAO_N": "7"}) == 7
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("N", 5, environ={"TUYENGIAO_N": "7.5"})
    with pytest.raises(ImproperlyConfigured, match="out of range"):
        env_int("N", 5, minimum=1, maximum=10, environ={"TUYENGIAO_N": "0"})


def test_list_splits_on_commas_and_refuses_empty_items():
    assert env_list("L", ["a"], environ={}) == ["a"]
    assert env_list("L", [], environ={"TUYENGIAO_L": "a.vn, b.vn"}) == ["a.vn", "b.vn"]
    with pytest.raises(ImproperlyConfigured, match="empty item"):
        env_list("L", [], environ={"TUYENGIAO_L": "a.vn,,b.vn"})


def test_choice_lists_accepted_values():
    assert env_choice("C", "x", ["x", "y"], environ={"TUYENGIAO_C": "y"}) == "y"
    with pytest.raises(ImproperlyConfigured, match="one of: x, y"):
        env_choice("C", "x", ["x", "y"], environ={"TUYENGIAO_C": "z"})


def test_networks_accept_addresses_and_networks_of_both_families():
    assert env_networks("N", [], environ={}) == []
    networks = env_networks("N", [], environ={"TUYENGIAO_N": "10.0.0.5, 192.168.1.7/24, ::1"})
    assert [str(n) for n in networks] == ["10.0.0.5/32", "192.168.1.0/24", "::1/128"]
    assert [str(n) for n in env_networks("N", ["127.0.0.1"], environ={})] == ["127.0.0.1/32"]


def test_networks_refuse_a_host_name_naming_the_variable():
    with pytest.raises(ImproperlyConfigured, match=r"TUYENGIAO_N: 'proxy\.local' is not an IP"):
        env_networks("N", [], environ={"TUYENGIAO_N": "10.0.0.1,proxy.local"})


def test_header_is_a_header_name():
    assert env_header("H", "X-Forwarded-For", environ={}) == "X-Forwarded-For"
    assert env_header("H", "X-Forwarded-For", environ={"TUYENGIAO_H": "X-Real-IP"}) == "X-Real-IP"
    with pytest.raises(ImproperlyConfigured, match="not an HTTP header name"):
        env_header("H", "", environ={"TUYENGIAO_H": "HTTP_X_REAL_IP"})


def test_path_is_absolute(tmp_path):
    assert env_path("P", tmp_path, environ={}) == tmp_path.resolve()
    assert env_path("P", Path("/nowhere"), environ={"TUYENGIAO_P": str(tmp_path)}).is_absolute()


def test_file_is_optional_and_must_exist_with_its_suffix(tmp_path):
    template = tmp_path / "mau.docx"
    template.write_bytes(b"PK")
    assert env_file("F", suffix=".docx", environ={}) is None
    assert env_file("F", suffix=".docx", environ={"TUYENGIAO_F": " "}) is None
    assert env_file("F", suffix=".docx", environ={"TUYENGIAO_F": str(template)}) == template
    with pytest.raises(ImproperlyConfigured, match=r"TUYENGIAO_F=.*no such file"):
        env_file("F", suffix=".docx", environ={"TUYENGIAO_F": str(tmp_path / "khong.docx")})
    with pytest.raises(ImproperlyConfigured, match=r"TUYENGIAO_F=.* is not a \.docx file"):
        env_file("F", suffix=".docx", environ={"TUYENGIAO_F": str(tmp_path / "mau.doc")})
