"""The repository's copies of the project-wide content match ../shared when it is there.

The repository stands alone (a commune installs only it), so code and tests read
the copies; this check only tells a developer whose workspace has the shared
folder that a copy has fallen behind. Without the folder it is skipped.
"""
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
COPIES = {
    "faq-catalogue.yml": REPO_ROOT / "bot" / "knowledge" / "catalogue.yml",
    "facts.md": REPO_ROOT / "docs" / "facts.md",
    "voice.md": REPO_ROOT / "docs" / "voice.md",
}


@pytest.mark.parametrize("name", sorted(COPIES))
def test_copy_matches_the_shared_original(name):
    original = SHARED / name
    if not original.exists():
        pytest.skip(f"no {original}: nothing to compare with")
    assert COPIES[name].read_bytes() == original.read_bytes(), (
        f"{COPIES[name].relative_to(REPO_ROOT)} differs from ../shared/{name}: copy the new version in"
    )
