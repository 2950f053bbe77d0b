from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuyengiao.values.expressions import (
    Binary,
    Call,
    CycleError,
    ExpressionError,
    Name,
    Number,
    Unary,
    dependency_order,
    evaluate,
    evaluate_detailed,
    parse,
    parse_rule,
)

D = Decimal


def test_a_ratio_parses_into_a_tree():
    assert parse("A / B * 100") == Binary("*", Binary("/", Name("A"), Name("B")), Number(D(100)))
    assert parse("-(A + B) * -C") == Binary(
        "*", Unary("-", Binary("+", Name("A"), Name("B"))), Unary("-", Name("C"))
    )
    assert parse("+A") == Name("A")
    assert parse("SUM(LOP.SO_CAP, 2)") == Call("sum", (Name("LOP.SO_CAP"), Number(D(2))))


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("A/B*100", "A / B * 100"),
        ("a - (b - c)", "a - (b - c)"),
        ("(a - b) - c", "a - b - c"),
        ("not A < B AND B > 0 or C = 1", "not A < B and B > 0 or C == 1"),
        ("A ≤ B", "A <= B"),
        ("A ≠ B", "A != B"),
        ("A <> B", "A != B"),
        ("A × B ÷ C − D", "A * B / C - D"),
        ("not (A > 0 or B > 0)", "not (A > 0 or B > 0)"),
        ("(not A > 0) == (B > 0)", None),
        ("round( A / 3 , 2 )", "round(A / 3, 2)"),
        ("IF(B == 0, 0, A / B)", "if(B == 0, 0, A / B)"),
        ("0.20 * TOT", "0.20 * TOT"),
    ],
)
def test_printing(text, printed):
    if printed is None:  # comparing two conditions is refused
        with pytest.raises(ExpressionError):
            parse(text)
        return
    assert str(parse(text)) == printed
    assert parse(printed) == parse(text)


def test_variables():
    rule = parse("XUAT_SAC + TOT + HOAN_THANH + KHONG_HOAN_THANH == 100")
    assert rule.variables() == {"XUAT_SAC", "TOT", "HOAN_THANH", "KHONG_HOAN_THANH"}
    assert parse("max(A, if(B > 0, C, 1))").variables() == {"A", "B", "C"}
    assert parse("12").variables() == set()


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("(A + B", "Thiếu dấu ')' ở vị trí 7", 6),
        ("sum(A, B", "Thiếu dấu ')' ở vị trí 9", 8),
        ("A +", "Biểu thức chưa kết thúc ở vị trí 4", 3),
        ("", "Biểu thức trống", 0),
        ("   ", "Biểu thức trống", 0),
        ("A B", "Không mong đợi 'B' ở vị trí 3", 2),
        ("A )", "Không mong đợi ')' ở vị trí 3", 2),
        ("A + * B", "Không mong đợi '*' ở vị trí 5", 4),
        ("A < B < C", "Không thể nối hai phép so sánh ở vị trí 7", 6),
        ("foo(A)", "Hàm không xác định 'foo' ở vị trí 1", 0),
        ("LOP.X(A)", "Hàm không xác định 'LOP.X'", 0),
        ("1.234,5", "Không mong đợi ','", 5),
        ("2A", "Số không hợp lệ '2A' ở vị trí 1", 0),
        ("1.2.3", "Số không hợp lệ '1.2.3'", 0),
        ("A # B", "Ký tự không hợp lệ '#' ở vị trí 3", 2),
        ("A + ٣", "Ký tự không hợp lệ '٣' ở vị trí 5", 4),
        ("1.5e3", "Số không hợp lệ '1.5e3'", 0),
        ("A + (B < C)", "'+' cần một số ở vị trí 3", 2),
        ("A > 0 and B", "'and' cần một điều kiện", 6),
        ("not A", "'not' cần một điều kiện", 0),
        ("-(A > B)", "'-' cần một số", 0),
        ("if(A, 1, 2)", "'if' cần một điều kiện", 0),
        ("if(A > 0, 1, B > 0)", "'if' cần một số", 0),
        ("if(A > 0, 1)", "Hàm if cần đúng 3 đối số", 0),
        ("abs(A, B)", "Hàm abs cần đúng 1 đối số", 0),
        ("round(A, B)", "Hàm round cần số chữ số là số nguyên từ 0 đến 20", 0),
        ("round(A, 1.5)", "số nguyên", 0),
        ("round(A, 21)", "số nguyên", 0),
        ("round(A, 1, 2)", "Hàm round cần 1 hoặc 2 đối số", 0),
        ("sum()", "Không mong đợi ')' ở vị trí 5", 4),
        ("A" * 1001, "Biểu thức dài quá 1000 ký tự", 1000),
        ("(" * 51 + "A" + ")" * 51, "Biểu thức lồng quá 50 mức ở vị trí 51", 50),
        ("-" * 60 + "A", "Biểu thức lồng quá 50 mức", 50),
    ],
)
def test_errors_say_what_and_where_in_vietnamese(text, message, position):
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    assert message in str(caught.value)
    assert caught.value.position == position


