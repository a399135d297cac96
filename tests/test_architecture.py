"""The arrows run downward, and no service writes around the history (STYLE "Which way the
arrows run", "Writes go through services"; docs/architecture.md).

Three scans of the source with ``ast`` (nothing is imported from the modules they read):

- ``hpkkt/`` is the ground floor: none of its modules imports another app of the project;
- a domain app (``investments``, ``budget``, ``operations``) imports from another domain app
  only its ``models``, ``choices`` or ``selectors``, and only from an app below it; it never
  imports an app that assembles them (``reports``, ``exchange``, ``dashboard``,
  ``subscriptions``, ``demo``); what two apps share lives in ``hpkkt``, once, and every
  ``*_update`` service runs the core's version and lock checks;
- no service module writes a model with history through ``QuerySet.update()``, ``.delete()``
  on a queryset, ``bulk_create`` / ``bulk_update`` or raw SQL, which all bypass
  django-simple-history, except the documented paths of ``ALLOWED_WRITES``, each with its
  reason. A fixture module (``tests/architecture_fixtures/violating_services.py``) proves the
  scan catches each kind.
"""

from __future__ import annotations

import ast
import importlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

ROOT = Path(settings.BASE_DIR)
#: The domain apps, lowest first: an app may use the models of an app before it.
DOMAIN_APPS = ("investments", "budget", "operations")
#: What a domain app may import from a domain app below it.
SHARED_ROOMS = frozenset({"models", "choices", "selectors"})
FIXTURE = ROOT / "tests" / "architecture_fixtures" / "violating_services.py"


def project_apps() -> list[str]:
    """The project's own apps (those in INSTALLED_APPS that live in this repository)."""
    names = []
    for name in settings.INSTALLED_APPS:
        top = name.split(".")[0]
        if (ROOT / top / "__init__.py").exists() and top not in names:
            names.append(top)
    return names


