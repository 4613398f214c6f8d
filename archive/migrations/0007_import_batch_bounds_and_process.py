from django.db import migrations, models


class Migration(migrations.Migration):
    """Import batches list their first errors and notes and count the rest,
    record the process (host and id) that runs them, so that a batch whose
    process is gone can be told from one still running, and may be
    interrupted."""

    dependencies = [("archive", "0006_unaccent_extension")]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="host",
            field=models.CharField(blank=True, max_length=255, verbose_name="host"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="more_errors",
            field=models.PositiveIntegerField(default=0, verbose_name="errors not listed"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="more_notes",
            field=models.PositiveIntegerField(default=0, verbose_name="notes not listed"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="pid",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="process id"),
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="status",
            field=models.CharField(
                choices=[
                    ("running", "running"),
                    ("finished", "finished"),
                    ("failed", "finished with errors"),
                    ("interrupted", "interrupted"),
                    ("purged", "purged"),
                ],
                default="running",
                max_length=20,
                verbose_name="status",
            ),
        ),
    ]
