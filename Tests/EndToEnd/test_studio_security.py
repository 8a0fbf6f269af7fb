"""Stored script injection, as a visitor of the studio meets it: sessions whose titles, section and
genre names carry markup from every input that writes them (a MusicXML lead sheet, an iReal Pro
link, a chord chart, a genre preset), shown in headless Chromium offline. Nothing of it may run or
become an element; it must read as the text it is, and the pages must work under their own
Content-Security-Policy without a single violation."""
import json

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import ROOT, headless_chromium
from test_server import Server
from test_studio import made_and_run

SCREENSHOTS = ROOT / "Tests" / "EndToEnd" / "screenshots"

# Every script the hostile texts would run sets window.__pwned; none may.
MUSICXML_TITLE = '<img src=x onerror="window.__pwned=1">'
MUSICXML = f"""<?xml version="1.0" encoding="UTF-8"?>
<score-partwise version="4.0">
  <work><work-title>&lt;img src=x onerror="window.__pwned=1"&gt;</work-title></work>
  <part-list><score-part id="P1"><part-name>Lead</part-name></score-part></part-list>
  <part id="P1">
    <measure number="1">
      <attributes><divisions>1</divisions><key><fifths>0</fifths></key><time><beats>4</beats><beat-type>4</beat-type></time></attributes>
      <harmony><root><root-step>C</root-step></root><kind>major</kind></harmony>
      <note><rest/><duration>4</duration></note>
    </measure>
    <measure number="2">
      <harmony><root><root-step>G</root-step></root><kind>dominant</kind></harmony>
      <note><rest/><duration>4</duration></note>
    </measure>
  </part>
</score-partwise>"""

# An iReal link splits its fields at '=' (also a %3D one, decoded first), so a title holds markup
# but no attribute value: an <img> with empty attributes, and a <b> around the name.
IREAL_TITLE = "<img src x onerror window.__pwned 2><b>Blue Bossa</b>"
IREAL = (f"irealbook://{IREAL_TITLE}=Dorham Kenny=Bossa Nova=C-=n=*A[C-7 |x |F-7 |x |Dh7 |G7b9 |C-7 |x ]"
         "*B[Eb-7 |Ab7 |Db^7 |x |Dh7 |G7b9 |C-7 |Dh7 G7b9 Z")

# A chart's section names are letters, digits, spaces and _ ' -: quotes to break out of an attribute.
HOSTILE_SECTIONS = ["x' onmouseover 'y", "It's - a_trap 2"]
CHART = f"[{HOSTILE_SECTIONS[0]}] C | F [{HOSTILE_SECTIONS[1]}] G7 | C"

GENRE_NAME = "<img src=x onerror=window.__pwned=4>Hostile Blues"
GENRE_DESCRIPTION = '"><script>window.__pwned=5</script><img src=x onerror="window.__pwned=6">'

# Recorded from the first script of every document, before the page's own: each CSP violation.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => window.__violations.push(
  {directive: event.violatedDirective, blocked: event.blockedURI, source: event.sourceFile, line: event.lineNumber}));
