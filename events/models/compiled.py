"""Queries of the calendar compiled once per process and run with each
request's values.

Django compiles a queryset to SQL each time it is evaluated. For the
calendar's windows that cost more than running them: the check that a
stored date's event is live, public and of the language (an EXISTS over the
event pages with Wagtail's conditions) was most of a list's SQL work, and
the same SQL came out on every request but for a few values. So each query
is built once, with stand-ins (days of the year 1, which no calendar shows)
for the values that change from request to request, compiled, and its SQL
run with the real values in the stand-ins' places; its rows are converted
by the compiler that made it, as Django converts them.

What shapes the SQL besides those values (the database, the language, the
filters, the view restrictions, a LIMIT) must be part of the key: a value
that is neither a stand-in nor in the key would be run as it was compiled.
"""

import datetime as dt
import threading
from collections import OrderedDict

from django.db import connections
from django.db.models.query import get_related_populators

# Compiled queries kept per process: each list page (OFFSET), filter
# combination and language has its own; the oldest go first.
MEMO_SIZE = 256

_memo = OrderedDict()
_lock = threading.Lock()


def stand_in(number, value):
    """The ``number``-th stand-in of the type of ``value``: a date or an
    aware datetime in the first days of the year 1 (in UTC, which needs no
    conversion that year 1 cannot take); for a list of IDs, as many
    negative numbers, which no ID is (the list's length is then part of
    the SQL, and so must be of the key)."""
    if isinstance(value, list):
        return [-(10**15) - number * 10**4 - i for i in range(len(value))]
    if isinstance(value, str):
        # No address or slug holds a control character.
        return f"\x1fstand-in {number}\x1f"
    day = dt.date(1, 1, 2) + dt.timedelta(days=number)
    if isinstance(value, dt.datetime):
        return dt.datetime.combine(day, dt.time.min, dt.UTC)
    if isinstance(value, dt.date):
        return day
    raise TypeError(f"No stand-in for {type(value).__name__}")


def _db_value(connection, value):
    """``value`` as the backend's driver gets it in a query's parameters
    (SQLite: text in UTC; PostgreSQL: the value itself)."""
    if isinstance(value, int | str):
        return value
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return connection.ops.adapt_datefield_value(value)


class CompiledQuery:
    """A values queryset compiled once; ``rows(**values)`` runs its SQL
    with ``values`` in the places of the stand-ins it was built with."""

    def __init__(self, queryset, stand_ins):
        self.using = queryset.db
        connection = connections[self.using]
        self.compiler = queryset.query.get_compiler(using=self.using)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        self.places = {}
        for name, value in stand_ins.items():
            items = value if isinstance(value, list) else [value]
            places = []
            for item in items:
                adapted = _db_value(connection, item)
                places.append([i for i, param in enumerate(params) if param == adapted])
                if not places[-1]:
                    raise ValueError(f"Der Platzhalter {name!r} kommt in der Abfrage nicht vor.")
            # A list's items each have their places; a value has one list.
            self.places[name] = places if isinstance(value, list) else places[0]

    def sql_with(self, **values):
        """The SQL and its parameters with ``values`` in the stand-ins'
        places (for a subquery of another query)."""
        connection = connections[self.using]
        params = list(self.params)
        for name, value in values.items():
            if isinstance(value, list):
                for item, places in zip(value, self.places[name], strict=True):
                    for place in places:
                        params[place] = item
                continue
            adapted = _db_value(connection, value)
            for place in self.places[name]:
                params[place] = adapted
        return self.sql, params

    def rows(self, **values):
        sql, params = self.sql_with(**values)
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        # The compiler's converters (SQLite's text to aware datetimes...).
        return list(self.compiler.results_iter([fetched], tuple_expected=True))

    def objects(self, **values):
        """For a model queryset: its instances, with the relations it
        selects, as Django's ModelIterable builds them from a row."""
        sql, params = self.sql_with(**values)
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        compiler = self.compiler
        klass_info, select = compiler.klass_info, compiler.select
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        fields = [column[0].target.attname for column in select[start:end]]
        related = get_related_populators(klass_info, select, self.using)
        found = []
        for row in compiler.results_iter([fetched]):
            instance = klass_info["model"].from_db(self.using, fields, row[start:end])
            for populator in related:
                populator.populate(row, instance)
            found.append(instance)
        return found


def compiled(key, build, **values):
    """The ``CompiledQuery`` of ``build(**stand_ins)`` (a values queryset)
    kept under ``key``, with a stand-in for each of ``values``' names."""
    query = _memo.get(key)
    if query is None:
        stand_ins = {name: stand_in(i, value) for i, (name, value) in enumerate(values.items())}
        query = CompiledQuery(build(**stand_ins), stand_ins)
        with _lock:
            _memo[key] = query
            while len(_memo) > MEMO_SIZE:
                _memo.popitem(last=False)
    return query


def run(key, build, **values):
    """The rows of ``build``'s query with ``values``, compiled once per
    ``key`` (see the module's docstring for what the key must hold)."""
    return compiled(key, build, **values).rows(**values)
