"""The architecture's contracts (pyproject.toml, [tool.importlinter]) hold, and the diagram of
docs/architecture.md draws exactly their layers. `make lint` runs the same check."""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {contract["id"]: contract for contract in config["tool"]["importlinter"]["contracts"]}


def test_every_contract_is_kept():
    # Without the cache: a stale one could hide an import added since. The source checked is
    # this checkout's, whatever the environment installed.
    run = subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--no-logo", ROOT / "pyproject.toml"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    kept = re.findall(r"^(.+) KEPT$", run.stdout, flags=re.MULTILINE)
    assert sorted(kept) == sorted(contract["name"] for contract in _contracts().values())


def test_the_diagram_draws_the_layers_of_the_contract():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    diagram = re.search(r"^```text\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    assert diagram is not None
    # A layer's line starts at the margin with its modules, then two spaces and what it holds;
    # the lines between layers hold only arrows, and a layer's description may wrap.
    drawn = [
        re.split(r"\s{2,}", line)[0]
        for line in diagram.group(1).splitlines()
        if line and not line[0].isspace()
    ]
    assert drawn == _contracts()["layers"]["layers"]
