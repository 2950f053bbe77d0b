"""A small, safe expression language for derived indicators and validation rules.

    TY_LE_HT = HOAN_THANH / TONG * 100
    XUAT_SAC <= 0.2 * TOT
    XUAT_SAC + TOT + HOAN_THANH + KHONG_HOAN_THANH == 100

Text is read by a tokenizer and a Pratt parser into an AST of frozen dataclasses; nothing
is ever handed to `eval`. The grammar:

- numbers are written plainly with `.` as the decimal point: `0.2`, `1234.5` (the Vietnamese
  `1.234,5` cannot work here because `,` separates a function's arguments);
- names are indicator codes: a letter or `_`, then letters, digits and `_`, with `.`-joined
  parts for a disaggregation option (`LOP.SO_CAP`); they are case-sensitive;
- `+ - * /`, unary `-`, parentheses; comparisons `== != < <= > >=` (`=`, `<>`, `≤`, `≥`, `≠`
  are read as their plain forms, and the Unicode `−`, `×`, `÷` as `-`, `*`, `/`);
  comparisons do not chain (`a < b < c` is refused);
- `and`, `or`, `not` (any case), binding looser than comparisons;
- functions (any case): `sum(x, …)`, `min(x, …)`, `max(x, …)`, `abs(x)`, `round(x)` or
  `round(x, n)` with `n` a whole number 0–20 (half rounds away from zero, as people round),
  `if(condition, a, b)`.

Each sub-expression is either a number or a condition, checked while parsing. Arithmetic is
`decimal.Decimal` with 28 significant digits. A missing value makes the result None ("not
evaluated"), and so does a division by zero; `evaluate_detailed` says why. `and`/`or` follow
three-valued logic: `False and <missing>` is False, `True or <missing>` is True.

Limits that keep any text cheap to read: at most 1,000 characters, 50 levels of nesting
(parentheses, function calls, prefix operators) and 200 binary operators. Positions in
errors count characters from 1.
"""

import graphlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, DecimalException
from functools import reduce
from operator import eq, ge, gt, le, lt, ne

__all__ = [
    "Binary",
    "Call",
    "CycleError",
    "Evaluation",
    "Expr",
    "ExpressionError",
    "Name",
    "Number",
    "Unary",
    "dependency_order",
    "evaluate",
    "evaluate_detailed",
    "parse",
    "parse_rule",
]

MAX_LENGTH = 1000
MAX_DEPTH = 50
# Binary operators in one expression: keeps a chain like A1 + A2 + … (a left spine that
# printing and evaluation walk recursively) well inside Python's recursion limit.
MAX_OPERATORS = 200
MAX_ROUND_DIGITS = 20

ARITHMETIC = frozenset({"+", "-", "*", "/"})
COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})
LOGICAL = frozenset({"and", "or"})
FUNCTIONS = frozenset({"sum", "min", "max", "abs", "round", "if"})
# Binding power of each binary operator: higher binds tighter.
_POWER = {"or": 1, "and": 2, **dict.fromkeys(COMPARISONS, 4), "+": 5, "-": 5, "*": 6, "/": 6}
_NOT_POWER, _NEGATE_POWER, _ATOM_POWER = 3, 7, 10
_ALIASES = {"=": "==", "<>": "!=", "≤": "<=", "≥": ">=", "≠": "!=", "−": "-", "×": "*", "÷": "/"}


