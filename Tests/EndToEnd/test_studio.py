"""The studio page in a real browser: Debian's chromium, headless, driven through chromedriver."""
import time
import urllib.request

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import ROOT, headless_chromium
from test_server import Server

SCREENSHOTS = ROOT / "Tests" / "EndToEnd" / "screenshots"


@pytest.fixture()
def browser():
    driver = headless_chromium("--autoplay-policy=no-user-gesture-required")
    yield driver
    driver.quit()


def test_create_run_see_the_piano_roll_and_download_the_midi(backline, browser, tmp_path):
    server = Server(backline, tmp_path)
    try:
        browser.get(server.url + "/")
        wait = WebDriverWait(browser, 30)
        wait.until(lambda d: len(d.find_element(By.ID, "genre").find_elements(By.TAG_NAME, "option")) >= 42)
        wait.until(lambda d: d.find_element(By.ID, "status").text.startswith("Ready"))
        Select(browser.find_element(By.ID, "genre")).select_by_value("reggae")
        Select(browser.find_element(By.ID, "key")).select_by_value("Bb")
        Select(browser.find_element(By.ID, "mode")).select_by_value("minor")
        sections = browser.find_element(By.ID, "sections")
        sections.clear()
        sections.send_keys("3")
        browser.find_element(By.ID, "seed").send_keys("42")
        browser.find_element(By.ID, "part-keys").click()
        browser.find_element(By.ID, "go").click()

        wait.until(lambda d: d.find_element(By.ID, "status").text.startswith("Done"))
        wait.until(lambda d: d.execute_script("const i = document.getElementById('roll'); return i.complete && i.naturalWidth > 0"))
        assert "reggae in Bb minor" in browser.find_element(By.ID, "title").text
        links = {a.get_attribute("data-part"): a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#downloads a")}
        assert set(links) == {"drums", "bass", "guitar", "keys", "full"}
        with urllib.request.urlopen(links["full"], timeout=10) as response:
            assert response.read(4) == b"MThd"
        with urllib.request.urlopen(links["keys"], timeout=10) as response:
            assert response.read(4) == b"MThd"
        assert browser.find_element(By.ID, "play").is_displayed() or "FluidSynth" in browser.find_element(By.ID, "audio-note").text

        SCREENSHOTS.mkdir(exist_ok=True)
        browser.save_screenshot(str(SCREENSHOTS / "studio.png"))
        assert (SCREENSHOTS / "studio.png").stat().st_size > 10_000

        # A bad chord chart comes back as the server's message, not a broken page.
        browser.find_element(By.ID, "progression").send_keys("Am7 | Hx7")
        browser.find_element(By.ID, "go").click()
        wait.until(lambda d: "Hx7" in d.find_element(By.ID, "status").text)
        assert "error" in browser.find_element(By.ID, "status").get_attribute("class")
    finally:
        server.stop()


# A chart of two short sections at a fast tempo: the loop test hears section B come round in seconds.
PRACTICE_SONG = {"genre": "classic_rock", "key": "G", "tempo": 200, "with_keys": True, "seed": 9,
                 "progression": "[A] G | C | D7 | G [B] Em | C"}
SECONDS_PER_BAR = 4 * 60 / 200


def made_and_run(server, body):
    status, created = server.json("POST", "/sessions", body)
    assert status == 201, created
    status, run = server.json("POST", f"/sessions/{created['id']}/run")
    assert status == 200, run
    return created["id"]


def wait_for_audio(browser, session_id):
    """The page shows the session and every part's audio is decoded into its gain node."""
    WebDriverWait(browser, 90).until(lambda d: d.execute_script(
        "return window.player.session && window.player.session.id === arguments[0] && player.parts.length > 0"
        " && player.parts.every((p) => player.buffers[p] && player.gains[p])", session_id))


def press(browser, key):
    """A key pressed on the page, as a player does (not typed into a field)."""
    ActionChains(browser).send_keys(key).perform()


def state(browser):
    return browser.execute_script("""
        return {time: player.ctx.currentTime, running: player.ctx.state, position: player.position(),
                playing: player.playing, head: parseFloat(document.getElementById('playhead').style.left),
                readout: document.getElementById('position').textContent,
                gains: Object.fromEntries(player.parts.map((p) => [p, player.gains[p].gain.value]))}""")


def test_play_mute_solo_and_loop_a_section_in_time_with_the_audio_clock(backline, browser, tmp_path):
    server = Server(backline, tmp_path)
    try:
        session_id = made_and_run(server, PRACTICE_SONG)
        browser.get(f"{server.url}/?session={session_id}")
        wait_for_audio(browser, session_id)
        assert browser.execute_script("return player.parts") == ["drums", "bass", "guitar", "keys"]
        sections = browser.execute_script("return player.song.sections.map((s) => [s.name, s.first, s.bars])")
        assert sections == [["A", 0, 4], ["B", 4, 2]]
        assert browser.execute_script("return player.duration() >= player.song.duration")
        assert browser.find_element(By.ID, "position").text.startswith("bar 1 · beat 1")

        browser.find_element(By.ID, "play").click()
        WebDriverWait(browser, 10).until(lambda d: state(d)["position"] > 0.3)
        first = state(browser)
        time.sleep(2.0)
        second = state(browser)
        assert first["running"] == "running" and second["playing"]
        clock = second["time"] - first["time"]
        assert clock > 1.5
        # The position is the audio clock's, and the playhead moves 56 pixels a bar at 200 bpm.
        assert abs((second["position"] - first["position"]) - clock) < 0.02
        assert abs((second["head"] - first["head"]) - clock / SECONDS_PER_BAR * 56) < 2
        assert second["readout"] != first["readout"]
        assert browser.find_element(By.ID, "play").text == "Pause"

        # Mute the drums with their button, the bass with key 2: both at 0, the others sound on.
        browser.find_element(By.CSS_SELECTOR, '.strip[data-part="drums"] .mute').click()
        press(browser, "2")
        gains = state(browser)["gains"]
        assert gains["drums"] == 0 and gains["bass"] == 0 and gains["guitar"] > 0.5 and gains["keys"] > 0.5
        assert browser.find_element(By.CSS_SELECTOR, '.strip[data-part="drums"] .mute').get_attribute("aria-pressed") == "true"
        assert state(browser)["playing"]
        press(browser, "1")
        press(browser, "2")

        # Solo the keys: only they sound; their slider sets their level at once.
        browser.find_element(By.CSS_SELECTOR, '.strip[data-part="keys"] .solo').click()
        gains = state(browser)["gains"]
        assert gains["keys"] > 0.5 and gains["drums"] == gains["bass"] == gains["guitar"] == 0
        browser.execute_script("""const s = document.querySelector('.strip[data-part="keys"] .volume');
            s.value = '0.3'; s.dispatchEvent(new Event('input', {bubbles: true}));""")
        assert abs(state(browser)["gains"]["keys"] - 0.3) < 1e-6
        browser.find_element(By.CSS_SELECTOR, '.strip[data-part="keys"] .solo').click()
        assert all(value > 0 for value in state(browser)["gains"].values())

        # Loop section B (bars 5-6): the position jumps there and wraps back to its start, on the audio clock.
        browser.find_element(By.CSS_SELECTOR, '#section-list button[data-section="1"]').click()
        start, end = 4 * SECONDS_PER_BAR, 6 * SECONDS_PER_BAR
        assert browser.execute_script("return player.sources.every((s) => s.loop && s.loopStart > 0)")
        positions = []
        for _ in range(45):
            positions.append(state(browser)["position"])
            time.sleep(0.1)
        assert all(start - 0.01 <= p < end + 0.01 for p in positions[3:]), positions
        wraps = [i for i in range(1, len(positions)) if positions[i] < positions[i - 1]]
        assert wraps and positions[wraps[0]] < start + 0.3, positions
        assert browser.find_element(By.ID, "position").text.split(" · ")[-1] == "B"
        assert Select(browser.find_element(By.ID, "loop-section")).first_selected_option.get_attribute("value") == "1"

        # L ends the loop without stopping the sound; a click on a section's name on the piano roll loops that one.
        press(browser, "l")
        assert browser.execute_script("return player.playing && !player.looping && player.sources.every((s) => !s.loop)")
        # A's name: 96 units in (bar 1), 16 down, in the row of names above the 44-unit header line.
        roll = browser.find_element(By.ID, "roll")
        width, height = roll.size["width"], roll.size["height"]
        ActionChains(browser).move_to_element_with_offset(roll, 96 + 20 - width // 2, 14 - height // 2).click().perform()
        assert browser.execute_script("return player.looping && player.loop.index === 0 && player.sources.every((s) => s.loop && s.loopStart === 0)")
        assert browser.execute_script("return player.position()") < 4 * SECONDS_PER_BAR

        # Playing a loop, at a desktop's width and a phone's (390 px, nothing wider than the screen but the roll).
        SCREENSHOTS.mkdir(exist_ok=True)
        browser.execute_script("document.getElementById('result').scrollIntoView()")
        time.sleep(1.5)
        browser.save_screenshot(str(SCREENSHOTS / "studio-playing-desktop.png"))
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
        browser.execute_script("document.getElementById('result').scrollIntoView()")
        time.sleep(1.0)
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
        assert browser.find_element(By.ID, "play").is_displayed() and state(browser)["playing"]
        browser.save_screenshot(str(SCREENSHOTS / "studio-playing-phone.png"))
        for name in ["studio-playing-desktop.png", "studio-playing-phone.png"]:
            assert (SCREENSHOTS / name).stat().st_size > 10_000

        press(browser, "L")
        assert browser.execute_script("return !player.looping")

        # Space pauses: the position holds.
        press(browser, " ")
        held = state(browser)
        time.sleep(0.4)
        assert not held["playing"] and state(browser)["position"] == held["position"]
        browser.find_element(By.ID, "stop").click()
        assert state(browser)["position"] == 0 and browser.find_element(By.ID, "position").text.startswith("bar 1 · beat 1")

        # Every control has a name a screen reader reads.
        unnamed = browser.execute_script("""return [...document.querySelectorAll('button, input, select, textarea')]
            .filter((e) => !(e.getAttribute('aria-label') || (e.labels && e.labels.length) || e.textContent.trim()))
            .map((e) => e.outerHTML)""")
        assert unnamed == []

    finally:
        server.stop()


def test_reopen_a_session_from_the_recent_list_and_from_its_url(backline, browser, tmp_path):
    server = Server(backline, tmp_path)
    try:
        older = made_and_run(server, {**PRACTICE_SONG, "genre": "blues", "key": "A", "progression": "A7 | D7 | A7 | E7"})
        newer = made_and_run(server, PRACTICE_SONG)
        browser.get(server.url + "/")
        wait = WebDriverWait(browser, 30)
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#recent-list a")) == 2)
        links = browser.find_elements(By.CSS_SELECTOR, "#recent-list a")
        assert [link.get_attribute("data-session") for link in links] == [newer, older]
        links[1].click()
        wait_for_audio(browser, older)
        assert browser.current_url == f"{server.url}/?session={older}"
        assert "blues in A major" in browser.find_element(By.ID, "title").text

        # The URL alone opens it again, in a new page: a bookmark.
        browser.get(browser.current_url)
        wait_for_audio(browser, older)
        assert "blues in A major" in browser.find_element(By.ID, "title").text
        wait.until(lambda d: d.execute_script("const i = document.getElementById('roll'); return i.complete && i.naturalWidth > 0"))
    finally:
        server.stop()


def test_without_audio_the_page_says_so_once_and_still_shows_the_roll_and_downloads(backline, browser, tmp_path):
    server = Server(backline, tmp_path, extra=["--soundfont", "/no/such/font.sf2"])
    try:
        # A count-in before each of two passes, the second 40 bpm faster: the bars' times follow the tempo changes.
        session_id = made_and_run(server, {"genre": "classic_rock", "tempo": 120, "progression": "C | G", "count_in": 1,
                                           "practice": "2x+40", "seed": 1})
        browser.get(f"{server.url}/?session={session_id}")
        wait = WebDriverWait(browser, 30)
        wait.until(lambda d: d.find_element(By.ID, "status").text.startswith("Done"))
        starts = browser.execute_script("return player.song.bars.map((bar) => bar.start)")
        assert starts == pytest.approx([0, 2, 4, 6, 7.5, 9])
        assert browser.execute_script("return player.song.duration") == pytest.approx(10.5)
        browser.execute_script("player.seek(8.3)")
        assert browser.execute_script("return document.getElementById('position').textContent") == "bar 5 · beat 3 · chart"
        wait.until(lambda d: d.execute_script("const i = document.getElementById('roll'); return i.complete && i.naturalWidth > 0"))
        assert "Audio is off" in browser.find_element(By.ID, "status").text
        assert "FluidSynth" in browser.find_element(By.ID, "audio-note").text
        assert not browser.find_element(By.ID, "play").is_displayed()
        parts = [a.get_attribute("data-part") for a in browser.find_elements(By.CSS_SELECTOR, "#downloads a")]
        assert parts == ["drums", "bass", "guitar", "full"]
    finally:
        server.stop()


BLUE_BOSSA = ("irealbook://Blue Bossa=Dorham Kenny=Bossa Nova=C-=n=*A[C-7 |x |F-7 |x |Dh7 |G7b9 |C-7 |x ]"
              "*B[Eb-7 |Ab7 |Db^7 |x |Dh7 |G7b9 |C-7 |Dh7 G7b9 Z")


def test_the_practice_options_and_an_ireal_pro_link_go_into_the_request(backline, browser, tmp_path):
    server = Server(backline, tmp_path)
    try:
        browser.get(server.url + "/")
        wait = WebDriverWait(browser, 90)
        wait.until(lambda d: d.find_element(By.ID, "status").text.startswith("Ready"))
        Select(browser.find_element(By.ID, "genre")).select_by_value("blues")
        Select(browser.find_element(By.ID, "count-in")).select_by_value("1")
        browser.find_element(By.ID, "practice").send_keys("2x+5")
        browser.find_element(By.ID, "form").send_keys("intro outro")
        browser.find_element(By.ID, "part-guitar").click()
        browser.find_element(By.ID, "seed").send_keys("4")
        browser.find_element(By.ID, "go").click()
        wait.until(lambda d: d.find_element(By.ID, "status").text.startswith("Done"))
        session_id = browser.current_url.split("?session=")[1]
        status, detail = server.json("GET", f"/sessions/{session_id}")
        assert status == 200
        assert (detail["count_in"], detail["practice"], detail["form"], detail["parts"]) == (1, "2x+5", ["intro", "outro"], ["drums", "bass"])
        # Two passes of count-in, intro and outro; the second pass 5 bpm faster, and the bars timed so.
        assert [s["name"] for s in detail["arrangement"]] == ["count-in", "intro", "outro"] * 2
        assert browser.execute_script("return player.parts") == ["drums", "bass"]
        second_pass = browser.execute_script("return player.song.sections[3].start")
        assert second_pass == pytest.approx(9 * 4 * 60 / detail["tempo"])

        browser.find_element(By.ID, "ireal").send_keys(BLUE_BOSSA)
        browser.find_element(By.ID, "go").click()
        wait.until(lambda d: d.find_element(By.ID, "status").text.startswith("Done")
                   and "Blue Bossa" in d.find_element(By.ID, "title").text)
        assert "bossa_nova in C minor" in browser.find_element(By.ID, "title").text
    finally:
        server.stop()