"""


@pytest.fixture()
def browser():
    driver = headless_chromium("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", window="1280,1400")
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
    yield driver
    driver.quit()


@pytest.fixture()
def hostile_presets(tmp_path):
    """A presets folder with one genre whose name and description are markup."""
    folder = tmp_path / "presets"
    folder.mkdir()
    text = (ROOT / "Presets" / "blues.yaml").read_text()
    lines = []
    for line in text.splitlines():
        if line.startswith("id: "):
            line = "id: hostile_blues"
        elif line.startswith("name: "):
            line = "name: " + json.dumps(GENRE_NAME)
        elif line.startswith("description: "):
            line = "description: " + json.dumps(GENRE_DESCRIPTION)
        lines.append(line)
    (folder / "hostile_blues.yaml").write_text("\n".join(lines) + "\n")
    return folder


def assert_nothing_ran_or_rendered(browser, where):
    pwned = browser.execute_script("return window.__pwned")
    assert pwned is None, f"{where}: a hostile script ran (window.__pwned = {pwned})"
    images = browser.execute_script(
        "return [...document.querySelectorAll('img')].filter((i) => i.id !== 'roll').map((i) => i.outerHTML)")
    assert images == [], f"{where}: hostile markup became elements: {images}"
    injected = browser.execute_script(
        "return [...document.querySelectorAll('#recent-list *, #title *, #status *, #section-list b, #section-list img,"
        " #genre script, #genre img, svg, script:not([src])')].filter((e) => !['A', 'P', 'BUTTON'].includes(e.tagName))"
        ".map((e) => e.outerHTML)")
    assert injected == [], f"{where}: hostile markup became elements: {injected}"
    violations = browser.execute_script("return window.__violations")
    assert violations == [], f"{where}: CSP violations {violations}"


def test_hostile_titles_section_and_genre_names_show_as_text_and_run_nothing(backline, browser, hostile_presets, tmp_path):
    server = Server(backline, tmp_path, extra=["--presets", str(hostile_presets)])
    try:
        sessions = {
            "musicxml": made_and_run(server, {"musicxml": MUSICXML, "genre": "blues", "seed": 1}),
            "ireal": made_and_run(server, {"ireal": IREAL, "seed": 2}),
            "chart": made_and_run(server, {"genre": "classic_rock", "progression": CHART, "seed": 3}),
            "genre": made_and_run(server, {"genre": "hostile_blues", "progression": "C7 | F7", "seed": 4}),
        }
        assert server.json("GET", f"/sessions/{sessions['musicxml']}")[1]["source"]["title"] == MUSICXML_TITLE
        assert server.json("GET", f"/sessions/{sessions['ireal']}")[1]["source"]["title"] == IREAL_TITLE

        status, _, headers = server.request("GET", "/")
        assert status == 200
        policy = headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy

        browser.get(server.url + "/")
        wait = WebDriverWait(browser, 30)
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#recent-list a")) == 4)
        wait.until(lambda d: d.find_element(By.ID, "status").text.startswith("Ready"))
        recent = browser.find_element(By.ID, "recent-list").text
        assert MUSICXML_TITLE + ", blues in C major" in recent
        assert IREAL_TITLE + ", bossa_nova in C minor" in recent
        assert "<img src=x" in recent

        # The hostile genre: its name is the option's text, its description the option's tooltip.
        option = browser.find_element(By.CSS_SELECTOR, '#genre option[value="hostile_blues"]')
        assert option.text.startswith(GENRE_NAME)
        assert option.get_attribute("title") == GENRE_DESCRIPTION
        Select(browser.find_element(By.ID, "genre")).select_by_value("hostile_blues")
        assert browser.find_element(By.ID, "part-bass").is_selected()
        assert_nothing_ran_or_rendered(browser, "the recent list and the genres")

        # Open each song from the recent list: the player shows its title and sections as text.
        for name, session_id in sessions.items():
            browser.find_element(By.CSS_SELECTOR, f'#recent-list a[data-session="{session_id}"]').click()
            wait.until(lambda d: d.execute_script("return window.player.session && window.player.session.id") == session_id)
            wait.until(lambda d: d.find_element(By.ID, "status").text.startswith(("Done", "Session")))
            title = browser.find_element(By.ID, "title").text
            if name == "musicxml":
                assert title.startswith(MUSICXML_TITLE + ": blues in C major")
            elif name == "ireal":
                assert title.startswith(IREAL_TITLE + ": bossa_nova in C minor")
            elif name == "chart":
                buttons = [b.text for b in browser.find_elements(By.CSS_SELECTOR, "#section-list button")]
                assert buttons == HOSTILE_SECTIONS
                labels = [b.get_attribute("aria-label") for b in browser.find_elements(By.CSS_SELECTOR, "#section-list button")]
                assert labels == [f"Loop {HOSTILE_SECTIONS[0]}, bars 1 to 2", f"Loop {HOSTILE_SECTIONS[1]}, bars 3 to 4"]
                attributes = browser.execute_script(
                    "return [...document.querySelectorAll('#section-list button')].flatMap((b) => b.getAttributeNames())")
                assert not [a for a in attributes if a.startswith("on")], attributes
                options = [o.text for o in Select(browser.find_element(By.ID, "loop-section")).options]
                assert options == ["whole song", f"{HOSTILE_SECTIONS[0]} (bars 1-2)", f"{HOSTILE_SECTIONS[1]} (bars 3-4)"]
                browser.execute_script("player.seek(player.song.bars[2].start)")
                assert browser.find_element(By.ID, "position").text == f"bar 3 · beat 1 · {HOSTILE_SECTIONS[1]}"
            else:
                assert title.startswith("hostile_blues in C major")
            wait.until(lambda d: d.execute_script("const i = document.getElementById('roll'); return i.complete && i.naturalWidth > 0"))
            assert_nothing_ran_or_rendered(browser, f"the {name} song")

        # An error detail that quotes the hostile text shows it as text too.
        # (A chord is at most 24 characters: a handler that sets the global without `window.`.)
        browser.find_element(By.ID, "progression").send_keys("Am7 | <svg/onload=__pwned=7>")
        browser.find_element(By.ID, "go").click()
        wait.until(lambda d: "error" in d.find_element(By.ID, "status").get_attribute("class"))
        assert "'<svg/onload=__pwned=7>' is not a chord symbol" in browser.find_element(By.ID, "status").text
        assert_nothing_ran_or_rendered(browser, "an error detail")

        # The same page, reopened by its URL: still nothing runs.
        browser.get(f"{server.url}/?session={sessions['musicxml']}")
        wait.until(lambda d: d.find_element(By.ID, "status").text.startswith(("Done", "Session")))
        assert browser.find_element(By.ID, "title").text.startswith(MUSICXML_TITLE)
        assert_nothing_ran_or_rendered(browser, "a bookmarked song")
        SCREENSHOTS.mkdir(exist_ok=True)
        browser.save_screenshot(str(SCREENSHOTS / "studio-hostile.png"))
    finally:
        server.stop()


def test_pages_are_styled_and_work_under_their_policy(backline, browser, tmp_path):
    server = Server(backline, tmp_path)
    try:
        for path in ["/", "/studio.js", "/studio.css", "/docs", "/redoc", "/docs.js", "/docs.css"]:
            status, _, headers = server.request("GET", path)
            assert status == 200, path
            assert "script-src 'self'" in headers.get("Content-Security-Policy", ""), path
            assert headers.get("X-Content-Type-Options") == "nosniff" and headers.get("Referrer-Policy") == "no-referrer", path

        browser.get(server.url + "/")
        WebDriverWait(browser, 30).until(lambda d: d.find_element(By.ID, "status").text.startswith("Ready"))
        # The stylesheet is applied: the header is dark, the form a grid.
        assert browser.execute_script("return getComputedStyle(document.querySelector('header')).backgroundColor") == "rgb(43, 33, 24)"
        assert browser.execute_script("return getComputedStyle(document.getElementById('song')).display") == "grid"
        assert browser.execute_script("return window.__violations") == []

        for page in ["/docs", "/redoc"]:
            browser.get(server.url + page)
            assert browser.execute_script("return getComputedStyle(document.body).maxWidth") == "1100px", page
            assert browser.execute_script("return window.__violations") == [], page
        # /docs: its "Try it" form still sends a request, from its own script.
        browser.get(server.url + "/docs")
        form = browser.find_element(By.CSS_SELECTOR, 'form.try[data-path="/genres/{id}"]')
        form.find_element(By.NAME, "id").send_keys("bossa_nova")
        form.find_element(By.TAG_NAME, "button").click()
        answer = form.find_element(By.CLASS_NAME, "answer")
        WebDriverWait(browser, 10).until(lambda d: answer.text.startswith("200"))
        assert browser.execute_script("return window.__violations") == []
    finally:
        server.stop()