class ExpressionError(ValueError):
    """A text that is not a valid expression; `position` is the 0-based offset of the fault
    (the message counts from 1, as people do)."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


class CycleError(ValueError):
    """Derived indicators that depend on each other in a ring; `cycle` names it."""

    def __init__(self, cycle: list[str]) -> None:
        super().__init__("Các chỉ tiêu tính toán phụ thuộc vòng tròn: " + " → ".join(cycle))
        self.cycle = cycle


# --- the tree -----------------------------------------------------------------------------


class Expr:
    """A node of a parsed expression. `str()` prints it back in the language."""

    __slots__ = ()

    @property
    def is_condition(self) -> bool:
        """True when the node yields a condition (True/False) rather than a number."""
        return False

    def variables(self) -> set[str]:
        """The indicator codes the expression reads."""
        found: set[str] = set()
        stack: list[Expr] = [self]
        while stack:  # iterative: a long chain like A1 + A2 + … is a deep left spine
            node = stack.pop()
            if isinstance(node, Name):
                found.add(node.code)
            stack.extend(node.children())
        return found

    def children(self) -> tuple["Expr", ...]:
        return ()

    @property
    def power(self) -> int:
        return _ATOM_POWER


@dataclass(frozen=True, slots=True)
class Number(Expr):
    value: Decimal

    def __post_init__(self) -> None:
        if not self.value.is_finite() or self.value.is_signed():
            raise ValueError("Number holds a finite value ≥ 0; a minus sign is a Unary node")

    def __str__(self) -> str:
        return format(self.value, "f")


@dataclass(frozen=True, slots=True)
class Name(Expr):
    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True, slots=True)
class Unary(Expr):
    op: str  # "-" or "not"
    operand: Expr

    @property
    def is_condition(self) -> bool:
        return self.op == "not"

    @property
    def power(self) -> int:
        return _NOT_POWER if self.op == "not" else _NEGATE_POWER

    def children(self) -> tuple[Expr, ...]:
        return (self.operand,)

    def __str__(self) -> str:
        inner = _wrap(self.operand, self.operand.power < self.power)
        return f"not {inner}" if self.op == "not" else f"-{inner}"


@dataclass(frozen=True, slots=True)
class Binary(Expr):
    op: str
    left: Expr
    right: Expr

    @property
    def is_condition(self) -> bool:
        return self.op not in ARITHMETIC

    @property
    def power(self) -> int:
        return _POWER[self.op]

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)

    def __str__(self) -> str:
        # Left-associative: an equal-power right operand needs parentheses. (A comparison
        # never has a comparison operand: the parser keeps numbers and conditions apart.)
        left = _wrap(self.left, self.left.power < self.power)
        return f"{left} {self.op} {_wrap(self.right, self.right.power <= self.power)}"


@dataclass(frozen=True, slots=True)
class Call(Expr):
    function: str
    args: tuple[Expr, ...] = ()

    @property
    def is_condition(self) -> bool:
        return self.function == "if" and self.args[1].is_condition

    def children(self) -> tuple[Expr, ...]:
        return self.args

    def __str__(self) -> str:
        return f"{self.function}({', '.join(map(str, self.args))})"


def _at(message: str, position: int, hint: str = "") -> ExpressionError:
    """An error at `position`, counted from 1 in the message as people count."""
    return ExpressionError(
        f"{message} ở vị trí {position + 1}{' ' + hint if hint else ''}", position
    )


def _wrap(node: Expr, needed: bool) -> str:
    return f"({node})" if needed else str(node)


# --- reading text -------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"""(?P<space>\s+)
      | (?P<number>[0-9][\w.]*)
      | (?P<name>[^\W\d]\w*(?:\.\w+)*)
      | (?P<op>==|!=|<=|>=|<>|[-+*/(),<>=≤≥≠−×÷])""",
    re.VERBOSE,
)
_NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?")


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # number, name, op, end
    text: str
    position: int


def _tokens(text: str) -> list[_Token]:
    tokens = []
    position = 0
    while position < len(text):
        m = _TOKEN_RE.match(text, position)
        if m is None:
            raise _at(f"Ký tự không hợp lệ {text[position]!r}", position)
        kind, word = m.lastgroup or "", m.group()
        if kind == "number" and not _NUMBER_RE.fullmatch(word):
            hint = "(viết số với dấu chấm thập phân, không dấu phân cách hàng nghìn: 1234.5)"
            raise _at(f"Số không hợp lệ {word!r}", position, hint)
        if kind == "name" and word.lower() in ("and", "or", "not"):
            kind, word = "op", word.lower()
        if kind != "space":
            tokens.append(_Token(kind, _ALIASES.get(word, word), position))
        position = m.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


def parse(text: str) -> Expr:
    """The expression `text` writes; ExpressionError (in Vietnamese) if it is not one."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"Biểu thức dài quá {MAX_LENGTH} ký tự", MAX_LENGTH)
    return _Parser(text).parse()


