"""Two processes editing while a third searches: nothing lost, no error.

Real processes on a real database (SQLite, or PostgreSQL under DATABASE_URL)
and index directory, as gunicorn workers run them: each edit commits, queues its article and drains; a drain
that finds the index locked returns at once and the holder applies the row.
"""

import json
import subprocess
import sys

from tests.conftest import DEMO_PAGES, ROOT, archive_env

EDITS_PER_WRITER = 40

WRITER = """
import random
from django.db import transaction
from archive.models import Article
worker = {worker}
ids = {ids}  # the demo articles, fixed beforehand: never the other writer's temporary ones
rng = random.Random(worker)
final = {{}}
for number in range(EDITS_PER_WRITER):
    pk = rng.choice(ids)
    with transaction.atomic():
        article = Article.objects.get(pk=pk)
        article.title = f"Bài sửa lần {{number}} bởi người {{worker}} mãsố{{worker}}x{{number}}"
        article.save()
    final[pk] = f"mãsố{{worker}}x{{number}}"
    if number % 10 == 0:
        with transaction.atomic():
            extra = Article.objects.create(title=f"Bài tạm {{worker}} {{number}}", body="Xóa ngay.")
        with transaction.atomic():
            extra.delete()
import json, pathlib
pathlib.Path("{out}").write_text(json.dumps(final))
""".replace("EDITS_PER_WRITER", str(EDITS_PER_WRITER))

SEARCHER = """
import time, json, pathlib
from django.http import QueryDict
from search import service
errors, searches = [], 0
until = time.monotonic() + {seconds}
while time.monotonic() < until or searches < 20:
    data = QueryDict(mutable=True)
    data["q"] = ["dai hoi", "dang bo", "bai sua", "nguoi 1", "xay dung dang"][searches % 5]
    form = service.SearchParameters(data)
    form.is_valid()
    try:
        service.search(form.cleaned_data)
    except Exception as error:
        errors.append(repr(error))
    searches += 1
pathlib.Path("{out}").write_text(json.dumps({{"errors": errors, "searches": searches}}))
"""


def test_two_writers_and_a_searcher_lose_nothing(tmp_path, own_database):
    env = archive_env(tmp_path / "data", ARCHIVE_SECRET_KEY="concurrency-test-" + "x" * 40, **own_database)
    (tmp_path / "data").mkdir()
    manage = [sys.executable, "manage.py"]

    def run(*command: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(manage + list(command), cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0 or not check, done.stderr[-3000:]
        return done

    run("migrate", "--verbosity", "0")
    run("import_pages", str(DEMO_PAGES), "--workers", "1", "--verbosity", "0")

    def start(code: str) -> subprocess.Popen:
        return subprocess.Popen(
            [*manage, "shell", "--no-imports", "-c", code], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
        )

    listed = run(
        "shell",
        "--no-imports",
        "-c",
        "from archive.models import Article; print(sorted(Article.objects.values_list('pk', flat=True)))",
    )
    demo_ids = json.loads(listed.stdout.strip().splitlines()[-1])
    outputs = [tmp_path / f"writer{worker}.json" for worker in range(2)]
    processes = [
        start(WRITER.format(worker=worker, ids=demo_ids[worker::2], out=out)) for worker, out in enumerate(outputs)
    ]
    processes.append(start(SEARCHER.format(seconds=5, out=tmp_path / "searcher.json")))
    for process in processes:
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors[-3000:]

    searched = json.loads((tmp_path / "searcher.json").read_text())
    assert searched["errors"] == [] and searched["searches"] >= 20

    check = run("search_index", "--check", check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    finals = {}
    for out in outputs:
        finals.update(json.loads(out.read_text()))
    # Every article's last title is what the index finds it by.
    probe = "\n".join(
        f"assert {int(pk)} in [a.pk for a in service.search({{'q': {marker!r}, 'page': 1}}).articles], {marker!r}"
        for pk, marker in finals.items()
    )
    found = run("shell", "--no-imports", "-c", "from search import service\n" + probe, check=False)
    assert found.returncode == 0, found.stderr[-3000:]
