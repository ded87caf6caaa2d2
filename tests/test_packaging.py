"""The package as users install it: a wheel carries the migrations, templates and static files."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_wheel_carries_everything_a_plain_install_needs(tmp_path: Path) -> None:
    # from a clean copy: an in-tree build reuses build/lib, stale files and all
    src = tmp_path / "src"
    junk = shutil.ignore_patterns(".*", "build", "dist", "*.egg-info", "__pycache__", "test-artifacts")
    shutil.copytree(ROOT, src, ignore=junk)
    out = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = out.glob("watcher-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    versions = {p.name for p in (ROOT / "migrations" / "versions").glob("*.py")}
    assert versions and {f"watcher/migrations/versions/{v}" for v in versions} <= names
    assert {"watcher/migrations/env.py", "watcher/migrations/script.py.mako", "watcher/py.typed"} <= names
    templates = {f"watcher/web/templates/{p.name}" for p in (ROOT / "watcher/web/templates").glob("*.html")}
    assert templates and templates <= names
    assert not any(n.startswith(("tests/", "bench/", "seeds/")) for n in names)


def test_migrations_are_found_where_the_package_is() -> None:
    from watcher.store.migrate import MIGRATIONS

    assert (MIGRATIONS / "env.py").is_file() and any((MIGRATIONS / "versions").glob("0001_*.py"))
