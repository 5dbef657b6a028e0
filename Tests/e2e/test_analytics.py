"""The Analytics page: KPI cards equal the API's numbers, the charts are drawn, numbers open chats.

Signs in through oidc-provider-mock with the console journey's helpers; screenshots are saved as
output/analytics-*.png.
"""

from __future__ import annotations

import requests
from playwright.sync_api import Browser, expect

from conftest import Switchboard
from test_console_journey import ROLE_CLAIM, provider, provider_user, sign_in  # noqa: F401 (provider is a fixture)


def start_conversation(switchboard: Switchboard) -> str:
    response = requests.post(
        f"{switchboard.base_url}/widget/v1/conversations",
        json={"widgetKey": switchboard.widget_key, "pageUrl": f"{switchboard.host_origin}/analytics"},
        headers={"Origin": switchboard.host_origin},
        timeout=15,
    )
    assert response.status_code < 400, response.text
    return response.json()["conversationId"]


def test_analytics_shows_the_apis_numbers_and_draws_the_charts(
    switchboard: Switchboard, provider: str, browser: Browser, output_dir  # noqa: F811
) -> None:
    started = [start_conversation(switchboard) for _ in range(3)]
    # One answer flagged wrong: it waits in "Needs correction" until the fix is checked off.
    switchboard.agent("PUT", f"/conversations/{started[0]}/qa", {"flaggedIncorrect": True, "correctionNote": "Wrong fee"})
    provider_user(provider, "ana-1", name="Ana Lytics", email="ana@e2e.example", **{ROLE_CLAIM: "agent"})
    context, console = sign_in(browser, switchboard, "ana-1")
    errors: list[str] = []
    console.on("pageerror", lambda error: errors.append(str(error)))

    # Tall enough for the whole page in one screenshot (the console scrolls inside its main area).
    console.set_viewport_size({"width": 1440, "height": 2400})
    console.get_by_test_id("nav-analytics").click()
    expect(console.get_by_test_id("analytics-kpis")).to_be_visible(timeout=15_000)
    report = switchboard.agent("GET", "/analytics").json()
    kpis = {k["metric"]: k for k in report["kpis"]}
    assert kpis["total"]["value"] >= len(started)

    # Every card shows the API's value.
    for metric in ("active", "resolved", "followup", "review", "total", "ai_not_sure"):
        expect(console.get_by_test_id(f"kpi-{metric}-value")).to_have_text(str(round(kpis[metric]["value"])))
    for metric in ("ai_accuracy", "contact_capture", "avg_messages"):
        value = kpis[metric].get("value")
        shown = console.get_by_test_id(f"kpi-{metric}-value").get_attribute("data-value")
        assert (shown == "" and value is None) or abs(float(shown) - value) < 1e-9, (metric, shown, value)

    # The charts: SVG with axis labels, a legend and hover titles.
    daily = console.get_by_test_id("chart-daily")
    expect(daily).to_be_visible()
    assert daily.locator("text.x-label").count() >= 5
    assert daily.locator("text.y-label").count() >= 2
    assert daily.locator("rect title").count() >= 1
    assert "AI-resolved" in console.locator(".chart-legend").first.inner_text()
    heat = console.get_by_test_id("chart-busiest-hours")
    assert heat.locator("rect").count() >= 7 * 24
    assert heat.locator("text.y-label").all_text_contents()[:2] == ["Mon", "Tue"]
    expect(console.get_by_test_id("chart-split")).to_be_visible()
    console.screenshot(path=output_dir / "analytics-dashboard.png", full_page=True)

    # Clicking a number shows the chats behind it; each opens its transcript.
    console.get_by_test_id("kpi-total-value").click()
    drill = console.get_by_test_id("analytics-drilldown")
    expect(drill).to_be_visible()
    links = drill.get_by_test_id("analytics-transcript-link")
    expect(links.first).to_be_visible()
    hrefs = [links.nth(i).get_attribute("href").lower() for i in range(links.count())]
    for conversation_id in started:
        assert f"#/conversations/{conversation_id.lower()}" in hrefs
    console.screenshot(path=output_dir / "analytics-drilldown.png", full_page=True)

    # A 7-day range reloads the same numbers from the API for that range.
    console.get_by_test_id("analytics-range-7").click()
    expect(console.get_by_test_id("analytics-range-7")).to_have_attribute("aria-pressed", "true")
    week = switchboard.agent("GET", f"/analytics?from={console.get_by_test_id('analytics-from').input_value()}&to={console.get_by_test_id('analytics-to').input_value()}").json()
    week_total = next(k for k in week["kpis"] if k["metric"] == "total")["value"]
    expect(console.get_by_test_id("kpi-total-value")).to_have_text(str(round(week_total)))
    assert console.get_by_test_id("chart-daily").locator("text.x-label").count() == 7
    console.screenshot(path=output_dir / "analytics-7-days.png", full_page=True)

    # "KB fixed" checks the flagged chat off and it leaves the list.
    corrections = console.get_by_test_id("analytics-needs-correction")
    expect(corrections.locator(f'a[href="#/conversations/{started[0]}" i]')).to_be_visible()
    corrections.locator("tr", has=console.locator(f'a[href="#/conversations/{started[0]}" i]')).get_by_test_id("analytics-correction-fixed").click()
    expect(console.get_by_test_id("analytics-needs-correction").locator(f'a[href="#/conversations/{started[0]}" i]')).to_have_count(0)

    links.first.click()
    console.wait_for_url("**#/conversations/**")
    assert errors == []
    context.close()
