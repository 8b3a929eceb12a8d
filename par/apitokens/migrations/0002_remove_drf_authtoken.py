"""DRF's own tokens (rest_framework.authtoken) are gone: their table kept every key in plain text.

Dropping it ends every old key at once; systems get a new token (README, "Tokens for other systems"). The
reverse is a no-op: the old keys are not to come back.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("apitokens", "0001_initial")]

    operations = [
        migrations.RunSQL(
            [
                "DROP TABLE IF EXISTS authtoken_token",
                "DELETE FROM django_migrations WHERE app = 'authtoken'",
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
