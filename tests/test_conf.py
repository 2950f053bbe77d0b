from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tuyengiao.conf import env_bool, env_choice, env_int, env_list, env_path, env_str


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


def test_path_is_absolute(tmp_path):
    assert env_path("P", tmp_path, environ={}) == tmp_path.resolve()
    assert env_path("P", Path("/nowhere"), environ={"TUYENGIAO_P": str(tmp_path)}).is_absolute()
