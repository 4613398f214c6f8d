"""The archive in a real browser: headless Debian Chromium driven by
Playwright, against the archive served as scripts/serve serves it
(gunicorn, DEBUG off, demo pages, the search index's watch loop).

One browser for the module and a fresh context (no cookies, no history) for
each test. Screenshots go to $ARCHIVE_SCREENSHOT_DIR (default build/screenshots).
"""

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from archive.text import fold
from tests.conftest import ROOT, SERVED_EDITOR

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_LOG: Path | None = None  # gunicorn's, quoted when a page fails
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}

QUERY = "dai hoi dang bo"
SEARCH_BOX = re.compile(r"tìm|search|words to look for", re.IGNORECASE)
COUNT = re.compile(r"(\d+) (?:bài viết|articles?)\b")

# Bình An's congress and the article reporting it (demo page a01).
ARTICLE_ID = 1
ARTICLE_TITLE = "Đại hội Đảng bộ xã Bình An lần thứ XV, nhiệm kỳ 2020-2025 thành công tốt đẹp"
CONGRESS = "Đại hội Đảng bộ xã Bình An lần thứ XV"

# The pages the accessibility, phone-width and screenshot checks visit.
PAGES = {
    "home": "/",
    "search": "/tim-kiem/?q=dai+hoi+dang+bo",
    "article": f"/bai/{ARTICLE_ID}/?q=dai+hoi+dang+bo",
    "province": "/tinh/an-giang-2025/",
    "map": "/ban-do/",
}


@pytest.fixture(scope="module")
def browser() -> Browser:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium. "
            "Run scripts/setup --dev (as root it installs it) or: apt-get install -y chromium"
        )
    # Playwright's sync API runs an event loop in this thread, and Django refuses
    # database calls (pytest-django's own included) while one is running.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def context(browser, browser_archive) -> BrowserContext:
    global SERVER_LOG
    SERVER_LOG = browser_archive.data_dir / "gunicorn.log"
    context = browser.new_context(base_url=browser_archive.url, viewport=DESKTOP, locale="vi-VN")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context) -> Iterator[Page]:
    page = context.new_page()
    refused: list[str] = []
    failed: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    page.on("pageerror", lambda error: failed.append(f"{page.url}: {error}"))
    yield page
    assert refused == []  # nothing a page needs is refused by its Content-Security-Policy
    assert failed == []  # no script of any page visited failed