def python_files(app: str) -> list[Path]:
    return sorted((ROOT / app).rglob("*.py"))


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, anywhere in it: ``from a import b`` gives ``a`` and
    ``a.b`` (``b`` may be a submodule, as in ``from investments import services``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
    return found


# --- (a) hpkkt imports no app of the project ------------------------------------------------


def test_the_project_package_imports_no_app_of_the_project():
    others = set(project_apps()) - {"hpkkt"}
    assert {"investments", "budget", "operations", "reports", "demo"} <= others
    wrong = [
        f"{relative(path)}:{line} imports {module}"
        for path in python_files("hpkkt")
        for line, module in imported_modules(path)
        if module.split(".")[0] in others
    ]
    assert wrong == []


# --- (b) domain apps: only models, choices and selectors of a lower domain app ---------------


def domain_import_violations(app: str, paths: list[Path]) -> list[str]:
    lower = DOMAIN_APPS[: DOMAIN_APPS.index(app)]
    assembling = set(project_apps()) - {"hpkkt", *DOMAIN_APPS}
    wrong = []
    for path in paths:
        for line, module in imported_modules(path):
            parts = module.split(".")
            top = parts[0]
            if top == app or top == "hpkkt" or top not in {*DOMAIN_APPS, *assembling}:
                continue
            if len(parts) == 1 and top in DOMAIN_APPS:
                continue  # the package in ``from investments import models``: judged below
            room = parts[1] if len(parts) > 1 else ""
            if top in assembling:
                why = "an app above the domain apps"
            elif top not in lower:
                why = "a domain app that is not below it"
            elif room not in SHARED_ROOMS:
                why = f"another domain app's {room}"
            else:
                continue
            wrong.append(f"{relative(path)}:{line} imports {module} ({why})")
    return wrong


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_a_domain_app_imports_only_models_choices_and_selectors_of_a_lower_one(app):
    assert domain_import_violations(app, python_files(app)) == []


def test_the_import_check_catches_an_import_of_another_apps_internals(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "from investments.services import check_money\n"
        "from investments import admin\n"
        "from investments.models import Project\n"
        "from hpkkt.services import run_clean\n"
        "from operations.models import OperationsReport\n"
        "from reports.selectors import summary_for\n"
        "def later():\n"
        "    from investments.filtersets import ProjectFilterSet\n",
        encoding="utf-8",
    )
    messages = [
        line.split(" imports ", 1)[1] for line in domain_import_violations("budget", [module])
    ]
    assert messages == [
        "investments.services (another domain app's services)",
        "investments.services.check_money (another domain app's services)",
        "investments.admin (another domain app's admin)",
        "operations.models (a domain app that is not below it)",
        "operations.models.OperationsReport (a domain app that is not below it)",
        "reports.selectors (an app above the domain apps)",
        "reports.selectors.summary_for (an app above the domain apps)",
        "investments.filtersets (another domain app's filtersets)",
        "investments.filtersets.ProjectFilterSet (another domain app's filtersets)",
    ]


#: What the core holds once; a domain or assembling app that defines one of these names again
#: has copied it instead of importing it from ``hpkkt``.
CORE_NAMES = {
    "hpkkt/services.py": (
        "MIN_YEAR",
        "MAX_YEAR",
        "NOTE_MAX_LENGTH",
        "add_error",
        "check_bounds",
        "check_fields",
        "check_money",
        "check_positive",
        "check_year",
        "localized_amount",
        "localized_date",
        "no_rules",
        "record_user",
        "run_clean",
    ),
    "hpkkt/locks.py": ("check_unlocked", "lock_checker", "figure_values", "changed_fields"),
    "hpkkt/versioning.py": ("check_version", "save_with_version"),
    "hpkkt/admin.py": ("ServiceAdminMixin", "ServiceModelForm"),
    "hpkkt/filters.py": ("LocalDateFilter",),
}


def defined_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_the_core_is_defined_once_and_nowhere_copied():
    for module, names in CORE_NAMES.items():
        assert set(names) <= defined_names(ROOT / module), module
    core = {name: module for module, names in CORE_NAMES.items() for name in names}
    copies = [
        f"{relative(path)} defines {name} (the core's is in {core[name]})"
        for app in project_apps()
        if app != "hpkkt"
        for path in python_files(app)
        if "migrations" not in path.parts
        for name in sorted(defined_names(path) & set(core))
    ]
    assert copies == []


def _calls(function: ast.FunctionDef) -> set[str]:
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_every_update_service_checks_the_version_and_the_locks_through_the_core(app):
    """An edit is a compare-and-swap against the version the form was loaded with and is
    refused on a published date: each ``*_update`` service calls the core's checks (no copy
    of them: see ``test_the_core_is_defined_once_and_nowhere_copied``)."""
    path = ROOT / app / "services.py"
    imports = _imports(ast.parse(path.read_text(encoding="utf-8")))
    assert imports["check_unlocked"] == ("hpkkt.locks", "check_unlocked")
    assert imports["check_version"] == ("hpkkt.versioning", "check_version")
    assert imports["save_with_version"] == ("hpkkt.versioning", "save_with_version")
    updates = [
        node
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef) and node.name.endswith("_update")
    ]
    assert updates
    for function in updates:
        calls = _calls(function)
        assert {"check_version", "save_with_version"} <= calls, function.name
        assert "save" not in calls, function.name  # save_with_version saves
        assert calls & {"check_unlocked", "_check_project_unlocked"}, function.name


# --- (c) no service writes around the history ----------------------------------------------

#: The modules that write: every app's ``services.py`` and these.
EXTRA_SERVICE_MODULES = (
    "hpkkt/locks.py",
    "hpkkt/versioning.py",
    "hpkkt/withdrawals.py",
    "reports/publications.py",
    "exchange/importer.py",
    "exchange/jobs.py",
    "demo/generator.py",
    "demo/operations.py",
    "demo/management/commands/demo.py",
)

