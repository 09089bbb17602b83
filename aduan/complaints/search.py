"""Full-text search over complaints' titles and descriptions, in Indonesian, on PostgreSQL and SQLite.

PostgreSQL uses its `indonesian` text search configuration (stemming: "jalanan" finds "jalan") with
a GIN index on the same expression as the query (migration 0002). SQLite uses an FTS5 table kept in
sync by triggers; it has no Indonesian stemmer, so each word also matches as a prefix. What a person
types is never passed to FTS5 as query syntax: it is cut into words and each word is quoted, so quotes,
brackets and operators cannot cause an error.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, Q, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL

from aduan.complaints.models import Complaint

FTS_TABLE = "complaint_fts"
MAX_QUERY_LENGTH = 200
# Shorter words would expand to too many prefixes on SQLite to be useful.
MIN_PREFIX_LENGTH = 3
RANK_WINDOW = 1000
_WORD = re.compile(r"\w+", re.UNICODE)


def _pg_document() -> Func:
    """to_tsvector over title and description, written as in the index so PostgreSQL uses it.

    Built from F() expressions, not raw SQL, so the columns are those of whichever alias the
    query gives the complaint table (a subquery calls it U0).
    """
    return Func(
        F("title"),
        F("description"),
        template="to_tsvector('indonesian'::regconfig, %(expressions)s)",
        arg_joiner=" || ' ' || ",
        output_field=TextField(),
    )


def _pg_query(text: str) -> Func:
    return Func(
        Value(text),
        template="websearch_to_tsquery('indonesian'::regconfig, %(expressions)s)",
        output_field=TextField(),
    )


def words(query: str) -> list[str]:
    """The words of what a person typed, lowercased; no operators, quotes or punctuation."""
    return [w.lower() for w in _WORD.findall(clean(query))]


def clean(query: str) -> str:
    """Trim, cap the length and drop characters no database accepts in a string (NUL)."""
    return (query or "").replace("\x00", " ").strip()[:MAX_QUERY_LENGTH]


def fts5_expression(query: str) -> str:
    """An FTS5 MATCH expression that requires every word; safe for any input.

    Each word is wrapped in double quotes (a word from \\w+ never contains one), so FTS5 reads it as
    a plain string, never as AND/OR/NOT/NEAR, a column filter or a bracket.
    """
    parts = []
    for word in words(query):
        quoted = '"' + word + '"'
        parts.append(quoted + " *" if len(word) >= MIN_PREFIX_LENGTH else quoted)
    return " ".join(parts)


def is_searchable(query: str) -> bool:
    return bool(words(query))


def matching(queryset: QuerySet[Complaint], query: str) -> QuerySet[Complaint]:
    """Complaints in queryset that match every word of query (unordered; cheap to count).

    A query without any word (only punctuation) matches nothing; callers show a message for it.
    """
    if not is_searchable(query):
        return queryset.none()
    # What the person typed only ever travels as a query parameter, never as SQL text.
    if connection.vendor == "postgresql":
        match = Func(
            _pg_document(),
            _pg_query(clean(query)),
            template="%(expressions)s",
            arg_joiner=" @@ ",
            output_field=BooleanField(),
        )
        return queryset.filter(match)
    if connection.vendor == "sqlite":
        ids = RawSQL(
            "SELECT rowid FROM complaint_fts WHERE complaint_fts MATCH %s", [fts5_expression(query)]
        )
        return queryset.filter(id__in=ids)
    # Aduan runs on PostgreSQL or SQLite only (lib/database.py); anything else gets a plain match.
    for word in words(query):
        queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return queryset


def search(
    queryset: QuerySet[Complaint], query: str, *, window: int = RANK_WINDOW
) -> QuerySet[Complaint]:
    """Matches of query in queryset, best first, then newest.

    Ranking reads every ranked row's text, so only the `window` newest matches are ranked: a word
    found in 300,000 complaints still answers quickly, and few people page that far.
    """
    found = matching(queryset, query)
    if not is_searchable(query):
        return found
    newest = found.order_by("-created_at", "-id").values("id")[:window]
    ranked = queryset.filter(id__in=newest)
    if connection.vendor == "postgresql":
        ts_rank = Func(
            _pg_document(), _pg_query(clean(query)), function="ts_rank", output_field=FloatField()
        )
        return ranked.annotate(search_rank=ts_rank).order_by(
            F("search_rank").desc(), "-created_at", "-id"
        )
    if connection.vendor == "sqlite":
        # bm25() is lower for better matches, so ascending order puts the best first. This runs
        # on the outer query only, where the complaint table keeps its own name.
        bm25 = RawSQL(
            "SELECT bm25(complaint_fts) FROM complaint_fts WHERE complaint_fts MATCH %s "
            'AND complaint_fts.rowid = "complaints_complaint"."id"',
            [fts5_expression(query)],
            output_field=FloatField(),
        )
        return ranked.annotate(search_rank=bm25).order_by("search_rank", "-created_at", "-id")
    return ranked.order_by("-created_at", "-id")


# SQLite: the FTS5 index and the triggers that keep it in step with the complaint table.
SQLITE_CREATE_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS complaint_fts USING fts5("
    "title, description, content='complaints_complaint', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')"
)
SQLITE_TRIGGERS = {
    "complaint_fts_ai": (
        "CREATE TRIGGER IF NOT EXISTS complaint_fts_ai AFTER INSERT ON complaints_complaint BEGIN "
        "INSERT INTO complaint_fts(rowid, title, description) "
        "VALUES (new.id, new.title, new.description); END"
    ),
    "complaint_fts_ad": (
        "CREATE TRIGGER IF NOT EXISTS complaint_fts_ad AFTER DELETE ON complaints_complaint BEGIN "
        "INSERT INTO complaint_fts(complaint_fts, rowid, title, description) "
        "VALUES ('delete', old.id, old.title, old.description); END"
    ),
    "complaint_fts_au": (
        "CREATE TRIGGER IF NOT EXISTS complaint_fts_au "
        "AFTER UPDATE OF title, description ON complaints_complaint BEGIN "
        "INSERT INTO complaint_fts(complaint_fts, rowid, title, description) "
        "VALUES ('delete', old.id, old.title, old.description); "
        "INSERT INTO complaint_fts(rowid, title, description) "
        "VALUES (new.id, new.title, new.description); END"
    ),
}
SQLITE_REBUILD = "INSERT INTO complaint_fts(complaint_fts) VALUES ('rebuild')"
PG_CREATE_INDEX = (
    "CREATE INDEX IF NOT EXISTS complaint_search_idx ON complaints_complaint USING GIN "
    "(to_tsvector('indonesian'::regconfig, title || ' ' || description))"
)


def ensure_sqlite_index(using_connection: object = None) -> bool:
    """Create the SQLite FTS table and triggers if missing; rebuild the index if any were missing.

    Django rebuilds a SQLite table (copy, drop, rename) for many schema changes, and dropping the old
    table drops its triggers; running this after every migrate restores them. Returns whether
    anything had to be repaired.
    """
    conn = using_connection or connection
    if conn.vendor != "sqlite":  # type: ignore[attr-defined]
        return False
    with conn.cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        if "complaints_complaint" not in present:
            return False
        wanted = {FTS_TABLE, *SQLITE_TRIGGERS}
        if wanted <= present:
            return False
        cursor.execute(SQLITE_CREATE_TABLE)
        for statement in SQLITE_TRIGGERS.values():
            cursor.execute(statement)
        cursor.execute(SQLITE_REBUILD)
    return True
