"""The project's settings, as the test suite runs them.

Only what a test run needs differs: a throwaway secret key and data
directory, plain static storage (no collectstatic) and a fast hasher.
"""

import os
import tempfile

os.environ.setdefault("ARCHIVE_SECRET_KEY", "tests-only-key-never-served-" + "x" * 20)
os.environ.setdefault("ARCHIVE_DATA_DIR", tempfile.mkdtemp(prefix="archive-tests-"))
os.environ.setdefault("ARCHIVE_MANIFEST_STATIC", "false")

from archive.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing one
