"""Every change that alters what the index holds for an article queues that
article, in the same transaction as the change (``search.indexing``).

Bulk writes skip signals: the importer queues the articles of each chunk
itself."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from search.indexing import enqueue


def _article_changed(sender, instance, **kwargs) -> None:
    enqueue([instance.pk])


def _mention_changed(sender, instance, **kwargs) -> None:
    enqueue([instance.article_id])


def _documents_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        enqueue([instance.pk])
    elif pk_set:
        enqueue(pk_set)
    else:  # a document cleared of all its articles: which ones is no longer known here
        from archive.models import Article

        enqueue(Article.objects.filter(documents=instance).values_list("pk", flat=True))


def _names_changed(sender, instance, created, **kwargs) -> None:
    """A province or organ renamed: its articles carry its name in the index."""
    if created:
        return
    from archive.models import Article, Organ

    field = "organ" if sender is Organ else "province"
    enqueue(Article.objects.filter(**{field: instance}).values_list("pk", flat=True))


def connect() -> None:
    from archive.models import Article, CongressMention, Organ, Province

    post_save.connect(_article_changed, sender=Article, dispatch_uid="search-article-saved")
    post_delete.connect(_article_changed, sender=Article, dispatch_uid="search-article-deleted")
    post_save.connect(_mention_changed, sender=CongressMention, dispatch_uid="search-mention-saved")
    post_delete.connect(_mention_changed, sender=CongressMention, dispatch_uid="search-mention-deleted")
    m2m_changed.connect(_documents_changed, sender=Article.documents.through, dispatch_uid="search-documents")
    post_save.connect(_names_changed, sender=Province, dispatch_uid="search-province-renamed")
    post_save.connect(_names_changed, sender=Organ, dispatch_uid="search-organ-renamed")
