"""Filling in and sending the archive's HTML forms over HTTP, as a browser
would: what the load script's editors and the two-node test do. Standard
library only."""

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser


class FormValues(HTMLParser):
    """What a browser would send from the form with ``form_id``: inputs,
    checked boxes, text areas and selected options."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.values = form_id, False, []
        self.select: str | None = None
        self.textarea: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or tag not in ("input", "textarea", "select", "option"):
            return
        name, kind = attrs.get("name"), attrs.get("type", "text")
        if tag == "input" and name and kind not in ("submit", "button", "file", "image", "reset"):
            if kind not in ("checkbox", "radio") or "checked" in attrs:
                self.values.append((name, attrs.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.values.append((self.select, attrs.get("value", "")))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.values.append((name, text.removeprefix("\n")))  # as HTML drops a textarea's first newline
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


class Browser:
    """One person's cookies, sent to whichever node answers (as behind a
    load balancer: cookies are per host, not per port)."""

    def __init__(self, timeout: float = 30):
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url: str) -> tuple[int, str, str]:
        try:
            with self.opener.open(url, timeout=self.timeout) as response:
                return response.status, response.url, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, url, error.read().decode("utf-8")

    def submit(self, url: str, form_id: str, **changes: str) -> tuple[int, str, str]:
        """Fill in the form at ``url`` as it stands, change some values, and send it."""
        status, _, page = self.get(url)
        assert status == 200, (url, status)
        form = FormValues(form_id)
        form.feed(page)
        values = [(name, changes.pop(name) if name in changes else value) for name, value in form.values]
        assert not changes, f"no such fields in #{form_id}: {list(changes)}"
        csrf = next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(values).encode(),
            headers={"Referer": url, "X-CSRFToken": csrf},
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.url, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, url, error.read().decode("utf-8")