def test_the_limits_still_allow_long_flat_formulas():
    assert str(parse("(" * 50 + "A" + ")" * 50)) == "A"
    chain = "+".join(["A"] * 201)  # a deep left spine
    expr = parse(chain)
    assert expr.variables() == {"A"}
    assert evaluate(expr, {"A": D("0.1")}) == D("20.1")
    assert parse(str(expr)) == expr
    with pytest.raises(ExpressionError, match="quá 200 phép tính ở vị trí 402") as caught:
        parse(chain + "+A")
    assert caught.value.position == 401
    assert parse(f"sum({', '.join(['A'] * 300)})").variables() == {"A"}


def test_evaluation_uses_decimals():
    assert evaluate(parse("A / B * 100"), {"A": D(1), "B": D(3)}) == D(
        "33.33333333333333333333333333"
    )
    assert evaluate(parse("0.1 + 0.2 == 0.3"), {}) is True
    assert evaluate(parse("round(2.5) + round(1.005, 2) + round(-2.5)"), {}) == D("1.01")
    assert evaluate(
        parse("sum(A, B, 1) - min(A, B) + max(A, B) * abs(-2)"),
        {
            "A": D(2),
            "B": D(5),
        },
    ) == D(16)
    assert evaluate(parse("A"), {"A": 7}) == D(7)  # type: ignore[dict-item]


def test_rules_from_the_ratings_report():
    excellent = parse_rule("XUAT_SAC", "≤", "0.2 * TOT")
    assert str(excellent) == "XUAT_SAC <= 0.2 * TOT"
    assert evaluate(excellent, {"XUAT_SAC": D(20), "TOT": D(100)}) is True
    assert evaluate(excellent, {"XUAT_SAC": D("20.01"), "TOT": D(100)}) is False
    total = parse("XUAT_SAC + TOT + HOAN_THANH + KHONG_HOAN_THANH == 100")
    shares = {"XUAT_SAC": D("16.22"), "TOT": D("60.5"), "HOAN_THANH": D("20.28")}
    assert evaluate(total, shares | {"KHONG_HOAN_THANH": D(3)}) is True
    assert evaluate(total, shares | {"KHONG_HOAN_THANH": D("3.01")}) is False
    with pytest.raises(ExpressionError, match="Phép so sánh không hợp lệ"):
        parse_rule("A", "+", "B")
    with pytest.raises(ExpressionError, match="Mỗi vế của quy tắc phải là một số"):
        parse_rule("A > 1", "==", "B")


def test_missing_values_and_division_by_zero_give_no_result_with_a_reason():
    ratio = parse("A / B * 100")
    result = evaluate_detailed(ratio, {"A": D(1), "B": D(0)})
    assert result.value is None
    assert result.reason == "Chia cho 0 trong A / B"
    result = evaluate_detailed(ratio, {"A": None})
    assert (result.value, result.reason) == (None, "Thiếu số liệu: A, B")
    assert result.missing == {"A", "B"}
    # A rule with a missing operand is not evaluated: None, never False.
    assert evaluate(parse_rule("XUAT_SAC", "<=", "0.2 * TOT"), {"TOT": D(10)}) is None
    # Only the branch taken is evaluated.
    assert evaluate(parse("if(B == 0, 0, A / B)"), {"A": D(1), "B": D(0)}) == D(0)
    assert evaluate(parse("if(X > 0, 1, 2)"), {}) is None
    big = "9" * 400
    result = evaluate_detailed(parse(f"round({big} * {big}, 2)"), {})
    assert (result.value, result.reason) == (None, "Kết quả vượt quá giới hạn tính toán")
    result = evaluate_detailed(parse("A"), {"A": D("NaN")})
    assert result.reason == "Giá trị của A không phải là số"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A > 0 or B > 0", True),
        ("B > 0 or A > 0", True),
        ("C > 0 or B > 0", None),
        ("A < 0 and B > 0", False),
        ("B > 0 and A < 0", False),
        ("A > 0 and B > 0", None),
        ("not B > 0", None),
        ("not A > 0", False),
        ("A > 0 and C > 0", False),
        ("A > 0 or C > 0", True),
    ],
)
def test_three_valued_logic(text, expected):
    assert evaluate(parse(text), {"A": D(1), "C": D(-1)}) is expected


