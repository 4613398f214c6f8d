from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from archive.roles import ensure_editor_group

    ensure_editor_group()


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive")

    def ready(self):
        from archive import lookups

        lookups.install()
        # Permissions are created after migrations run, so the group is kept
        # in step with them after every migrate rather than in a migration.
        post_migrate.connect(_sync_roles, sender=self)
