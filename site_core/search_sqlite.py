"""Wagtail's SQLite search (development, the default database) with word
forms, as on PostgreSQL: "консультация" finds "консультации", "Beratung"
finds "Beratungen".

PostgreSQL's german and russian text-search configurations reduce words to
their Snowball stems. SQLite's full-text index (FTS5) has no such stemmer,
so here the same Snowball stemmers (snowballstemmer, pure Python) are
applied on both sides: each page is indexed with its words plus their stems
in the page's language, and each word of a query matches either itself or
its stem in the visitor's language. Exact words still match across
languages (an editor searching Russian pages from the German admin).
"""

import operator
import re
from functools import reduce

import snowballstemmer

from django.utils.translation import get_language

from wagtail.models import TranslatableMixin
from wagtail.search.backends.database.sqlite.query import (
    CombinedLexeme,
    Lexeme,
    SearchQueryExpression,
)
from wagtail.search.backends.database.sqlite.sqlite import (
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from wagtail.search.query import PlainText
from wagtail.search.utils import get_content_type_pk

# Words as FTS5's default tokenizer (unicode61) splits them: runs of letters
# and digits; "по-русски" is two words.
WORD = re.compile(r"[^\W_]+")


class Stemmer:
    """The Snowball stemmer of one language (the algorithms PostgreSQL's
    text-search configuration of the same name uses), or none."""

    def __init__(self, algorithm):
        self.stemmer = snowballstemmer.stemmer(algorithm) if algorithm else None

    def stems(self, text):
        """The stems of the words in ``text`` that differ from the word."""
        if self.stemmer is None:
            return []
        words = [word.lower() for word in WORD.findall(text)]
        return [
            stem
            for word, stem in zip(words, self.stemmer.stemWords(words), strict=True)
            if stem != word
        ]

    def stem(self, word):
        return self.stemmer.stemWord(word.lower()) if self.stemmer else word.lower()


class AnyOf(CombinedLexeme):
    """``("word" OR "stem")``: modelsearch writes combined lexemes without
    parentheses, and FTS5 binds AND tighter than OR."""

    def as_sql(self, compiler, connection):
        sql, params = super().as_sql(compiler, connection)
        return sql, [f"({params[0]})"]


class StemmingIndex(SQLiteIndex):
    def add_items(self, model, objs):
        """Index as modelsearch does, then add the stems of the title and
        body words in each object's language."""
        super().add_items(model, objs)
        by_id = {str(obj.pk): obj for obj in objs}
        entries = list(
            self.entries.filter(
                content_type_id=get_content_type_pk(model), object_id__in=by_id.keys()
            )
        )
        for entry in entries:
            stemmer = self.backend.stemmer_for_object(by_id[entry.object_id])
            entry.title = " ".join([entry.title, *stemmer.stems(entry.title)])
            entry.body = " ".join([entry.body, *stemmer.stems(entry.body)])
        self.entries.bulk_update(entries, ["title", "body"])


class StemmingQueryCompiler(SQLiteSearchQueryCompiler):
    def get_config(self, backend):
        # What modelsearch calls the configuration is handed to
        # build_search_query_content: here, the stemmer of the visitor's
        # language, which the searched pages were indexed with (the site
        # search looks at no other language). Objects without a language
        # (images, documents) are searched by their exact words.
        if issubclass(self.queryset.model, TranslatableMixin):
            return backend.stemmer_for_language(get_language())
        return Stemmer(None)

    def build_search_query_content(self, query, config=None):
        if not isinstance(query, PlainText):  # a "quoted phrase" keeps its exact words
            return super().build_search_query_content(query, config)
        # Words only: modelsearch puts each word in quotes as it is, and a
        # quotation mark typed by the visitor made FTS5 fail ("unterminated
        # string"). Without any word, the empty phrase matches nothing.
        terms = WORD.findall(query.query_string)
        if not terms:
            return SearchQueryExpression(Lexeme(""))
        lexemes = [self.word_or_stem(term, config) for term in terms]
        if query.operator.upper() == "AND":
            return SearchQueryExpression(reduce(operator.and_, lexemes))
        return SearchQueryExpression(reduce(operator.or_, lexemes))

    def word_or_stem(self, term, stemmer):
        stem = stemmer.stem(term)
        if stem == term.lower():
            return Lexeme(term)
        return AnyOf(Lexeme(term), AnyOf.BITOR, Lexeme(stem))


class StemmingSQLiteSearchBackend(SQLiteSearchBackend):
    index_class = StemmingIndex
    query_compiler_class = StemmingQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        # PostgreSQL's text-search configurations "german" and "russian" are
        # named after the Snowball stemmers they use.
        self.stemmers = {
            language: Stemmer(algorithm)
            for language, algorithm in params.get("LANGUAGE_CONFIGS", {}).items()
        }

    def stemmer_for_language(self, language_code):
        return self.stemmers.get(language_code or "", Stemmer(None))

    def stemmer_for_object(self, obj):
        locale = getattr(obj, "locale", None)
        return self.stemmer_for_language(locale.language_code if locale else None)
