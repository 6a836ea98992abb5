using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// The economics cockpit on the demo exactly as a newcomer's first start seeds it: the staff see that small
/// customers order more and more without being touched, and what that saves.
[Collection(NewcomerBrowserCollection.Name)]
public sealed class InsightsBrowserTests(NewcomerBrowserPortal portal)
{
    [Fact]
    public async Task An_admin_opens_the_cockpit_from_the_navigation_and_reads_the_small_customers_trend_on_desktop_and_phone()
    {
        var page = await portal.SignedInPageAsync(DemoPortal.Admin);
        await page.GotoAsync("/admin");

        await page.GetByTestId("nav-insights").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Is the handling effort falling?");
        await Expect(page.Locator("[data-testid=months] tbody tr")).ToHaveCountAsync(12);
        await Expect(page.GetByTestId("touchless-latest")).ToContainTextAsync("%");
        // The story the demo tells (the cockpit opens on class C, newest month first): the small customers' touchless
        // rate rises over the year: last month's against the oldest month's.
        await Expect(page.GetByTestId("class-filter").GetByRole(AriaRole.Link, new() { Name = "Class C" })).ToHaveAttributeAsync("aria-current", "page");
        // The current month has only begun (it may have no orders yet): the finished months tell the trend.
        var texts = (await page.Locator("[data-testid=months] tbody tr [data-testid=rate]").AllTextContentsAsync()).Skip(1).ToList();
        var rates = texts.Select(r => double.TryParse(new string(r.Where(ch => char.IsDigit(ch) || ch == '.').ToArray()), System.Globalization.CultureInfo.InvariantCulture, out var rate) ? rate : -1).ToList();
        Assert.DoesNotContain(-1, rates.Select(r => (int)r));
        Assert.True(rates[0] > rates[^1] + 15, $"touchless rates of the C customers per month, newest first: {string.Join(" | ", texts)}");
        await Expect(page.GetByTestId("adoption")).ToContainTextAsync("%");
        // Chart.js (vendored) draws the charts over the server's SVG, under the strict Content-Security-Policy.
        await Expect(page.Locator("[data-testid=figure-touchless][data-drawn] canvas")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=figure-pareto][data-drawn] canvas")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=figure-channels][data-drawn] canvas")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("chart-touchless")).ToBeHiddenAsync();
        Assert.Empty(BrowserPortal.CspViolationsOf(page));
        // The demo's year of month-end runs: last month's classes against today's, every customer classified before.
        await Expect(page.Locator("[data-testid=migration] tbody tr").First).ToHaveAttributeAsync("data-from", new System.Text.RegularExpressions.Regex("^[ABC]$"));
        await BrowserPortal.ScreenshotAsync(page, "insights-desktop");

        await page.GetByTestId("period-filter").GetByRole(AriaRole.Link, new() { Name = "24 months" }).ClickAsync();
        await Expect(page.Locator("[data-testid=months] tbody tr")).ToHaveCountAsync(24);

        await page.SetViewportSizeAsync(BrowserPortal.Phone.Width, BrowserPortal.Phone.Height);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{widths[0]} px wide on a {widths[1]} px phone");
        await BrowserPortal.ScreenshotAsync(page, "insights-phone");

        await page.Locator(".language-switch").GetByRole(AriaRole.Button, new() { Name = "DE", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sinkt der Bearbeitungsaufwand?");
        await BrowserPortal.ScreenshotAsync(page, "insights-german-phone");
        Assert.Empty(BrowserPortal.CspViolationsOf(page));
    }

    [Fact]
    public async Task On_the_first_start_the_segments_have_customers_and_the_360_view_shows_cost_to_serve_and_contribution()
    {
        var page = await portal.SignedInPageAsync(DemoPortal.Sales);

        await page.GotoAsync("/sales/segments");

        foreach (var segment in new[] { "A", "B", "C" })
        {
            var count = await page.Locator($"[data-testid=by-class] tr[data-class={segment}] td.num").First.TextContentAsync();
            Assert.True(int.Parse(count!.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture) > 0, $"class {segment}: {count}");
        }

        await page.GotoAsync("/sales/customers/10001");
        await Expect(page.Locator("[data-figure=cost-to-serve]")).ToContainTextAsync("€");
        await Expect(page.Locator("[data-figure=contribution]")).ToContainTextAsync("€");
        await Expect(page.GetByTestId("class-history")).ToBeVisibleAsync();
        await BrowserPortal.ScreenshotAsync(page, "newcomer-customer-360-desktop");
        await page.SetViewportSizeAsync(BrowserPortal.Phone.Width, BrowserPortal.Phone.Height);
        await BrowserPortal.ScreenshotAsync(page, "newcomer-customer-360-phone");
    }
}
