using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// The economics cockpit on a fresh demo: the staff see that small customers order more and more without being
/// touched, and what that saves.
[Collection(BrowserCollection.Name)]
public sealed class InsightsBrowserTests(BrowserPortal portal)
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
        await Expect(page.GetByTestId("adoption")).ToContainTextAsync("%");
        // Chart.js (vendored) draws the charts over the server's SVG, under the strict Content-Security-Policy.
        await Expect(page.Locator("[data-testid=figure-touchless][data-drawn] canvas")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=figure-pareto][data-drawn] canvas")).ToBeVisibleAsync();
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
}
