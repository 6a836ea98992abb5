using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// A portal of its own: a campaign to every class-C contact mails the demo buyers the other browser tests count mails of.
[CollectionDefinition(Name)]
public sealed class CampaignBrowserCollection : ICollectionFixture<BrowserPortal>
{
    public const string Name = "browser, campaigns";
}

[Collection(CampaignBrowserCollection.Name)]
public sealed class CampaignBrowserTests(BrowserPortal portal)
{
    [Fact]
    public async Task A_clerk_creates_a_campaign_to_class_C_from_sales_care_and_sees_it_sent()
    {
        var clerk = await portal.SignedInPageAsync(DemoPortal.Sales);
        await clerk.GotoAsync("/sales/care");
        await clerk.GetByRole(AriaRole.Navigation, new() { Name = "Automated care" }).GetByRole(AriaRole.Link, new() { Name = "Campaigns" }).ClickAsync();
        await Expect(clerk.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Campaigns");
        // The demo's campaign, sent before the first start, with its clicks.
        await Expect(clerk.GetByTestId("campaigns").Locator("tbody tr")).Not.ToHaveCountAsync(0);
        await BrowserPortal.ScreenshotAsync(clerk, "sales-campaigns-desktop");
        await clerk.GetByRole(AriaRole.Link, new() { Name = "Spring refresh for {company}" }).ClickAsync();
        await Expect(clerk.GetByTestId("campaign-figures").GetByTestId("orders")).ToHaveTextAsync("1");
        await Expect(clerk.GetByTestId("attributed-orders").Locator("tbody tr")).ToHaveCountAsync(1);
        await clerk.GetByRole(AriaRole.Link, new() { Name = "Back to the campaigns" }).ClickAsync();

        await clerk.GetByRole(AriaRole.Link, new() { Name = "New campaign" }).ClickAsync();
        await Expect(clerk.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("New campaign");
        await clerk.GetByLabel("Subject", new() { Exact = true }).FillAsync("Browser offer for {company}");
        await clerk.GetByLabel("Class", new() { Exact = true }).SelectOptionAsync("C");
        // An unreadable date is refused and kept; without it the audience is every class-C contact.
        await clerk.GetByLabel("Has not ordered since").FillAsync("32.1.2020");
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Send now" }).ClickAsync();
        await Expect(clerk.Locator("[data-valmsg-for='Input.NotOrderedSince']")).ToHaveTextAsync("\"32.1.2020\" is not a date. Please write it like 31 Dec 2025.");
        await clerk.GetByLabel("Has not ordered since").FillAsync("");
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Show audience and preview" }).ClickAsync();
        await Expect(clerk.GetByTestId("audience-count")).ToHaveTextAsync(new Regex(@"^[1-9]\d* contacts in [1-9]\d* companies$"));
        await Expect(clerk.GetByTestId("preview-subject")).ToHaveTextAsync(new Regex("^(Browser offer for|Neu für) "));
        await BrowserPortal.ScreenshotAsync(clerk, "sales-campaign-new-desktop");

        await clerk.GetByRole(AriaRole.Button, new() { Name = "Send now" }).ClickAsync();
        await BrowserPortal.ArrivesAtAsync(clerk, url => Regex.IsMatch(url, @"/sales/care/campaigns/\d+$"), "sending the campaign");
        await Expect(clerk.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Browser offer for {company}");
        // The page refreshes its figures while the senders work.
        await Expect(clerk.GetByTestId("campaign-figures")).ToHaveAttributeAsync("data-status", "Sent", new() { Timeout = 30_000 });
        var recipients = int.Parse(await clerk.GetByTestId("campaign-figures").GetByTestId("recipients").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(recipients > 0, "the campaign had recipients");
        // The recipient list is fixed when sending starts; it shows on the next visit.
        await clerk.ReloadAsync();
        await Expect(clerk.GetByTestId("recipient-list").Locator("tbody tr")).Not.ToHaveCountAsync(0);
        await BrowserPortal.ScreenshotAsync(clerk, "sales-campaign-sent-desktop");

        var phone = await portal.SignedInPageAsync(DemoPortal.Sales, BrowserPortal.Phone);
        await phone.GotoAsync(clerk.Url);
        await Expect(phone.GetByTestId("campaign-figures")).ToHaveAttributeAsync("data-status", "Sent");
        await BrowserPortal.ScreenshotAsync(phone, "sales-campaign-sent-phone");
        // In German on the phone.
        await phone.Context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = "c=de|uic=de", Url = portal.BaseUrl }]);
        await phone.GotoAsync("/sales/care/campaigns/new");
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Neue Kampagne");
        await BrowserPortal.ScreenshotAsync(phone, "sales-campaign-new-phone-de");
        await phone.GotoAsync(clerk.Url);
        await Expect(phone.GetByTestId("campaign-figures").GetByTestId("status")).ToHaveTextAsync("Gesendet");
        await BrowserPortal.ScreenshotAsync(phone, "sales-campaign-sent-phone-de");
        Assert.Empty(BrowserPortal.CspViolationsOf(clerk));
        Assert.Empty(BrowserPortal.CspViolationsOf(phone));
    }
}
