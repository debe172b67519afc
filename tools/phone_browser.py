"""A phone-sized headless Chromium (Debian's `chromium` + `chromium-driver`, driven by Selenium)
for the judge page: the browser test, the judge page screenshots and the user guide use it."""

from __future__ import annotations

import shutil

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def available() -> bool:
    """Whether Chromium, its driver and Selenium are installed."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return False
    return bool(shutil.which(CHROMIUM) and shutil.which(DRIVER))


def phone_browser():
    """Headless Chromium emulating a 390×844 Android phone, Chinese locale."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage", "--lang=zh-CN"):
        options.add_argument(flag)
    options.add_experimental_option("mobileEmulation", {
        "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2},
        "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126 Mobile Safari/537.36",
    })
    return webdriver.Chrome(service=Service(DRIVER), options=options)
