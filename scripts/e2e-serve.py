"""The browser half of scripts/e2e-serve: Playwright (sync API) driving Debian's chromium against a running
`readiness serve`. Every request leaving loopback is aborted and counted as a failure."""
import os
import sys
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright, expect

BASE = os.environ["E2E_BASE"]
OUT = os.environ["E2E_OUT"]
COUNTRY = "KEN"
QUESTION = "G.ai_strategy"
EVIDENCE = "National AI Strategy 2025-2030, Ministry of ICT <b>not bold</b>"
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, file=sys.stderr)
    if not condition:
        failures.append(what)


def sign_in(page, name, password):
    page.goto(BASE + "/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]:has-text('Sign in')")
    check(f"Signed in as {name}" in page.content().replace("<strong>", "").replace("</strong>", ""), f"{name} is signed in")


def sign_out(page):
    # The static pages (profile, report) have no site menu: the sign-out page has the form.
    page.goto(BASE + "/logout")
    page.click("main button:has-text('Sign out')")
    check(page.url.startswith(BASE + "/login"), "signing out leads to the sign-in page")


with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path=os.environ["E2E_BROWSER"], headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
              "--proxy-server=127.0.0.1:9"])
    context = browser.new_context()
    external = []

    def route(route):
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost", "::1"):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    console = []
    # The deliberate wrong password answers 401, which Chromium logs; any other message (a CSP violation
    # above all: "Refused to apply inline style …") fails the test.
    page.on("console", lambda message: None if "status of 401" in message.text else console.append(message.text))

    # Signed out, a workspace's pages lead to the sign-in page.
    response = page.goto(BASE + "/")
    check(page.url.startswith(BASE + "/login"), "anonymous reading is off: / leads to the sign-in page")
    csp = response.headers.get("content-security-policy", "") if response else ""
    check("default-src 'none'" in csp, "the sign-in page sends the Content-Security-Policy")

    # A wrong password is refused with a message.
    page.fill("input[name=username]", "cora")
    page.fill("input[name=password]", "not the password")
    page.click("button[type=submit]:has-text('Sign in')")
    check("Wrong account name or password" in page.content(), "a wrong password is refused")

    # The contributor answers a question with evidence.
    sign_in(page, "cora", os.environ["E2E_CONTRIBUTOR_PASSWORD"])
    page.goto(f"{BASE}/dossier/{COUNTRY}")
    check(page.locator(f"article[id='q-{QUESTION}']").count() == 1, "the dossier page lists the question")
    page.click(f"a[href='/dossier/{COUNTRY}/questions/{QUESTION}']")
    page.check("input[name=answer][value=adopted]")
    page.select_option("select[name=evidence_type]", "policy")
    page.fill("input[name=evidence_citation]", EVIDENCE)
    page.fill("input[name=evidence_url]", "https://example.org/ai-strategy")
    page.fill("input[name=evidence_date]", "2025-03-01")
    page.click("button:has-text('Save answer')")
    check(page.url.startswith(f"{BASE}/dossier/{COUNTRY}"), "saving returns to the dossier")
    html = page.content()
    check(EVIDENCE.replace("<", "&lt;").replace(">", "&gt;") in html, "the evidence is shown, as text")
    check("<b>not bold</b>" not in html, "the evidence's markup stays inert")
    page.screenshot(path=os.path.join(OUT, "1-answered.png"), full_page=False)
    sign_out(page)

    # The reviewer validates it.
    sign_in(page, "rui", os.environ["E2E_REVIEWER_PASSWORD"])
    page.goto(f"{BASE}/dossier/{COUNTRY}")
    form = page.locator(f"form[action='/dossier/{COUNTRY}/questions/{QUESTION}/review']")
    form.locator("select[name=status]").select_option("validated")
    form.locator("button").click()
    html = page.content()
    article = page.locator(f"article[id='q-{QUESTION}']")
    text = article.inner_text()
    check("status validated" in text, "the dossier shows the answer validated")
    check("reviewer rui" in text, "the dossier names the reviewer")
    check("Audit trail (2 change(s))" in text, "the audit trail has both changes")
    rows = article.locator("details.audit tbody tr")
    check(rows.count() == 2, "two rows in the audit trail")
    if rows.count() == 2:
        check("cora" in rows.nth(0).inner_text() and "rui" in rows.nth(1).inner_text(), "the audit trail names who")
        check("draft" in rows.nth(1).inner_text() and "validated" in rows.nth(1).inner_text(),
              "the audit trail shows the old and the new value")
    page.screenshot(path=os.path.join(OUT, "2-validated.png"), full_page=False)

    # The profile and the RAM report show it.
    page.goto(f"{BASE}/countries/{COUNTRY}")
    check("status validated" in page.inner_text("body"), "the profile shows the validated dossier")
    page.goto(f"{BASE}/dossier/{COUNTRY}/report")
    body = page.inner_text("body")
    check("adopted" in body.lower() and "validated" in body.lower(), "the RAM report shows the validated answer")
    check(EVIDENCE in body, "the RAM report cites the evidence")
    sign_out(page)

    check(not external, "no request left loopback" + (f" ({external[:3]})" if external else ""))
    check(not console, "no console messages" + (f" ({console[:3]})" if console else ""))
    browser.close()

if failures:
    print(f"e2e-serve: FAIL: {len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("e2e-serve: all checks passed", file=sys.stderr)
