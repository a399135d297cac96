"""plotly.js ships with the app: collected from the plotly package, hashed and compressed."""

import json

from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_collectstatic_hashes_and_compresses_plotly_for_whitenoise(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    hashed = manifest["vendor/plotly/plotly.min.js"]
    assert hashed != "vendor/plotly/plotly.min.js"
    assert (tmp_path / hashed).stat().st_size > 1_000_000
    assert (tmp_path / f"{hashed}.gz").is_file()
    assert "dashboard/dashboard.js" in manifest
    # Only plotly.min.js comes from the package, not its datasets or widget bundle.
    collected = {path.name for path in (tmp_path / "vendor" / "plotly").iterdir()}
    assert collected and all(name.startswith("plotly.min.") for name in collected), collected
