using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class AccountMailBrowserTests(BrowserPortal portal)
{
    [Fact]
    public async Task A_buyer_resets_a_forgotten_password_through_the_mailed_link_which_then_works_no_more()
    {
        var email = TestAccounts.Unique("reset");
        var kunz = await portal.Factory.CustomerIdAsync("10001");
        await portal.Factory.CreateUserAsync(email, kunz, displayName: "Rita Reset");
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/account/login");

        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reset link" }).ClickAsync();
        await BrowserPortal.ScreenshotAsync(page, "forgot-password-sent-desktop");

        var mail = await portal.Factory.Smtp.WaitForMessageToAsync(email);
        var link = MailContent.LinkIn(mail, "/account/reset-password");
        await page.GotoAsync(link);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("Brand-New-2026");
        await page.GetByLabel("Repeat new password").FillAsync("Brand-New-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();

        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("Brand-New-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Malerbetrieb Kunz");

        // The same link a second time is refused.
        var again = await portal.NewPageAsync();
        await again.GotoAsync(link);
        await Expect(again.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Expect(again.GetByRole(AriaRole.Button, new() { Name = "Set new password" })).ToHaveCountAsync(0);
        await BrowserPortal.ScreenshotAsync(again, "reset-link-used-desktop");
    }

    [Fact]
    public async Task A_company_admin_invites_a_colleague_who_joins_the_same_company_through_the_mailed_link()
    {
        var invited = TestAccounts.Unique("colleague");
        var admin = await portal.SignedInPageAsync(DemoPortal.BuyerAdmin);

        await admin.GetByRole(AriaRole.Link, new() { Name = "Team" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Team");
        await admin.GetByLabel("E-mail").FillAsync(invited);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Cell, new() { Name = invited, Exact = true })).ToBeVisibleAsync();
        await BrowserPortal.ScreenshotAsync(admin, "team-invited-desktop");

        var mail = await portal.Factory.Smtp.WaitForMessageToAsync(invited);
        Assert.Contains("Malerbetrieb Kunz", mail.Subject);
        var colleague = await portal.NewPageAsync(BrowserPortal.Phone);
        await colleague.GotoAsync(MailContent.LinkIn(mail, "/account/accept-invitation"));
        await colleague.GetByLabel("Your name").FillAsync("Conny Kollegin");
        await colleague.GetByLabel("Password", new() { Exact = true }).FillAsync("Colleague-2026");
        await colleague.GetByLabel("Repeat password").FillAsync("Colleague-2026");
        await BrowserPortal.ScreenshotAsync(colleague, "accept-invitation-phone");
        await colleague.GetByRole(AriaRole.Button, new() { Name = "Accept invitation" }).ClickAsync();

        await BrowserPortal.ArrivesAtAsync(colleague, url => url.Contains("/shop", StringComparison.Ordinal), "accepting the invitation");
        await Expect(colleague.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Malerbetrieb Kunz");
    }
}
