"""A faster constructor for the frozen result dataclasses.

`@dataclass(frozen=True)` writes each field through `object.__setattr__`, which looks the
attribute up on the class every time, and the pipeline builds a few hundred thousand
results per 10 MB. `fast_init` replaces `__init__` with one that writes each slot through
its descriptor directly, several times faster (bench/README.md, "Frozen results built
through their slots"). Everything else stays as dataclass made it: frozen, slots, eq,
hash, repr, the same signature.
"""

import dataclasses
from typing import Any


def fast_init[T](cls: type[T]) -> type[T]:
    """Give the frozen slots dataclass `cls` an `__init__` that writes its slots directly."""
    params = dataclasses.fields(cls)  # type: ignore[arg-type]
    if any(f.default_factory is not dataclasses.MISSING or f.kw_only for f in params):
        raise TypeError(f"{cls.__name__}: fast_init handles plain fields and defaults only")
    namespace: dict[str, Any] = {}
    signature, body = [], []
    for f in params:
        namespace[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is dataclasses.MISSING:
            signature.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            signature.append(f"{f.name}=_default_{f.name}")
        body.append(f"    _set_{f.name}(self, {f.name})")
    source = f"def __init__(self, {', '.join(signature)}):\n" + "\n".join(body) + "\n"
    exec(source, namespace)  # noqa: S102 - built from field names only, as dataclasses does
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    setattr(cls, "__init__", init)  # noqa: B010 - mypy forbids assigning a method
    return cls
