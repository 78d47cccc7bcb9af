"""An address is found whatever its case, by the expression the unique
constraint indexes (LOWER(email)), so that on PostgreSQL a sign-up reads
one index entry, not the table of every subscriber."""

from django.db import connection
from django.test import TestCase

from alerts.models import Subscriber


class AddressLookupTests(TestCase):
    def test_an_address_is_found_whatever_its_case(self):
        anna = Subscriber.objects.create(email="Anna.Petrova@Example.org", language="ru")
        Subscriber.objects.create(email="boris@example.org", language="de")
        found = Subscriber.objects.with_address("anna.petrova@EXAMPLE.org")
        self.assertEqual(list(found), [anna])

    def test_the_lookup_uses_the_indexed_expression(self):
        query = Subscriber.objects.with_address("anna@example.org")
        sql, params = query.query.sql_with_params()
        where = sql.upper().split(" WHERE ", 1)[1]
        self.assertTrue(where.startswith('LOWER("ALERTS_SUBSCRIBER"."EMAIL") = '), where)
        self.assertIn("LOWER(", where.split(" = ", 1)[1])
        if connection.vendor == "postgresql":  # the CI's second run
            with connection.cursor() as cursor:
                # Rule out the sequential scan a table of no rows would get.
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute("EXPLAIN " + sql, params)
                plan = " ".join(row[0] for row in cursor.fetchall())
            self.assertIn("alerts_subscriber_email_any_case", plan)
