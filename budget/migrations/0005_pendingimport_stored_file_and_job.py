"""Uploads move out of the database: ``PendingImport`` keeps its file in the ``imports``
storage on disk (``file``) instead of ``data``, and becomes the background job that checks
and applies it (``municipality.jobs.models.TrackedJob``'s fields, a phase, an outcome, the
preview as JSON, the batches it made).

The uploads waiting when this runs are deleted, not moved: they are transient (a preview
nobody confirmed yet, kept 24 hours at most), and whoever was about to apply one uploads it
again. ``uploaded_at`` becomes the job's ``created``."""

import django.core.validators
from django.db import migrations, models

import budget.ledger.storage


def _pending_uploads_delete(apps, schema_editor):
    apps.get_model("budget", "PendingImport").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0004_period_lock_guard"),
    ]

    operations = [
        migrations.RunPython(_pending_uploads_delete, migrations.RunPython.noop),
        migrations.RemoveField(model_name="pendingimport", name="data"),
        migrations.RenameField(
            model_name="pendingimport", old_name="uploaded_at", new_name="created"
        ),
        migrations.AlterModelOptions(
            name="pendingimport",
            options={
                "ordering": ["-created", "-pk"],
                "verbose_name": "uploaded import",
                "verbose_name_plural": "uploaded imports",
            },
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="attempts",
            field=models.PositiveIntegerField(default=0, verbose_name="attempts"),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="batches",
            field=models.ManyToManyField(blank=True, related_name="+", to="budget.importbatch"),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="file",
            field=models.FileField(
                blank=True,
                max_length=255,
                storage=budget.ledger.storage.import_storage,
                upload_to=budget.ledger.storage.upload_name,
            ),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="finished"),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last sign of life"),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="message",
            field=models.TextField(blank=True, verbose_name="message"),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Not yet checked"),
                    ("checked", "Checked"),
                    ("refused", "Refused"),
                    ("applied", "Applied"),
                ],
                max_length=7,
            ),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="phase",
            field=models.CharField(
                choices=[("check", "Checking"), ("apply", "Importing")],
                default="check",
                max_length=5,
            ),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="preview",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="problems",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="progress",
            field=models.PositiveSmallIntegerField(
                default=0,
                validators=[django.core.validators.MaxValueValidator(100)],
                verbose_name="progress (%)",
            ),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="ran_in_process",
            field=models.BooleanField(default=False, verbose_name="ran in the web process"),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="started"),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="state",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("running", "Running"),
                    ("done", "Done"),
                    ("failed", "Failed"),
                    ("interrupted", "Interrupted"),
                ],
                default="queued",
                max_length=12,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="step",
            field=models.CharField(blank=True, max_length=200, verbose_name="step"),
        ),
        migrations.AlterField(
            model_name="pendingimport",
            name="created",
            field=models.DateTimeField(auto_now_add=True, verbose_name="requested"),
        ),
    ]