@pytest.fixture
def phone(browser, browser_archive) -> Page:
    context = browser.new_context(
        base_url=browser_archive.url, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def open_page(page: Page, path: str) -> None:
    response = page.goto(path)
    if response is None or response.status != 200:
        log = SERVER_LOG.read_text(errors="replace")[-3000:] if SERVER_LOG else ""
        pytest.fail(f"{path}: HTTP {response and response.status}\nend of the server's log:\n{log}")


def result_count(page: Page) -> int:
    status = page.get_by_role("status").filter(has_text=COUNT).first
    expect(status).to_be_visible()
    return int(COUNT.search(status.inner_text()).group(1))


def result_titles(page: Page) -> list[str]:
    """The titles of the results listed (each a heading holding a link to the article)."""
    return page.get_by_role("heading", level=2).get_by_role("link").all_inner_texts()


# What shows where the keyboard is: an outline (or a box shadow), and for an
# outline of one colour, its contrast with the background around the element
# (WCAG 1.4.11 asks 3:1). Chromium's own "auto" ring is two-toned, visible on any background.
FOCUS_RING = """() => {
    const element = document.activeElement, style = getComputedStyle(element);
    const rgba = colour => (colour.match(/[\\d.]+/g) || []).map(Number);
    const luminance = colour => {
        const [r, g, b] = rgba(colour).map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    let background = "rgb(255, 255, 255)";
    for (let node = element.parentElement; node; node = node.parentElement) {
        const colour = getComputedStyle(node).backgroundColor, values = rgba(colour);
        if (values.length === 3 || values[3] > 0) { background = colour; break; }
    }
    const [lighter, darker] = [luminance(style.outlineColor), luminance(background)].sort((a, b) => b - a);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return {
        element: element.tagName.toLowerCase() + " " + (element.innerText || element.name || "").trim().slice(0, 40),
        outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
        background,
        visible: (outline && (style.outlineStyle === "auto" || (lighter + 0.05) / (darker + 0.05) >= 3))
            || (!outline && style.boxShadow !== "none"),
        contrast: Math.round((lighter + 0.05) / (darker + 0.05) * 100) / 100,
    };
}"""


def focus_ring(page: Page) -> dict:
    return page.evaluate(FOCUS_RING)


def test_searching_from_the_home_page_without_diacritics(page):
    open_page(page, "/")
    box = page.get_by_role("searchbox", name=SEARCH_BOX).first
    box.fill(QUERY)
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/tim-kiem/\?(.*&)?q=dai\+hoi\+dang\+bo"))
    count = result_count(page)
    titles = result_titles(page)
    assert count >= 5, count
    assert sum("Đại hội" in title for title in titles) >= 3, titles
    assert ARTICLE_TITLE in titles


def test_a_facet_narrows_the_results_and_its_chip_removes_it(page):
    open_page(page, PAGES["search"])
    total = result_count(page)
    # Since 2025: a province filter also finds the articles of the provinces merged into it.
    provinces = (
        page.get_by_role("complementary")
        .locator("section")
        .filter(has=page.get_by_role("heading", name="Tỉnh từ năm 2025"))
    )
    value = provinces.get_by_role("listitem").first
    # A choice is a button of the form that carries the query once: it works from the keyboard.
    choice = value.get_by_role("button")
    name = choice.inner_text()
    expected = int(re.findall(r"\d+", value.inner_text())[-1])  # "An Giang 2": the facet's own count
    assert 0 < expected < total

    choice.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"province="))
    assert "q=" in page.url and "page=" not in page.url
    assert result_count(page) == expected
    # The value is now a pressed toggle, and a chip (another button of the form) removes it.
    pressed = provinces.get_by_role("button", name=re.compile(re.escape(name)), pressed=True)
    expect(pressed).to_have_count(1)
    chips = page.get_by_role("list", name="Bộ lọc đang chọn")
    chip = chips.get_by_role("button", name=re.compile(re.escape(name)))
    expect(chip).to_have_count(1)

    chip.click()
    expect(page).not_to_have_url(re.compile(r"province=|remove="))
    expect(chips).to_have_count(0)
    assert result_count(page) == total


