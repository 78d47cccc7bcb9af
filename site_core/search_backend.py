"""Wagtail search with each page's own language on PostgreSQL.

Wagtail's PostgreSQL backend indexes and searches every object with one
text-search configuration. Here German pages are indexed with PostgreSQL's
``german`` configuration and Russian pages with ``russian``, so that a search
for "Veranstaltung" finds "Veranstaltungen" and "встреча" finds "встречи";
a search uses the configuration of the visitor's language (the site search
only looks at pages in that language). Objects without a locale (images,
documents) keep ``SEARCH_CONFIG``.

A search in the admin across both languages uses the editor's language:
Russian pages are still found by their exact words, not by other forms.

On SQLite (development, the default database) the same Snowball stemmers
are applied in Python: site_core/search_sqlite.py. On other databases this is
Wagtail's database backend as it is.

    WAGTAILSEARCH_BACKENDS = {"default": {
        "BACKEND": "site_core.search_backend",
        "SEARCH_CONFIG": "simple",
        "LANGUAGE_CONFIGS": {"de": "german", "ru": "russian"},
    }}
"""

import copy
from collections import defaultdict

from django.db import connection
from django.utils.translation import get_language

from wagtail.models import TranslatableMixin
from wagtail.search.backends import database
from wagtail.search.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)


class LanguageIndex(PostgresIndex):
    def add_items(self, model, objs):
        """Index each language's objects with its own configuration."""
        by_config = defaultdict(list)
        for obj in objs:
            by_config[self.backend.config_for_object(obj)].append(obj)
        for config, group in by_config.items():
            PostgresIndex(self.backend.using(config)).add_items(model, group)


class LanguageQueryCompiler(PostgresSearchQueryCompiler):
    def get_config(self, backend):
        # The configuration the searched objects were indexed with: pages in
        # the visitor's language (the site search looks at no other).
        if issubclass(self.queryset.model, TranslatableMixin):
            return backend.config_for_language(get_language())
        return backend.config


class LanguagePostgresSearchBackend(PostgresSearchBackend):
    index_class = LanguageIndex
    query_compiler_class = LanguageQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        self.language_configs = params.get("LANGUAGE_CONFIGS", {})

    def config_for_language(self, language_code):
        return self.language_configs.get(language_code or "", self.config)

    def config_for_object(self, obj):
        locale = getattr(obj, "locale", None)
        return self.config_for_language(locale.language_code if locale else None)

    def using(self, config):
        """This backend, indexing everything with ``config``."""
        backend = copy.copy(self)
        backend.config = config
        return backend


# The name Wagtail looks for in a backend module.
def SearchBackend(params):
    if connection.vendor == "postgresql":
        return LanguagePostgresSearchBackend(params)
    backend = database.SearchBackend(
        {key: value for key, value in params.items() if key != "LANGUAGE_CONFIGS"}
    )
    if connection.vendor == "sqlite":
        # Imported only here: modelsearch's SQLite module needs the model of
        # its full-text table, which exists on SQLite only.
        from .search_sqlite import SQLiteSearchBackend, StemmingSQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):  # SQLite has FTS5
            return StemmingSQLiteSearchBackend(params)
    return backend
