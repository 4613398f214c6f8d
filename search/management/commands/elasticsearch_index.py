from django.core.management.base import BaseCommand

from search.elasticsearch_index import as_json, index_definition


class Command(BaseCommand):
    help = (
        "Print the Elasticsearch 7 / OpenSearch index definition (settings and mappings) for the archive's "
        "search fields: the shipped search/elasticsearch_index.json, regenerated. See docs/scaling.md."
    )

    def handle(self, *args, **options):
        self.stdout.write(as_json(index_definition()), ending="")
