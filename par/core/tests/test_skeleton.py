"""Every app has the same skeleton, and writes only through its actions (issue 13, Zulip's test_templates style).

Read from the source with `ast`; nothing is imported or run. In a view, API, form, admin or management-command
module:

- **writes**: no `.save()`, `.delete()`, or `create` / `update` / `bulk_create` / `get_or_create` … on a model or
  queryset; the change goes through `do_<verb>_<noun>(…, actor=…)` in the app's `actions.py`, which checks
  permission and writes the audit row in the same transaction;
- **fetches by id** (views and API): no `get_object_or_404(Model, pk=…)` nor `Model.objects.get(pk=…)`; the object
  comes through `access_<noun>(user, pk)` (404 for missing and forbidden alike) or a `visible_*` queryset;
- **skeleton**: `urlpatterns` only in `urls.py`; views read POSTed data through a form, never `request.POST[…]`
  or `request.POST.get(…)`;
- **naming**: scoping functions are `visible_*` (a queryset) or `access_*` (one object or 404), not `*_for(user)`;
- **API shape**: an app's API is the package `api/`: `__init__.py` holds the docstring and `register(router)` only,
  serializers in `api/serializers.py`, viewsets in `api/views.py`; no `api.py` or `api_*.py` module beside it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PAR = Path(__file__).resolve().parents[2]

WRITES = {
    "save",
    "delete",
    "create",
    "update",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
QUERYSET_STEPS = {
    "objects",
    "filter",
    "exclude",
    "all",
    "select_for_update",
    "select_related",
    "prefetch_related",
}
# Receivers whose save/delete/update are not model writes: forms building an unsaved object, the session, the
# cache, dictionaries and sets.
NOT_MODELS = {"session", "cache", "context", "data", "kwargs", "values", "params", "headers", "seen", "query"}
ID_KEYS = {"pk", "id"}

# Known offenders, by file and rule, each with the reason.
ALLOWED: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Offence:
    path: str
    line: int
    rule: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} [{self.rule}] {self.text}"


def kind_of(relative: Path) -> str | None:
    """Which rules apply to an application module: "view", "api", "form", "admin", "command", "urls" or None."""
    parts = relative.parts
    name = parts[-1]
    if {"tests", "migrations"} & set(parts) or name == "testing.py":
        return None
    if "commands" in parts and "management" in parts:
        return "command"
    if name.endswith("urls.py"):
        return "urls"
    if "api" in parts[:-1] or name in {"api.py", "api_views.py"}:
        return "api"
    if name.startswith("views") or name.endswith("_views.py") or "views" in parts[:-1]:
        return "view"
    if name.startswith("forms") or name.endswith("_forms.py"):
        return "form"
    if name == "admin.py":
        return "admin"
    return "other"


def _chain(node: ast.AST) -> list[str]:
    """The names along a call chain, outermost last: `Model.objects.filter(x).update()` → [Model, objects, filter]."""
    names: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            break
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            break
    return list(reversed(names))


def _is_model_write(call: ast.Call) -> bool:
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in WRITES:
        return False
    receiver = _chain(func.value)
    if QUERYSET_STEPS & set(receiver[1:]) or (receiver and receiver[-1].endswith("_set")):
        return True  # a manager or queryset: Model.objects.create(...), x.filter(...).update(...)
    if func.attr in {"save", "delete"} and receiver and receiver[-1] not in NOT_MODELS:
        if func.attr == "save" and any(k.arg == "commit" for k in call.keywords):
            return False  # form.save(commit=False) builds an object and writes nothing
        # A model's save() and delete() take no positional argument; a workbook's save(buffer) or a storage's
        # delete(name) do.
        return not call.args
    return False


def _is_model_class(node: ast.AST) -> bool:
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return name[:1].isupper()


def _unscoped_fetch(call: ast.Call) -> bool:
    """A model fetched by its id alone: `get_object_or_404(Model, pk=pk)`, `Model.objects.get(pk=pk)`.

    Scoped are a queryset expression as the first argument (`visible_plans(user)`, `plan.targets`) and any further
    condition (`user=request.user`, `questionnaire=q` of an object already accessed)."""
    func = call.func
    keys = {k.arg for k in call.keywords}
    by_id_alone = bool(keys & ID_KEYS) and keys <= ID_KEYS
    if isinstance(func, ast.Name) and func.id in {"get_object_or_404", "get_list_or_404"}:
        return bool(call.args) and _is_model_class(call.args[0]) and by_id_alone
    if isinstance(func, ast.Attribute) and func.attr == "get" and isinstance(func.value, ast.Attribute):
        return func.value.attr == "objects" and by_id_alone
    return False


def _inside_access_functions(tree: ast.AST) -> set[int]:
    """ids of the nodes inside an `access_*` function, where fetching by id is the point."""
    inside: set[int] = set()
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) and fn.name.startswith("access_"):
            inside.update(id(node) for node in ast.walk(fn))
    return inside


def offences(path: Path, relative: Path) -> list[Offence]:
    """What `path` (an application module at `relative` under par/) breaks."""
    kind = kind_of(relative)
    if kind is None:
        return []
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    name = str(Path("par") / relative)
    found: list[Offence] = []
    access = _inside_access_functions(tree)

    def add(node: ast.AST, rule: str) -> None:
        found.append(Offence(name, getattr(node, "lineno", 0), rule, ast.unparse(node).splitlines()[0][:100]))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and kind != "urls":
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "urlpatterns" for t in targets):
                add(node, "urlpatterns")
        if (
            kind in {"view", "api", "form", "admin", "command"}
            and isinstance(node, ast.Call)
            and _is_model_write(node)
        ):
            add(node, "write")
        if (
            kind in {"view", "api"}
            and isinstance(node, ast.Call)
            and _unscoped_fetch(node)
            and id(node) not in access
        ):
            add(node, "fetch")
        if kind == "view" and _reads_post_by_hand(node):
            add(node, "post")
        scoping = kind == "other" and relative.name in {"access.py", "querysets.py", "queries.py"}
        if scoping and isinstance(node, ast.FunctionDef) and _odd_scope_name(node.name):
            add(node, "naming")
    return found


def _reads_post_by_hand(node: ast.AST) -> bool:
    """`request.POST[...]`, `request.POST.get(...)` (or getlist, items, dict), `post = request.POST`."""

    def is_post(value: ast.AST) -> bool:
        return isinstance(value, ast.Attribute) and value.attr == "POST"

    if isinstance(node, ast.Subscript) and is_post(node.value):
        return True
    if isinstance(node, ast.Assign) and is_post(node.value):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"get", "getlist", "items", "dict", "lists", "values"}
        and is_post(node.func.value)
    )


def _odd_scope_name(name: str) -> bool:
    return name.endswith("_for") or name in {"for_user", "visible_to"}


def application_offences(root: Path = PAR) -> list[Offence]:
    found: list[Offence] = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if len(relative.parts) > 1:
            found.extend(offences(path, relative))
    return found


def test_views_api_forms_admin_and_commands_write_only_through_actions_and_fetch_only_through_access():
    found = application_offences()
    left = [str(o) for o in found if (o.path, o.rule) not in ALLOWED]
    assert not left, "\n".join(["Write through an action, fetch through access_*/visible_*:", *left])


def test_every_allowed_offence_is_still_there():
    """An entry of ALLOWED whose offence was fixed goes, so that the list only shrinks."""
    found = {(o.path, o.rule) for o in application_offences()}
    assert not set(ALLOWED) - found, sorted(set(ALLOWED) - found)


PLANTED = {
    "write": "def v(request):\n    Plan.objects.create(title='x')\n",
    "write-filter": "def v(request):\n    Plan.objects.filter(pk=1).update(title='x')\n",
    "write-save": "def v(request, plan):\n    plan.title = 'x'\n    plan.save()\n",
    "fetch": "def v(request, pk):\n    return get_object_or_404(Plan, pk=pk)\n",
    "fetch-get": "def v(request, pk):\n    return Plan.objects.get(pk=pk)\n",
    "post": "def v(request):\n    return request.POST.get('title')\n",
    "post-item": "def v(request):\n    return request.POST['title']\n",
    "post-alias": "def v(request):\n    post = request.POST\n    return post\n",
    "urlpatterns": "urlpatterns = []\n",
}


@pytest.mark.parametrize("planted", sorted(PLANTED))
def test_the_checker_finds_a_planted_offence(tmp_path, planted):
    module = tmp_path / "planted" / "views.py"
    module.parent.mkdir()
    module.write_text(PLANTED[planted], encoding="utf-8")
    rules = {o.rule for o in application_offences(tmp_path)}
    assert rules == {planted.split("-")[0]}


def test_the_checker_lets_the_sanctioned_shapes_pass(tmp_path):
    module = tmp_path / "planted" / "views.py"
    module.parent.mkdir()
    module.write_text(
        "def access_plan(user, pk):\n    return Plan.objects.get(pk=pk)\n"
        "def v(request, pk):\n"
        "    plan = get_object_or_404(visible_plans(request.user), pk=pk)\n"
        "    form = PlanForm(request.POST)\n"
        "    draft = form.save(commit=False)\n"
        "    context = {}\n    context.update(plan=plan)\n"
        "    return do_update_plan(plan, actor=request.user)\n",
        encoding="utf-8",
    )
    (tmp_path / "planted" / "urls.py").write_text("urlpatterns = []\n", encoding="utf-8")
    assert application_offences(tmp_path) == []


def test_a_scoping_function_named_for_a_user_is_found(tmp_path):
    module = tmp_path / "planted" / "access.py"
    module.parent.mkdir()
    module.write_text("def plans_for(user):\n    return Plan.objects.all()\n", encoding="utf-8")
    assert [o.rule for o in application_offences(tmp_path)] == ["naming"]


# The one layer from action to HTTP (par/core/http.py, decision 0106): no app keeps its own copy of a piece of it.
LAYER_HOME = Path("core/http.py")
CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/pdf",
}
OWN_COPIES = {"_run", "_download", "handle_exception", "Conflict", "ActionErrors"}


def layer_copies(path: Path, relative: Path) -> list[str]:
    """Where `path` repeats a piece of the shared layer: a content-type string, an error helper, a conflict class."""
    if relative == LAYER_HOME or not is_application_code(relative):
        return []
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Constant) and node.value in CONTENT_TYPES:
            found.append(f"{relative}:{node.lineno} content type {node.value!r}: use par.core.http")
        elif isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name in OWN_COPIES:
            found.append(f"{relative}:{node.lineno} {node.name}: use par.core.http")
    return found


def is_application_code(relative: Path) -> bool:
    return len(relative.parts) > 1 and not ({"tests", "migrations"} & set(relative.parts))


def test_no_app_keeps_its_own_copy_of_the_layer_from_action_to_http():
    found = [c for path in sorted(PAR.rglob("*.py")) for c in layer_copies(path, path.relative_to(PAR))]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        "XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'\n",
        "def _run(request, action):\n    pass\n",
        "class Conflict(Exception):\n    pass\n",
        "class V:\n    def handle_exception(self, exc):\n        pass\n",
    ],
)
def test_the_layer_check_finds_a_planted_copy(tmp_path, source):
    module = tmp_path / "plans" / "views.py"
    module.parent.mkdir()
    module.write_text(source, encoding="utf-8")
    assert layer_copies(module, module.relative_to(tmp_path))


# One shape for every app's API (issue 13): the package `par/<app>/api/`, found by par.api.urls (decision 0118).
def api_shape_offences(root: Path = PAR) -> list[str]:
    """Where an app's API leaves the common shape.

    An app exposes an API when it has an `api/` package with views (orgunits' `api/` holds only the unit serializer
    that the accounts API serves). Such a package announces its routes through `register(router)` in `__init__.py`,
    which holds nothing else; no app keeps an `api.py` or `api_*.py` module outside the package."""
    found = []
    for app in sorted(p for p in root.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        for module in sorted(app.rglob("api*.py")):
            relative = module.relative_to(root)
            named = module.name == "api.py" or module.name.startswith("api_")
            if named and is_application_code(relative) and "api" not in relative.parts[1:-1]:
                found.append(f"{relative}: an API module outside the package; move it into {app.name}/api/")
        package = app / "api"
        if not package.is_dir():
            continue
        init = package / "__init__.py"
        if not init.exists():
            found.append(f"{app.name}/api/: not a package, no __init__.py")
            continue
        body = ast.parse(init.read_text(encoding="utf-8"), str(init)).body
        names = {node.name for node in body if isinstance(node, ast.FunctionDef)}
        if (package / "views.py").exists() and "register" not in names:
            found.append(f"{app.name}/api/__init__.py: no register(router) announcing the views")
        for node in body:
            docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            future = isinstance(node, ast.ImportFrom) and node.module == "__future__"
            if not (docstring or future or (isinstance(node, ast.FunctionDef) and node.name == "register")):
                found.append(
                    f"{app.name}/api/__init__.py:{node.lineno} holds more than register(router): "
                    f"{ast.unparse(node).splitlines()[0][:80]}"
                )
    return found


def test_every_app_api_is_a_package_announcing_its_routes_through_register():
    found = api_shape_offences()
    assert not found, "\n".join(
        ["Keep the API in par/<app>/api/ (see docs/how-to/add-an-api-endpoint.md):", *found]
    )


def _planted_app(tmp_path: Path) -> Path:
    app = tmp_path / "planted"
    (app / "api").mkdir(parents=True)
    (app / "__init__.py").write_text("", encoding="utf-8")
    (app / "api" / "__init__.py").write_text(
        '"""Routes."""\n\n\ndef register(router):\n    from planted.api.views import V\n\n'
        '    router.register("things", V, basename="thing")\n',
        encoding="utf-8",
    )
    (app / "api" / "views.py").write_text("class V:\n    pass\n", encoding="utf-8")
    (app / "api" / "serializers.py").write_text("class S:\n    pass\n", encoding="utf-8")
    return app


def test_the_api_shape_check_lets_the_package_pass(tmp_path):
    _planted_app(tmp_path)
    assert api_shape_offences(tmp_path) == []


@pytest.mark.parametrize("module", ["api.py", "api_views.py", "api_urls.py"])
def test_the_api_shape_check_finds_an_api_module_beside_the_package(tmp_path, module):
    app = _planted_app(tmp_path)
    (app / module).write_text("def register(router):\n    pass\n", encoding="utf-8")
    assert api_shape_offences(tmp_path) == [
        f"planted/{module}: an API module outside the package; move it into planted/api/"
    ]


def test_the_api_shape_check_finds_an_api_module_in_an_app_without_the_package(tmp_path):
    app = tmp_path / "planted"
    app.mkdir()
    (app / "__init__.py").write_text("", encoding="utf-8")
    (app / "api.py").write_text("def register(router):\n    pass\n", encoding="utf-8")
    assert len(api_shape_offences(tmp_path)) == 1


def test_the_api_shape_check_finds_a_package_that_announces_nothing_or_holds_views(tmp_path):
    app = _planted_app(tmp_path)
    (app / "api" / "__init__.py").write_text('"""Routes."""\n\n\nclass V:\n    pass\n', encoding="utf-8")
    found = api_shape_offences(tmp_path)
    assert [f.split(":")[0] for f in found] == ["planted/api/__init__.py"] * 2
    assert "no register(router)" in found[0] and "holds more than register(router)" in found[1]
    (app / "api" / "__init__.py").unlink()
    assert api_shape_offences(tmp_path) == ["planted/api/: not a package, no __init__.py"]


LONGEST = 600


def long_modules(root: Path = PAR) -> list[str]:
    """Application modules over LONGEST lines (migrations and tests left out): split them along their seams."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if is_application_code(relative):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > LONGEST:
                found.append(f"{relative}: {lines} lines")
    return found


def test_no_module_outside_migrations_and_tests_is_over_600_lines():
    assert not long_modules()


def test_the_length_check_finds_a_long_module(tmp_path):
    module = tmp_path / "plans" / "actions.py"
    module.parent.mkdir()
    module.write_text("x = 1\n" * (LONGEST + 1), encoding="utf-8")
    assert long_modules(tmp_path) == [f"plans/actions.py: {LONGEST + 1} lines"]