def test_a_result_shows_the_searched_words_marked_and_links_to_each_match(page):
    open_page(page, PAGES["search"])
    page.get_by_role("link", name=ARTICLE_TITLE).click()
    expect(page).to_have_url(re.compile(rf"/bai/{ARTICLE_ID}/\?q="))
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE_TITLE)

    marks = page.locator("article mark")
    assert marks.count() >= 4
    assert {fold(text).lower() for text in marks.all_inner_texts()} >= {"dai", "hoi", "dang", "bo"}

    matches = page.get_by_role("navigation", name="Chỗ khớp với từ tìm kiếm")
    matches.get_by_role("link", name="3", exact=True).click()
    expect(page).to_have_url(re.compile(r"#hit-3$"))
    third = page.locator("#hit-3")
    assert third.evaluate("el => el.tagName") == "MARK"
    expect(third).to_be_in_viewport()

    matches.get_by_role("link", name=re.compile(r"next match|sau|tiếp", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(r"#hit-4$"))
    expect(page.locator("#hit-4")).to_be_in_viewport()


def test_a_congress_link_leads_to_the_congress_and_its_articles(page):
    open_page(page, f"/bai/{ARTICLE_ID}/")
    page.get_by_role("link", name=re.compile(re.escape(CONGRESS))).first.click()

    expect(page).to_have_url(re.compile(r"/dai-hoi/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(CONGRESS)
    expect(page.get_by_role("link", name=ARTICLE_TITLE)).to_be_visible()


def test_the_language_switcher_shows_the_english_interface_and_back(page):
    open_page(page, PAGES["search"])
    page.get_by_role("link", name="English", exact=True).click()

    expect(page).to_have_url(re.compile(r"/en/tim-kiem/\?q=dai"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search the archive")
    expect(page.get_by_role("link", name="How to search").first).to_be_visible()
    assert result_count(page) > 0

    page.get_by_role("link", name="Tiếng Việt", exact=True).click()
    expect(page).to_have_url(re.compile(r"127\.0\.0\.1:\d+/tim-kiem/\?q=dai"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("link", name="Tìm kiếm", exact=True).first).to_be_visible()


def test_an_editor_moves_an_article_to_another_province_in_the_admin(page):
    article = "Ban Tuyên giáo Tỉnh ủy tổng kết công tác tuyên giáo năm 2019"  # Nghệ An's, demo page a03
    username, password = SERVED_EDITOR
    open_page(page, "/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    # The page form of "add from a page" loads its scripts in order (the fixture fails on any script error).
    open_page(page, "/admin/archive/article/from-page/")
    expect(page.get_by_label("Nội dung trang (văn bản hoặc HTML)")).to_be_visible()

    open_page(page, "/admin/archive/article/?q=tổng kết công tác tuyên giáo")
    page.get_by_role("link", name=article).click()
    expect(page).to_have_url(re.compile(r"/admin/archive/article/\d+/change/"))
    # The province is an autocomplete (select2): open it, type, pick.
    page.locator(".field-province .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Cao Bang")
    page.get_by_role("option", name=re.compile("Cao Bằng")).click()
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_contain_text(article)

    open_page(page, "/tinh/cao-bang/")
    expect(page.get_by_role("link", name=article)).to_be_visible()
    open_page(page, "/tinh/nghe-an/")
    expect(page.get_by_role("link", name=article)).to_have_count(0)

    # The index follows the edit as it commits; the watch loop is the safety net.
    deadline = time.monotonic() + 5
    while True:
        open_page(page, "/tim-kiem/?province=cao-bang")
        if article in result_titles(page) or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert result_titles(page) == [article]
    assert result_count(page) == 1
    expect(page.get_by_role("list", name="Bộ lọc đang chọn")).to_contain_text("Cao Bằng")


def test_the_keyboard_reaches_the_skip_link_first_and_can_search(page):
    open_page(page, "/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Chuyển tới nội dung")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    unseen = [ring for ring in [focus_ring(page)] if not ring["visible"]]

    search_box = page.get_by_role("searchbox", name=SEARCH_BOX).first
    for _ in range(40):
        page.keyboard.press("Tab")
        ring = focus_ring(page)
        if not ring["visible"]:
            unseen.append(ring)
        if search_box.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("40 presses of Tab from the top did not reach the search box")
    page.keyboard.type(QUERY)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/tim-kiem/\?(.*&)?q=dai\+hoi"))
    assert result_count(page) > 0
    assert not unseen, "focus hard or impossible to see on:\n" + "\n".join(map(str, unseen))


@pytest.mark.parametrize("name", ["home", "search", "article", "province"])
def test_no_serious_accessibility_violations(page, name):
    from axe_playwright_python.sync_playwright import Axe

    open_page(page, PAGES[name])
    violations = Axe().run(page).response["violations"]
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['target']}: {node.get('failureSummary', '')!r}" for node in v["nodes"])
        for v in violations
    )
    assert not serious, f"axe on {PAGES[name]}:\n{report}"


def test_no_horizontal_scrolling_at_phone_width(phone):
    too_wide = {}
    for name in ("home", "search", "article", "province", "map"):
        response = phone.goto(PAGES[name])
        if response is None or response.status != 200:
            too_wide[PAGES[name]] = f"HTTP {response and response.status}"
            continue
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            # The widest culprits, to say what to fix.
            too_wide[PAGES[name]] = f"{width}px wide; overflowing: " + ", ".join(
                phone.evaluate(
                    """limit => [...document.querySelectorAll("body *")]
                        .filter(el => el.getBoundingClientRect().right > limit + 1)
                        .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""))""",
                    PHONE["width"],
                )
            )
    assert not too_wide, f"at {PHONE['width']}px: {too_wide}"


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshots(browser, browser_archive, device):
    folder = Path(os.environ.get("ARCHIVE_SCREENSHOT_DIR") or ROOT / "build" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(base_url=browser_archive.url, viewport=DESKTOP if device == "desktop" else PHONE)
    failed = {}
    try:
        page = context.new_page()
        for name in ("home", "search", "article", "map"):
            response = page.goto(PAGES[name])
            if response is None or response.status != 200:
                failed[PAGES[name]] = f"HTTP {response and response.status}"
                continue
            page.evaluate("document.fonts.ready")
            path = folder / f"{name}-{device}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 5_000, path
    finally:
        context.close()
    assert not failed, f"no screenshot of {failed}"
