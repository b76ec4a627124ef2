"""Between interactions: empty the provider's tables and keep id sequences ahead of explicit ids."""

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection

# Rows Django recreates itself and that no state is about.
KEPT_TABLES = {"django_content_type", "auth_permission", "django_migrations"}


def database_reset() -> None:
    """Delete every row the states or the interactions wrote (one TRUNCATE on PostgreSQL).

    Only tables holding rows are emptied: an interaction writes a handful of tables, and
    truncating every table of a project after each one would cost more than the interaction.
    """
    tables = set(connection.introspection.django_table_names(only_existing=True)) - KEPT_TABLES
    written = _tables_with_rows(sorted(tables))
    if not written:
        return
    statements = connection.ops.sql_flush(
        no_style(), written, reset_sequences=True, allow_cascade=True
    )
    connection.ops.execute_sql_flush(statements)


def _tables_with_rows(tables: list[str]) -> list[str]:
    if not tables:
        return []
    quote = connection.ops.quote_name
    probes = " UNION ALL ".join(
        f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(table)})" for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(probes, tables)
        return sorted(row[0] for row in cursor.fetchall())


def sequences_catch_up() -> None:
    """After states created rows with chosen ids, let the next generated id come after them."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(apps.get_models()))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
