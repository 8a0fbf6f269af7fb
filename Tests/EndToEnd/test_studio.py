"""The studio page in a real browser: Debian's chromium, headless, driven through chromedriver."""
import pathlib
import shutil
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import ROOT
from test_server import Server

SCREENSHOTS = ROOT / "Tests" / "EndToEnd" / "screenshots"


@pytest.fixture()
def browser():
    chromium = shutil.which("chromium")
    driver_path = shutil.which("chromedriver")
    assert chromium and driver_path, "apt-get install chromium chromium-driver"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1100"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    yield driver
    driver.quit()


def test_create_run_see_the_piano_roll_and_download_the_midi(backline, browser, tmp_path):
    server = Server(backline, tmp_path)
    try:
        browser.get(server.url + "/")
        wait = WebDriverWait(browser, 30)
        wait.until(lambda d: len(d.find_element(By.ID, "genre").find_elements(By.TAG_NAME, "option")) >= 22)
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
        assert browser.find_elements(By.CSS_SELECTOR, "#player audio, #player .note")

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
