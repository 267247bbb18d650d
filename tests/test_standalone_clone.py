"""A commune installs only this repository: its tests pass in a clone with no sibling folders.

The clone (of the committed HEAD) lies alone in an empty temporary folder, so
nothing outside the repository can be reached; the unit
tests of the knowledge base, the scam checker, the NLU components and the
console run there with this environment's Python.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SUITES = ["tests/knowledge", "tests/scam", "tests/nlu", "tests/console", "tests/test_shared_copies.py"]


@pytest.mark.skipif(os.environ.get("STANDALONE_CLONE") == "1", reason="already inside the standalone clone")
def test_unit_tests_pass_in_a_clone_with_no_sibling_folders(tmp_path):
    if not (REPO_ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    alone = tmp_path / "empty" / "commune"
    alone.parent.mkdir()
    subprocess.run(["git", "clone", "--quiet", str(REPO_ROOT), str(alone)], check=True)
    assert sorted(p.name for p in alone.parent.iterdir()) == ["commune"]
    env = dict(os.environ, PYTHONPATH=str(alone), STANDALONE_CLONE="1")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not model and not browser and not services",
         *SUITES],
        cwd=alone, env=env, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
