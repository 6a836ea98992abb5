using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// The newcomer's demo: the journeys have customers in them from the first start on.
[Collection(NewcomerBrowserCollection.Name)]
public sealed class CareJourneysBrowserTests(NewcomerBrowserPortal portal)
{
    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task Inside_sales_open_automated_care_from_the_navigation_and_see_who_is_in_which_step(string device)
    {
        var page = await portal.SignedInPageAsync(DemoPortal.Sales, device == "phone" ? BrowserPortal.Phone : BrowserPortal.Desktop);
        await page.GotoAsync("/sales");

        await page.GetByTestId("nav-care").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Automated care");
        await Expect(page.Locator("nav.tabs a[aria-current=page]")).ToHaveTextAsync("Journeys");
        var welcome = page.Locator("[data-testid=journeys] tbody tr").Filter(new() { HasText = "Welcome to self-service" });
        await Expect(welcome.GetByTestId("journey-state")).ToHaveTextAsync("On");
        await Expect(welcome.GetByTestId("entered")).Not.ToHaveTextAsync("0");
        await BrowserPortal.ScreenshotAsync(page, $"sales-care-journeys-{device}");

        await welcome.GetByRole(AriaRole.Link, new() { Name = "Welcome to self-service" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Welcome to self-service");
        await Expect(page.Locator("[data-testid=steps] > li")).ToHaveCountAsync(5);
        await Expect(page.Locator("[data-testid=members] tbody tr").First).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Days to wait")).ToHaveValueAsync("14");
        await BrowserPortal.ScreenshotAsync(page, $"sales-care-journey-{device}");
        Assert.Empty(BrowserPortal.CspViolationsOf(page));
    }
}
