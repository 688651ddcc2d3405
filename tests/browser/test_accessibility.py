import pytest

from tests.browser.conftest import axe_violations, new_context, watch_policy_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/parents/",
        "/professionnels/",
        "/accessibilite/",
        "/administration/connexion/",
        "/administration/mot-de-passe/oublie/",
    ],
)
def test_public_pages_have_no_serious_accessibility_violation(page, url):
    page.goto(url)
    assert page.locator("header.fr-header").is_visible()
    assert axe_violations(page) == []


def test_login_errors_are_announced_next_to_the_field(page):
    page.goto("/administration/connexion/")
    page.get_by_label("Adresse électronique").fill("inconnu@example.org")
    page.get_by_label("Mot de passe").fill("mauvais")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_text("Adresse électronique ou mot de passe incorrect.").is_visible()
    assert page.get_by_label("Adresse électronique").input_value() == "inconnu@example.org"
    assert axe_violations(page) == []


def test_the_accessibility_check_does_report_a_violation(page):
    """Guards the guard: an image without text alternative must be reported."""
    page.goto("/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')"
    )
    assert [v["id"] for v in axe_violations(page)] == ["image-alt"]


def test_an_injected_inline_script_does_not_run(browser, live_server):
    """Guards the policy and its watch: a script slipped into the page (an XSS) is refused."""
    context = new_context(browser, live_server)
    page = context.new_page()
    violations = watch_policy_violations(page)
    page.goto("/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
        }"""
    )
    assert page.evaluate("window.injected") is None
    context.close()
    assert any("script-src 'self'" in violation for violation in violations)
