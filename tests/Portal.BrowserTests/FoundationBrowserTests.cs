using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class FoundationBrowserTests(BrowserPortal portal)
{
    [Fact]
    public async Task Buyer_signs_in_and_sees_the_company_name()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        await BrowserPortal.ScreenshotAsync(page, "login-desktop");

        await page.GetByLabel("E-mail").FillAsync(DemoPortal.Buyer);
        await page.GetByLabel("Password").FillAsync(DemoPortal.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/shop$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Malerbetrieb Kunz");
        await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync("Malerbetrieb Kunz");
        await BrowserPortal.ScreenshotAsync(page, "shop-start-desktop");
    }

    [Fact]
    public async Task Wrong_password_shows_an_error_and_stays_signed_out()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/account/login");

        await page.GetByLabel("E-mail").FillAsync(DemoPortal.Buyer);
        await page.GetByLabel("Password").FillAsync("Wrong-Password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The e-mail address or the password is not correct.");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await BrowserPortal.ScreenshotAsync(page, "login-error-desktop");
        await page.GotoAsync("/shop");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
    }

    [Fact]
    public async Task Customer_is_refused_a_staff_page()
    {
        var page = await portal.SignedInPageAsync(DemoPortal.Buyer);

        var response = await page.GotoAsync("/sales");

        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Access denied");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).Not.ToContainTextAsync("Inside sales");
    }

    [Fact]
    public async Task Language_switch_turns_the_page_german()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/account/login");

        await page.GetByRole(AriaRole.Button, new() { Name = "DE" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Anmelden");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await BrowserPortal.ScreenshotAsync(page, "login-german-desktop");
    }

    [Theory]
    [InlineData(DemoPortal.Buyer, "/shop", "Malerbetrieb Kunz", "shop-start")]
    [InlineData(DemoPortal.Sales, "/sales", "Escalations", "sales-queue")]
    [InlineData(DemoPortal.Sales, "/sales/customers", "Customers", "sales-customers")]
    [InlineData(DemoPortal.ProductManager, "/pm", "Products", "pm-products")]
    [InlineData(DemoPortal.Admin, "/admin", "Staff users", "admin-staff")]
    public async Task Start_pages_render_on_a_phone(string email, string path, string heading, string screenshot)
    {
        var page = await portal.SignedInPageAsync(email, BrowserPortal.Phone);

        await page.GotoAsync(path);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
        // Nothing may force the phone to scroll sideways: wide tables scroll inside their own box.
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, $"{path} is wider than the phone screen");
        await BrowserPortal.ScreenshotAsync(page, screenshot + "-phone");
        await page.SetViewportSizeAsync(BrowserPortal.Desktop.Width, BrowserPortal.Desktop.Height);
        await BrowserPortal.ScreenshotAsync(page, screenshot + "-desktop");
    }
}
