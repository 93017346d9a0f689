"""The playground (`python -m playground`, what `make demo` runs) in its own process, and the
system's Chromium driven through it with Selenium, as a person would use the page. Shared by the
browser test and the screenshots."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.core.answers import SituationKey
from bot.slack.flow_views import CALLBACK_STEPS
from tests.situations import answers_for

ROOT = Path(__file__).resolve().parent.parent
SERVING = re.compile(r"open (http://127\.0\.0\.1:\d+/)")
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
CHROMEDRIVER = "chromedriver"


def browser_missing() -> str | None:
    """Why no browser test can run here, or None when one can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (make test installs it)"
    if not any(shutil.which(name) for name in CHROMIUM) or not shutil.which(CHROMEDRIVER):
        return (
            "no Chromium and ChromeDriver on this machine (Debian: apt-get install chromium chromium-driver)"
        )
    return None


@contextmanager
def playground(env: dict[str, str] | None = None) -> Iterator[tuple[str, list[str]]]:
    """`python -m playground` on a free port; yields its URL and the lines it printed."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    with tempfile.TemporaryDirectory() as empty:  # no .env here: nothing configured
        process = subprocess.Popen(
            [sys.executable, "-m", "playground"],
            cwd=empty,
            env={
                **inherited,
                "PORT": "0",
                "PYTHONPATH": str(ROOT),
                "HOLIDAY_COUNTRY": "GB-ENG",
                **(env or {}),
            },
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        assert process.stderr is not None
        printed: list[str] = []
        try:
            for line in process.stderr:
                printed.append(line)
                if found := SERVING.search(line):
                    yield found.group(1), printed
                    break
            else:
                raise RuntimeError("the playground did not start:\n" + "".join(printed))
        finally:
            process.terminate()
            process.wait(timeout=30)


@contextmanager
def chromium(width: int = 1280, height: int = 900) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = next(p for name in CHROMIUM if (p := shutil.which(name)))
    with tempfile.TemporaryDirectory() as profile:
        for flag in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
        ):
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service(shutil.which(CHROMEDRIVER)))
        try:
            yield driver
        finally:
            driver.quit()


def by_css(driver: Any, selector: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def all_by_css(driver: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(driver.find_elements(By.CSS_SELECTOR, selector))


def press(driver: Any, element: Any) -> None:
    """Click something that posts the page, and wait until the next page has replaced it: a mark
    left on this page's window is gone once another document has loaded. (Asking whether the old
    page's element went stale can race the swap: the browser may answer that the element belongs
    to no document, an error rather than "stale".) Errors while the pages change are retried."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("window.endingsPressed = true")
    element.click()
    WebDriverWait(driver, 20, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script(
            "return window.endingsPressed === undefined && document.readyState === 'complete'"
        )
    )


def fill_step(driver: Any, answers: dict[str, Any]) -> None:
    """Type, pick and tick a step's answers into the modal, as a person would."""
    from selenium.webdriver.support.ui import Select

    for block_id, value in answers.items():
        found = all_by_css(driver, f'#modal .block.input[data-block-id="{block_id}"]')
        if not found:
            continue
        block = found[0]
        field = block.find_elements("css selector", "input, textarea, select")[0]
        kind = field.tag_name if field.tag_name != "input" else field.get_attribute("type")
        if kind in ("text", "textarea", "number"):
            field.clear()
            field.send_keys(str(value))
        elif kind in ("date", "time"):  # the browser's own picker: set as it would
            driver.execute_script("arguments[0].value = arguments[1]", field, str(value))
        elif kind == "select":
            Select(field).select_by_value(str(value))
        elif kind == "radio":
            block.find_element("css selector", f'input[value="{value}"]').click()
        elif kind == "checkbox":
            wanted = {str(v) for v in value}
            for box in block.find_elements("css selector", "input[type=checkbox]"):
                if (box.get_attribute("value") in wanted) != box.is_selected():
                    box.click()


def walk_flow(
    driver: Any, situation: SituationKey, client: str, on_screen: Callable[[str], None] | None = None
) -> list[str]:
    """/end-client, then every step with the situation's sample answers, to the plan; returns the
    callback ids of the modals seen, in order. `on_screen` sees each modal as it opens, filled."""
    by_css(driver, "#command").send_keys(client)
    press(driver, by_css(driver, "#run-command"))
    seen: list[str] = []
    for _ in range(12):
        modals = all_by_css(driver, "#modal")
        if not modals:
            break
        callback = modals[0].get_attribute("data-callback")
        seen.append(callback)
        step = CALLBACK_STEPS.get(callback)
        if step is None:  # the closing screen: nothing to submit
            break
        fill_step(driver, answers_for(situation, step))
        if on_screen is not None:
            on_screen(callback)
        press(driver, by_css(driver, "#modal-submit"))
    return seen


def read_step(driver: Any, block_ids: list[str]) -> dict[str, Any]:
    """What the modal shows in each input, read back as `fill_step` takes it (checkboxes: a list)."""
    shown: dict[str, Any] = {}
    for block_id in block_ids:
        block = by_css(driver, f'#modal .block.input[data-block-id="{block_id}"]')
        fields = block.find_elements("css selector", "input, textarea, select")
        kind = fields[0].tag_name if fields[0].tag_name != "input" else fields[0].get_attribute("type")
        if kind == "checkbox":
            shown[block_id] = [f.get_attribute("value") for f in fields if f.is_selected()]
        elif kind == "radio":
            shown[block_id] = next((f.get_attribute("value") for f in fields if f.is_selected()), None)
        else:
            shown[block_id] = fields[0].get_property("value")
    return shown


def error_under(driver: Any, block_id: str) -> str:
    found = all_by_css(driver, f'#modal .block.input[data-block-id="{block_id}"] .error')
    return str(found[0].text) if found else ""