def parse_rule(left: str, operator: str, right: str) -> Binary:
    """A validation rule: two number expressions compared (`XUAT_SAC`, `<=`, `0.2 * TOT`)."""
    op = _ALIASES.get(operator.strip(), operator.strip())
    if op not in COMPARISONS:
        raise ExpressionError(f"Phép so sánh không hợp lệ: {operator!r}")
    sides = []
    for side in (left, right):
        node = parse(side)
        if node.is_condition:
            raise ExpressionError(f"Mỗi vế của quy tắc phải là một số: {side!r}")
        sides.append(node)
    return Binary(op, sides[0], sides[1])


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.index = 0
        self.depth = 0
        self.operators = 0

    def parse(self) -> Expr:
        if self.tokens[0].kind == "end":
            raise ExpressionError("Biểu thức trống", 0)
        node = self.expression(0)
        token = self.tokens[self.index]
        if token.kind != "end":
            raise self.unexpected(token)
        return node

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, text: str) -> None:
        token = self.tokens[self.index]
        if token.text != text or token.kind != "op":
            raise _at(f"Thiếu dấu '{text}'", token.position)
        self.index += 1

    def unexpected(self, token: _Token) -> ExpressionError:
        if token.kind == "end":
            return _at("Biểu thức chưa kết thúc", token.position)
        return _at(f"Không mong đợi {token.text!r}", token.position)

    def expression(self, min_power: int) -> Expr:
        left = self.prefix()
        while True:
            token = self.tokens[self.index]
            power = _POWER.get(token.text, 0) if token.kind == "op" else 0
            if power <= min_power:
                return left
            self.index += 1
            self.operators += 1
            if self.operators > MAX_OPERATORS:
                raise _at(
                    f"Biểu thức có quá {MAX_OPERATORS} phép tính",
                    token.position,
                    "(cộng nhiều chỉ tiêu: dùng sum(...))",
                )
            if token.text in COMPARISONS and isinstance(left, Binary) and left.op in COMPARISONS:
                raise _at(
                    "Không thể nối hai phép so sánh", token.position, "(viết: a < b and b < c)"
                )
            right = self.expression(power)
            logical = token.text in LOGICAL
            _check(left, logical, token)
            _check(right, logical, token)
            left = Binary(token.text, left, right)

    def prefix(self) -> Expr:
        token = self.take()
        if token.kind == "number":
            return Number(Decimal(token.text))
        if token.kind == "name":
            following = self.tokens[self.index]
            if following.kind == "op" and following.text == "(":
                return self.nested(token, lambda: self.call(token))
            return Name(token.text)
        if token.kind == "op" and token.text == "(":
            return self.nested(token, self.group)
        if token.kind == "op" and token.text in ("-", "+", "not"):
            # Unary minus binds tighter than * and /; "not" looser than comparisons.
            power = _NOT_POWER if token.text == "not" else _NEGATE_POWER - 1
            operand = self.nested(token, lambda: self.expression(power))
            _check(operand, token.text == "not", token)
            return operand if token.text == "+" else Unary(token.text, operand)
        raise self.unexpected(token)

    def nested(self, token: _Token, read: Callable[[], Expr]) -> Expr:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _at(f"Biểu thức lồng quá {MAX_DEPTH} mức", token.position)
        node = read()
        self.depth -= 1
        return node

    def group(self) -> Expr:
        node = self.expression(0)
        self.expect(")")
        return node

    def call(self, token: _Token) -> Expr:
        function = token.text.lower()
        if function not in FUNCTIONS:
            raise _at(
                f"Hàm không xác định {token.text!r}",
                token.position,
                f"(có: {', '.join(sorted(FUNCTIONS))})",
            )
        self.index += 1  # the "("
        args: list[Expr] = []
        while not args or self.tokens[self.index].text == ",":
            if args:
                self.index += 1
            args.append(self.expression(0))
        self.expect(")")
        return _checked_call(function, tuple(args), token)


def _check(node: Expr, condition: bool, token: _Token) -> None:
    if node.is_condition != condition:
        wanted = "một điều kiện (so sánh)" if condition else "một số"
        raise _at(f"'{token.text}' cần {wanted}", token.position)


def _checked_call(function: str, args: tuple[Expr, ...], token: _Token) -> Call:
    def fail(what: str) -> ExpressionError:
        return _at(f"Hàm {function} {what}", token.position)

    if function == "if":
        if len(args) != 3:
            raise fail("cần đúng 3 đối số: if(điều kiện, giá trị nếu đúng, giá trị nếu sai)")
        _check(args[0], True, token)
        _check(args[2], args[1].is_condition, token)
        return Call(function, args)
    for arg in args:
        _check(arg, False, token)
    if function == "abs" and len(args) != 1:
        raise fail("cần đúng 1 đối số")
    if function == "round":
        if len(args) > 2:
            raise fail("cần 1 hoặc 2 đối số: round(x) hoặc round(x, số chữ số)")
        digits = args[1] if len(args) == 2 else None
        if digits is not None and not (
            isinstance(digits, Number)
            and digits.value == digits.value.to_integral_value()
            and digits.value <= MAX_ROUND_DIGITS
        ):
            raise fail(f"cần số chữ số là số nguyên từ 0 đến {MAX_ROUND_DIGITS}")
    return Call(function, args)


# --- evaluation ---------------------------------------------------------------------------

_CONTEXT = Context(prec=28)  # traps InvalidOperation, DivisionByZero and Overflow


