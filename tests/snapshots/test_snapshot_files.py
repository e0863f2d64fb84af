"""Every committed snapshot belongs to a test (syrupy cannot tell under pytest-xdist)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def names_of_tests(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
    }


def test_every_snapshot_svg_names_a_test_of_its_module():
    svgs = sorted(TESTS.glob("**/__snapshots__/*/*.svg"))
    assert svgs, "no snapshots found"
    orphans = []
    for svg in svgs:
        module = svg.parent.parent.parent / f"{svg.parent.name}.py"
        name = svg.stem.split("[", 1)[0]
        if not module.exists() or name not in names_of_tests(module):
            orphans.append(str(svg.relative_to(TESTS)))
    assert orphans == [], "snapshots without a test: delete them or restore their test"
