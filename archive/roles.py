"""The archive's two roles: editors, who add and correct articles, and
superusers, who also manage users, provinces and imports."""

from django.contrib.auth.models import Group, Permission

EDITORS_GROUP = "Biên tập viên"

EDITOR_PERMISSIONS = {
    "article": ("view", "add", "change"),
    "congressmention": ("view", "add", "change", "delete"),
    "congress": ("view", "add", "change"),
    "organ": ("view", "add", "change"),
    "document": ("view", "add"),
    "province": ("view",),
    "provincesuccession": ("view",),
    "importbatch": ("view",),
}


def ensure_editor_group() -> Group:
    """Create the editors' group or bring its permissions up to date."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    codenames = [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions]
    permissions = Permission.objects.filter(content_type__app_label="archive", codename__in=codenames)
    group.permissions.set(permissions)
    return group
