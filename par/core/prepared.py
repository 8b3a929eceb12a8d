"""A read the ORM compiles once per process and database, then runs with new values (decision 0159).

The public dossier lookup answers thousands of requests a second with the same two queries. Building them with
the ORM on every request (cloning the query, resolving the joins and annotations, compiling the SQL) took a third
of an uncached lookup's time, more than the database did. A `PreparedQuery` keeps what the ORM wrote:

    by_code = PreparedQuery(lambda code: Dossier.objects.filter(code=code).values_list("pk", "state")[:1],
                            "\\x00code\\x00")
    rows = by_code.rows("38.001-260105-0001")

- the queryset is still written with the ORM, so the SQL follows the models (a renamed column cannot drift);
- each placeholder value must appear exactly once among the compiled parameters (checked when compiling), and
  is swapped for the caller's value at run time; the database receives the values as parameters, never as SQL;
- rows come back through the compiler's own converters, so dates and times are what `values_list` returns on
  every database (SQLite gives strings that the converters turn into dates);
- the database alias comes from the router, as for any read (a replica inside `replica_reads()`, decision 0176);
- "prepared" is the compiled SQL kept in this process. psycopg also prepares a statement on the server once it
  has run five times on a connection; behind pgbouncer in transaction mode (PGBOUNCER=1) the settings turn that
  off and the SQL travels as a plain parameterised query (decision 0176).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import QuerySet


@dataclass(frozen=True)
class _Compiled:
    compiler: Any
    sql: str
    params: tuple
    positions: tuple[int, ...]
    converters: (
        dict  # the compiler's converters of the selected columns, worked out once (they were 9 % of a lookup)
    )


class PreparedQuery:
    def __init__(self, build: Callable[..., QuerySet], *placeholders: Any) -> None:
        self.build = build
        self.placeholders = placeholders
        self._compiled: dict[str, _Compiled] = {}
        self._model: Any = None

    def _compile(self, alias: str) -> _Compiled:
        queryset = self.build(*self.placeholders)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        params = tuple(params)
        positions = []
        for placeholder in self.placeholders:
            # The backend may wrap a value in a subclass of its type (psycopg's Int4 for `__gt` on an integer
            # field): the same wrapper is put around the caller's value.
            found = [
                i
                for i, p in enumerate(params)
                if isinstance(p, type(placeholder)) and type(p) is not bool and p == placeholder
            ]
            if len(found) != 1:
                raise ValueError(f"placeholder {placeholder!r} appears {len(found)} times in {sql!r}")
            positions.append(found[0])
        converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
        return _Compiled(compiler, sql, params, tuple(positions), converters)

    def rows(self, *values: Any) -> list[tuple]:
        """The rows for `values` (one per placeholder, in order), as `values_list` would give them."""
        if self._model is None:
            self._model = self.build(*self.placeholders).model
        alias = router.db_for_read(self._model)
        compiled = self._compiled.get(alias)
        if compiled is None:
            compiled = self._compiled[alias] = self._compile(alias)
        params = list(compiled.params)
        for position, value in zip(compiled.positions, values, strict=True):
            wrapper = type(params[position])
            params[position] = value if isinstance(value, wrapper) else wrapper(value)
        with connections[alias].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            fetched = cursor.fetchall()
        if not compiled.converters:
            return [tuple(row) for row in fetched]
        return [tuple(row) for row in compiled.compiler.apply_converters(fetched, compiled.converters)]