class _Undefined(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The result of an expression: `value` None means "not evaluated", `reason` says why
    (in Vietnamese) and `missing` names the values it lacked."""

    value: Decimal | bool | None
    reason: str | None = None
    missing: frozenset[str] = frozenset()


def evaluate(expr: Expr, values: Mapping[str, Decimal | None]) -> Decimal | bool | None:
    """The value of `expr` for `values` (indicator code → value): a number, a condition's
    True/False, or None when a value is missing or the result is undefined (÷ 0)."""
    return evaluate_detailed(expr, values).value


def evaluate_detailed(expr: Expr, values: Mapping[str, Decimal | None]) -> Evaluation:
    """Like `evaluate`, with the reason when there is no result."""
    missing: set[str] = set()
    try:
        value = _evaluate(expr, values, missing)
    except _Undefined as undefined:
        return Evaluation(None, undefined.reason, frozenset(missing))
    except DecimalException:
        return Evaluation(None, "Kết quả vượt quá giới hạn tính toán", frozenset(missing))
    if value is None:
        return Evaluation(None, "Thiếu số liệu: " + ", ".join(sorted(missing)), frozenset(missing))
    return Evaluation(value, None, frozenset(missing))


_Value = Decimal | bool | None


def _evaluate(node: Expr, values: Mapping[str, Decimal | None], missing: set[str]) -> _Value:
    match node:
        case Number(value=value):
            return value
        case Name(code=code):
            return _lookup(code, values, missing)
        case Unary(op="not", operand=operand):
            inner = _evaluate(operand, values, missing)
            return None if inner is None else not inner
        case Unary(operand=operand):
            inner = _evaluate(operand, values, missing)
            return None if inner is None else _CONTEXT.minus(_number(inner))
        case Binary(op="and" | "or" as op, left=left, right=right):
            return _logical(op, node, values, missing)
        case Binary(op=op, left=left, right=right):
            a = _evaluate(left, values, missing)
            b = _evaluate(right, values, missing)
            if a is None or b is None:
                return None
            return _binary(op, _number(a), _number(b), node)
        case Call(function="if", args=(condition, then, otherwise)):
            chosen = _evaluate(condition, values, missing)
            if chosen is None:
                return None
            return _evaluate(then if chosen else otherwise, values, missing)
        case Call(function=function, args=args):
            numbers = [_evaluate(arg, values, missing) for arg in args]
            if any(number is None for number in numbers):
                return None
            return _function(function, [_number(number) for number in numbers])
    raise TypeError(f"not an expression node: {node!r}")


def _lookup(code: str, values: Mapping[str, Decimal | None], missing: set[str]) -> Decimal | None:
    value = values.get(code)
    if value is None:
        missing.add(code)
        return None
    number = _CONTEXT.create_decimal(value)
    if not number.is_finite():
        raise _Undefined(f"Giá trị của {code} không phải là số")
    return number


def _number(value: _Value) -> Decimal:
    assert isinstance(value, Decimal)  # the parser keeps numbers and conditions apart
    return value


def _logical(
    op: str, node: Binary, values: Mapping[str, Decimal | None], missing: set[str]
) -> _Value:
    # Three-valued: a known False decides "and", a known True decides "or".
    decisive = op == "or"
    a = _evaluate(node.left, values, missing)
    if a is decisive:
        return decisive
    b = _evaluate(node.right, values, missing)
    if b is decisive:
        return decisive
    return None if a is None or b is None else not decisive


_COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = dict(
    zip(("==", "!=", "<", "<=", ">", ">="), (eq, ne, lt, le, gt, ge), strict=True)
)
_ARITHMETIC: dict[str, Callable[[Decimal, Decimal], Decimal]] = dict(
    zip("+-*/", (_CONTEXT.add, _CONTEXT.subtract, _CONTEXT.multiply, _CONTEXT.divide), strict=True)
)


def _binary(op: str, a: Decimal, b: Decimal, node: Binary) -> _Value:
    if op == "/" and b == 0:
        raise _Undefined(f"Chia cho 0 trong {node}")
    return _COMPARE[op](a, b) if op in _COMPARE else _ARITHMETIC[op](a, b)


def _function(function: str, numbers: list[Decimal]) -> Decimal:
    if function == "round":
        digits = int(numbers[1]) if len(numbers) == 2 else 0
        return numbers[0].quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP, _CONTEXT)
    if function == "sum":
        return reduce(_CONTEXT.add, numbers, Decimal(0))
    return (
        _CONTEXT.abs(numbers[0])
        if function == "abs"
        else {"min": min, "max": max}[function](numbers)
    )


def dependency_order(definitions: Mapping[str, Expr]) -> list[str]:
    """The codes of `definitions` (derived indicator → its formula) ordered so that each
    comes after the derived indicators its formula reads; CycleError names a ring."""
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for code, expr in definitions.items():
        used = expr.variables()
        # "A.OPT" reads a disaggregation of A: it depends on A when A is derived.
        used |= {name.split(".", 1)[0] for name in used}
        sorter.add(code, *sorted(name for name in used if name in definitions))
    try:
        return list(sorter.static_order())
    except graphlib.CycleError as error:
        # graphlib lists each node before the one it depends on… in reverse; read it forward.
        raise CycleError(list(reversed(error.args[1]))) from None
