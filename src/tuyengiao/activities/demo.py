"""PLACEHOLDER — this file's contents were lost.

The helper "bulk" (activities import and the demo's year of activities) created a file at
this same path at 01:17 UTC without seeing that another session had just created it, and so
overwrote it (it was not yet committed: git cannot bring it back). The lost file defined
`demo_invitations_create(*, province, commune, editor, today)`, which web/demo.py imports.
Its author must write it again. The bulk helper's own demo code is in `demo_year.py`.
"""

import warnings


def demo_invitations_create(*, province, commune, editor, today) -> None:
    # A no-op until rewritten, so that the demo (and everyone's tests of it) still builds.
    warnings.warn(
        "activities/demo.py was overwritten by mistake (see its docstring): rewrite "
        "demo_invitations_create",
        stacklevel=2,
    )