def test_dependency_order():
    definitions = {
        "C": parse("A + B"),
        "A": parse("X * 2"),
        "B": parse("A.NAM + 1"),  # a disaggregation of A depends on A
    }
    order = dependency_order(definitions)
    assert sorted(order) == ["A", "B", "C"]
    assert order.index("A") < order.index("B") < order.index("C")
    assert dependency_order({}) == []


def test_dependency_cycles_are_named():
    with pytest.raises(CycleError, match="phụ thuộc vòng tròn: A → B → C → A") as caught:
        dependency_order({"A": parse("B + 1"), "B": parse("C"), "C": parse("A"), "D": parse("1")})
    assert caught.value.cycle == ["A", "B", "C", "A"]
    with pytest.raises(CycleError, match="A → A"):
        dependency_order({"A": parse("A + 1")})


def test_number_nodes_hold_plain_values():
    with pytest.raises(ValueError, match="Unary"):
        Number(D(-1))
    with pytest.raises(ValueError, match="finite"):
        Number(D("Infinity"))


# --- properties ---------------------------------------------------------------------------

_pieces = [*"AB_.01239 ()+-*/,<>=!≤≠−#éđ\n", "sum", "if", "round", "and", "not", "or"]
_grammar_text = st.lists(st.sampled_from(_pieces), max_size=60).map("".join)


@given(st.one_of(st.text(max_size=200), _grammar_text))
def test_the_parser_only_ever_raises_expression_error(text):
    try:
        expr = parse(text)
    except ExpressionError as error:
        assert error.message
        assert error.position is None or 0 <= error.position <= len(text)
    else:
        assert parse(str(expr)) == expr


_names = st.sampled_from(["A", "B", "TOT", "LOP.SO_CAP", "x_1"])
_literals = st.decimals(min_value=0, max_value=10**6, allow_nan=False, places=3).map(Number)


def _numbers(children):
    return st.one_of(
        st.builds(Binary, st.sampled_from(["+", "-", "*", "/"]), children, children),
        st.builds(Unary, st.just("-"), children),
        st.builds(
            Call,
            st.sampled_from(["sum", "min", "max"]),
            st.lists(children, min_size=1, max_size=3).map(tuple),
        ),
        st.builds(lambda x: Call("abs", (x,)), children),
        st.builds(lambda x, n: Call("round", (x, Number(D(n)))), children, st.integers(0, 20)),
    )


_number_exprs = st.recursive(st.one_of(_literals, st.builds(Name, _names)), _numbers, max_leaves=12)
_comparisons = st.builds(
    Binary, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), _number_exprs, _number_exprs
)
_conditions = st.recursive(
    _comparisons,
    lambda children: st.one_of(
        st.builds(Binary, st.sampled_from(["and", "or"]), children, children),
        st.builds(Unary, st.just("not"), children),
    ),
    max_leaves=4,
)
_any_exprs = st.one_of(
    _number_exprs,
    _conditions,
    st.builds(lambda c, a, b: Call("if", (c, a, b)), _conditions, _number_exprs, _number_exprs),
)


@given(_any_exprs)
def test_printing_then_parsing_gives_the_same_tree(expr):
    assert parse(str(expr)) == expr


def _python(expr, values):
    """The value of an arithmetic tree, computed with Python's own Decimal operators."""
    match expr:
        case Number(value=value):
            return value
        case Name(code=code):
            return values[code]
        case Unary(operand=operand):
            return -_python(operand, values)
        case Binary(op=op, left=left, right=right):
            a, b = _python(left, values), _python(right, values)
            if op == "/" and b == 0:
                raise ZeroDivisionError
            return {"+": a + b, "-": a - b, "*": a * b}[op] if op != "/" else a / b


_arithmetic = st.recursive(
    st.one_of(_literals, st.builds(Name, _names)),
    lambda children: st.one_of(
        st.builds(Binary, st.sampled_from(["+", "-", "*", "/"]), children, children),
        st.builds(Unary, st.just("-"), children),
    ),
    max_leaves=16,
)
_values = st.fixed_dictionaries(
    {
        name: st.decimals(min_value=-(10**6), max_value=10**6, allow_nan=False, places=2)
        for name in ["A", "B", "TOT", "LOP.SO_CAP", "x_1"]
    }
)


@given(_arithmetic, _values)
def test_evaluation_agrees_with_python_decimals(expr, values):
    try:
        expected = _python(expr, values)
    except ZeroDivisionError:
        expected = None
    assert evaluate(parse(str(expr)), values) == expected
