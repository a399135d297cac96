"""Serve plotly.js from the installed ``plotly`` package, so it is never copied by hand.

Only ``plotly.min.js`` is exposed, as ``vendor/plotly/plotly.min.js``; the package's other
data files (datasets, the Jupyter widget bundle) stay out of ``collectstatic``. WhiteNoise
then serves it compressed and cache-busted like any other static file.
"""

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_DIR = Path(plotly.__file__).resolve().parent / "package_data"
PREFIX = "vendor/plotly"
FILENAME = "plotly.min.js"
STATIC_PATH = f"{PREFIX}/{FILENAME}"


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=PLOTLY_DIR)
        self.storage.prefix = PREFIX

    def check(self, **kwargs) -> list:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs) -> str | list[str]:
        find_all = find_all or kwargs.get("all", False)
        if path == STATIC_PATH and (PLOTLY_DIR / FILENAME).is_file():
            found = str(PLOTLY_DIR / FILENAME)
            return [found] if find_all else found
        return []  # what Django's own finders answer for "not here", in both modes

    def list(self, ignore_patterns):
        yield FILENAME, self.storage
