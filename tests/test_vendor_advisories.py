"""The front-end libraries the site serves are pinned at versions without known advisories."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from kb.build import VENDOR_SPEC, vendor_spec


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("-")[0].split("."))


def test_no_pinned_version_falls_in_a_recorded_advisory():
    advisories = json.loads(VENDOR_SPEC.read_text(encoding="utf-8"))["advisories"]
    for name, pkg in vendor_spec().items():
        assert name in advisories, f"{name}: record its advisories (or an empty list) in vendor.json"
        for advisory in advisories[name]:
            assert _version(pkg["version"]) >= _version(advisory["fixed_in"]), \
                f"{name} {pkg['version']} is affected by {advisory['id']} ({advisory['summary']}): pin {advisory['fixed_in']} or later"


def test_npm_audit_finds_no_advisory_in_the_pinned_versions(tmp_path):
    """Asks the registry's audit data where it answers (on some mirrors it does not)."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed")
    manifest = {"name": "kb-vendor-audit", "version": "0.0.0", "private": True,
                "dependencies": {name: pkg["version"] for name, pkg in vendor_spec().items()}}
    (tmp_path / "package.json").write_text(json.dumps(manifest))
    lock = subprocess.run([npm, "install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    if lock.returncode != 0:
        pytest.skip(f"the registry could not be asked: {lock.stderr.strip().splitlines()[-1:]}")
    audit = subprocess.run([npm, "audit", "--json", "--omit=dev"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(audit.stdout)
    except json.JSONDecodeError:
        pytest.skip("npm audit gave no report")
    if "error" in report or "message" in report and "vulnerabilities" not in report:
        pytest.skip(f"the registry has no audit data here: {report.get('message') or report.get('error')}")
    # The served bundles include their dependencies: all of them count.
    found = {name: v.get("severity") for name, v in report.get("vulnerabilities", {}).items()
             if v.get("severity") in ("moderate", "high", "critical")}
    assert found == {}, f"npm audit lists advisories for the pinned versions: {found}"
