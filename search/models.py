from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexQueue(models.Model):
    """An article whose search entry must be brought in line with the
    database: added in the same transaction as the change, removed once the
    index has it. No foreign key: a deleted article stays queued until the
    index has dropped it too."""

    seq = models.BigAutoField(primary_key=True)
    article_id = models.BigIntegerField(_("article"), db_index=True)
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)

    class Meta:
        verbose_name = _("search index update")
        verbose_name_plural = _("search index updates")

    def __str__(self) -> str:
        return f"{self.article_id}"
