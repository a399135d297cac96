"""The WSGI application, warmed up before it takes a request.

Each gunicorn worker imports this module when it starts: every view module and its libraries
(plotly, openpyxl, python-docx...), the templates of the pages and both languages' catalogues
are loaded here, before the worker accepts a connection, instead of costing its first
requests a second or so. No database connection is opened.
"""

import contextlib
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hpkkt.settings")
application = get_wsgi_application()

#: The pages whose templates are compiled before the first request.
WARM_TEMPLATES = (
    "dashboard/index.html",
    "reports/index.html",
    "hpkkt/table_list.html",
    "registration/login.html",
)


def warm_up() -> None:
    from django.conf import settings
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Dashboard")
    for name in WARM_TEMPLATES:
        with contextlib.suppress(TemplateDoesNotExist):  # a renamed page only misses the warm-up
            get_template(name)


warm_up()
