"""Every change that alters what the index holds for an article queues that
article, in the same transaction as the change (``search.indexing``).

Bulk writes skip Django's signals: the importer and re-extraction send
``archive.signals.articles_changed`` for the articles of each chunk."""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from archive.signals import archive_restored, articles_changed
from search.indexing import enqueue, rebuild


def _articles_changed(sender, ids, **kwargs) -> None:
    enqueue(ids)


def _archive_restored(sender, **kwargs) -> int:
    """A back-up holds no index: it is rebuilt from the restored database."""
    return rebuild().articles


def _article_changed(sender, instance, **kwargs) -> None:
    enqueue([instance.pk])


def _mention_changed(sender, instance, **kwargs) -> None:
    enqueue([instance.article_id])


def _documents_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not reverse:  # article.documents.add/remove/clear/set
        if action in ("post_add", "post_remove", "post_clear"):
            enqueue([instance.pk])
    elif action in ("post_add", "post_remove"):  # document.articles.add/remove
        enqueue(pk_set or ())
    elif action == "pre_clear":  # document.articles.clear(): after it, the articles are no longer known
        enqueue(_articles_citing(instance))


def _articles_citing(document) -> list[int]:
    from archive.models import Article

    return list(Article.objects.filter(documents=document).values_list("pk", flat=True))


def _document_changed(sender, instance, **kwargs) -> None:
    """A document renumbered, or deleted (its links go with it, sending no signal)."""
    enqueue(_articles_citing(instance))


def _names_changed(sender, instance, created, **kwargs) -> None:
    """A province or organ renamed: its articles carry its name in the index,
    and a province formed in 2025 is also the "now" of its predecessors' articles."""
    if created:
        return
    from archive.models import Article, Organ

    if sender is Organ:
        enqueue(Article.objects.filter(organ=instance).values_list("pk", flat=True))
        return
    articles = Article.objects.filter(Q(province=instance) | Q(province__successors=instance))
    enqueue(articles.values_list("pk", flat=True).distinct())


def _succession_changed(sender, instance, **kwargs) -> None:
    """A predecessor given (or relieved of) a successor: its articles' "now" changed."""
    from archive.models import Article

    enqueue(Article.objects.filter(province_id=instance.predecessor_id).values_list("pk", flat=True))


def connect() -> None:
    from archive.models import Article, CongressMention, Document, Organ, Province, ProvinceSuccession

    articles_changed.connect(_articles_changed, dispatch_uid="search-articles-changed")
    archive_restored.connect(_archive_restored, dispatch_uid="search-archive-restored")
    post_save.connect(_article_changed, sender=Article, dispatch_uid="search-article-saved")
    post_delete.connect(_article_changed, sender=Article, dispatch_uid="search-article-deleted")
    post_save.connect(_mention_changed, sender=CongressMention, dispatch_uid="search-mention-saved")
    post_delete.connect(_mention_changed, sender=CongressMention, dispatch_uid="search-mention-deleted")
    m2m_changed.connect(_documents_changed, sender=Article.documents.through, dispatch_uid="search-documents")
    post_save.connect(_names_changed, sender=Province, dispatch_uid="search-province-renamed")
    post_save.connect(_names_changed, sender=Organ, dispatch_uid="search-organ-renamed")
    post_save.connect(_document_changed, sender=Document, dispatch_uid="search-document-saved")
    pre_delete.connect(_document_changed, sender=Document, dispatch_uid="search-document-deleted")
    post_save.connect(_succession_changed, sender=ProvinceSuccession, dispatch_uid="search-succession-saved")
    post_delete.connect(_succession_changed, sender=ProvinceSuccession, dispatch_uid="search-succession-deleted")
