"""Who is asking: the client's address, behind the proxies the operator trusts.

Behind a TLS proxy every request arrives from the proxy's address, so
counting wrong passwords by address (django-axes) would lock a user out for
everyone after five mistakes by anyone. Each trusted proxy appends the address
it received the request from to ``X-Forwarded-For``; with
``ARCHIVE_TRUSTED_PROXIES=N`` the client is the N-th address from the right.
Anything left of that was written by the client and may be forged, so it is
never read. Without the setting the header is ignored altogether: anyone can
send it to an archive served directly.

django-ipware, the library django-axes can use, wants the proxies' own
addresses in the header as well and answers nothing for the usual single
nginx in front (``X-Forwarded-For: client``); these few lines do what
nginx's and Apache's documentation describe.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from, as the trusted proxies saw it."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXIES
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        # Not through every proxy (a request to the server directly): what it says is the client's own.
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
