"""The API reference at /docs and /redoc, as a machine without internet access sees it: headless
Chromium with every host but loopback unresolvable. Every path of /openapi.json must be on the page,
and /docs must send a request from its "Try it" form."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import headless_chromium
from test_server import Server


@pytest.fixture()
def offline_browser():
    driver = headless_chromium("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", window="1280,1000")
    yield driver
    driver.quit()


def test_the_api_reference_shows_every_path_offline_and_tries_a_call(backline, offline_browser, tmp_path):
    server = Server(backline, tmp_path)
    try:
        _, document = server.json("GET", "/openapi.json")
        for page in ["/docs", "/redoc"]:
            offline_browser.get(server.url + page)
            text = offline_browser.find_element(By.TAG_NAME, "body").text
            for path, operations in document["paths"].items():
                for method in operations:
                    assert f"{method.upper()} {path}" in text, f"{page} lacks {method.upper()} {path}"
            assert "count_in" in text and "irealb://" in text, "request body fields are listed with their meaning"
            external = offline_browser.execute_script(
                "return [...document.querySelectorAll('script[src],link[href],img[src]')].map(e => e.src || e.href)")
            # Its script and stylesheet come from the server itself (the CSP allows no inline ones), nothing from elsewhere.
            assert external and all(url.startswith(server.url + "/") for url in external), f"{page} loads {external}"

        offline_browser.get(server.url + "/docs")
        form = offline_browser.find_element(By.CSS_SELECTOR, 'form.try[data-path="/genres/{id}"]')
        form.find_element(By.NAME, "id").send_keys("bossa_nova")
        form.find_element(By.TAG_NAME, "button").click()
        answer = form.find_element(By.CLASS_NAME, "answer")
        WebDriverWait(offline_browser, 10).until(lambda d: answer.text.startswith("200"))
        assert '"id":"bossa_nova"' in answer.text.replace(" ", "")
    finally:
        server.stop()