#: The documented exceptions: (module, function) -> (the kinds of write found there, why).
ALLOWED_WRITES: dict[tuple[str, str], tuple[frozenset[str], str]] = {
    ("hpkkt/versioning.py", "save_with_version"): (
        frozenset({"update"}),
        "the compare-and-swap UPDATE … SET version = version + 1 WHERE id = … AND version = …: "
        "it touches nothing but the version, and the save() that follows writes the row and "
        "its history (docs/architecture.md, Versions)",
    ),
    ("investments/services.py", "projects_create_batch"): (
        frozenset({"bulk_create_with_history"}),
        "the importer's batch of new projects: every row passed project_validate_new, and "
        "bulk_create_with_history writes each row's history with the user "
        "(tests/exchange/test_batches.py checks the history user)",
    ),
    ("investments/services.py", "adjustments_create_batch"): (
        frozenset({"bulk_create_with_history"}),
        "the importer's batch of new adjustments: every row passed adjustment_validate_new, the "
        "triggers check each insert, bulk_create_with_history writes each history row "
        "(tests/investments/test_services_adjustment_batch.py checks the history user)",
    ),
    ("budget/services.py", "remittances_create_batch"): (
        frozenset({"bulk_create_with_history"}),
        "the importer's batch of new remittances: every row passed remittance_validate_new, "
        "bulk_create_with_history writes each history row (tests/exchange/test_batches.py)",
    ),
    ("hpkkt/locks.py", "_advisory_lock"): (
        frozenset({"raw_sql"}),
        "SELECT pg_advisory_xact_lock[_shared](key): it writes no row at all; it orders a "
        "publication after the writes already past the lock check (hpkkt.locks.hold_writers)",
    ),
    ("demo/generator.py", "load"): (
        frozenset({"delete", "bulk_create_with_history"}),
        "the demo's documented bulk path (DEBUG only): it replaces the register and its "
        "history wholesale, after checking every rule itself; the inserts write history",
    ),
    ("demo/operations.py", "load_operations"): (
        frozenset({"update", "bulk_create_with_history"}),
        "the demo's bulk path: the zones' industrial land is reset and set for the demo "
        "(reference data, DEBUG only); the reports and plans are inserted with their history",
    ),
}

#: Names through which a queryset is reached, and the QuerySet methods that return one.
MANAGERS = frozenset({"objects", "all_objects", "_default_manager", "_base_manager", "history"})
QUERYSET_METHODS = frozenset(
    {
        "all",
        "filter",
        "exclude",
        "select_for_update",
        "order_by",
        "select_related",
        "prefetch_related",
        "annotate",
        "alias",
        "using",
        "distinct",
        "only",
        "defer",
        "none",
    }
)
RAW_SQL_CALLS = frozenset({"execute", "executemany", "executescript", "raw", "extra", "cursor"})
HISTORY_BULK = frozenset({"bulk_create_with_history", "bulk_update_with_history"})


@dataclass(frozen=True)
class Write:
    module: str
    function: str
    kind: str
    line: int
    target: str


def _chain(node: ast.AST) -> tuple[ast.AST, list[str]]:
    """The root of ``a.b(x).c`` and the names on the way (``["b", "c"]``)."""
    names: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return node, names[::-1]


