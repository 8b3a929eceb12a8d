import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgunits", "0001_initial"),
        ("reporting", "0003_periods_belong_to_a_province"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reportingperiod",
            name="province",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reporting_periods",
                to="orgunits.unit",
                verbose_name="province",
            ),
        ),
        migrations.AlterField(
            model_name="reportingperiod",
            name="template",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="periods",
                to="reporting.reporttemplate",
                verbose_name="report template",
            ),
        ),
    ]