def _imports(tree: ast.Module) -> dict[str, tuple[str, str | None]]:
    """Local name -> (module, attribute) for the module-level imports."""
    names: dict[str, tuple[str, str | None]] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = (node.module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = (alias.name, None)
    return names


def _resolve(name: str, imports: dict[str, tuple[str, str | None]]) -> Any:
    if name not in imports:
        return None
    module, attribute = imports[name]
    try:
        value = importlib.import_module(module)
    except ImportError:
        return None
    return getattr(value, attribute, None) if attribute else value


def _has_history(model: type[models.Model]) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


class _WriteFinder(ast.NodeVisitor):
    def __init__(self, module: str, tree: ast.Module) -> None:
        self.module = module
        self.imports = _imports(tree)
        self.function: list[str] = []
        self.found: list[Write] = []

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.function.append(node.name)
        self.generic_visit(node)
        self.function.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def _add(self, node: ast.AST, kind: str, target: str) -> None:
        function = ".".join(self.function) or "<module>"
        self.found.append(Write(self.module, function, kind, node.lineno, target))

    def _model_of(self, root: ast.AST) -> tuple[bool, str]:
        """Whether the queryset's model may have history (unknown counts as yes)."""
        if isinstance(root, ast.Name):
            value = _resolve(root.id, self.imports)
            if isinstance(value, type) and issubclass(value, models.Model):
                return _has_history(value), value.__name__
            return True, root.id
        return True, ast.unparse(root)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id == "RawSQL":
            self._add(node, "raw_sql", "RawSQL")

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in HISTORY_BULK:
            target = ast.unparse(node.args[1]) if len(node.args) > 1 else "?"
            self._add(node, "bulk_create_with_history", target)
        elif isinstance(func, ast.Attribute):
            root, names = _chain(func.value)
            on_queryset = bool(set(names) & (MANAGERS | QUERYSET_METHODS))
            if name in {"bulk_create", "bulk_update"}:
                self._add(node, name, ast.unparse(func.value))
            elif name in RAW_SQL_CALLS:
                self._add(node, "raw_sql", f".{name}()")
            elif name in {"update", "delete"}:
                keywords_only = bool(node.keywords) and not node.args
                if on_queryset or (name == "update" and keywords_only):
                    audited, target = self._model_of(root)
                    if audited:
                        self._add(node, name, target)
        self.generic_visit(node)


def writes_around_history(path: Path) -> list[Write]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    finder = _WriteFinder(relative(path), tree)
    finder.visit(tree)
    return finder.found


def service_modules() -> list[Path]:
    paths = {ROOT / module for module in EXTRA_SERVICE_MODULES}
    paths.update(p for app in project_apps() if (p := ROOT / app / "services.py").exists())
    return sorted(paths)


def test_every_service_module_is_scanned():
    modules = {relative(path) for path in service_modules()}
    assert {
        "hpkkt/services.py",
        "investments/services.py",
        "budget/services.py",
        "operations/services.py",
        "subscriptions/services.py",
    } <= modules
    assert all((ROOT / module).exists() for module in EXTRA_SERVICE_MODULES)


def test_no_service_writes_an_audited_model_around_its_history():
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    where: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in service_modules():
        for write in writes_around_history(path):
            found[write.module, write.function].add(write.kind)
            where[write.module, write.function].append(
                f"{write.module}:{write.line} {write.function}: {write.kind} of {write.target}"
            )
    unexpected = [
        line
        for key, kinds in sorted(found.items())
        if key not in ALLOWED_WRITES or not kinds <= ALLOWED_WRITES[key][0]
        for line in where[key]
    ]
    assert unexpected == [], "a write that bypasses the history (go through save())"
    # The list stays exact: an exception that no longer exists leaves it.
    stale = {key for key, (kinds, _why) in ALLOWED_WRITES.items() if found.get(key) != kinds}
    assert stale == set()


def test_the_batch_paths_write_their_history():
    """A service's batch path may bulk insert only with ``bulk_create_with_history``."""
    for (module, _function), (kinds, why) in ALLOWED_WRITES.items():
        if module.endswith("services.py"):
            assert kinds == {"bulk_create_with_history"}, module
            assert "history" in why


def test_the_scan_catches_each_kind_of_write_around_the_history():
    found = [(w.function, w.kind, w.target) for w in writes_around_history(FIXTURE)]
    assert found == [
        ("rename_all", "update", "Project"),
        ("drop_reductions", "delete", "CapitalAdjustment"),
        ("copy_projects", "bulk_create", "Project.objects"),
        ("rename_projects", "bulk_update", "Project.objects"),
        ("rename_with_sql", "raw_sql", ".cursor()"),
        ("rename_with_sql", "raw_sql", ".execute()"),
        ("read_with_raw", "raw_sql", ".raw()"),
        ("order_by_sql", "raw_sql", "RawSQL"),
        ("update_a_queryset_variable", "update", "rows"),
    ]


def test_the_fixture_reads_real_models():
    """The scan resolves models through the module's imports: the fixture's are real."""
    assert _has_history(apps.get_model("investments", "Project"))
    assert not _has_history(apps.get_model("exchange", "ImportJob"))
