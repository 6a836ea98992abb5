using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed partial class ModulesBrowserTests(BrowserPortal portal)
{
    [Fact]
    public async Task Buyer_orders_a_bundle_and_a_drop_shipped_roll_with_express_delivery()
    {
        var page = await portal.SignedInPageAsync(DemoPortal.Buyer);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Bundles" }).ClickAsync();
        var bundle = page.Locator("[data-bundle='SET-WALL']");
        await Expect(bundle).ToContainTextAsync("Starter set wall painting");
        await BrowserPortal.ScreenshotAsync(page, "modules-bundles-desktop");
        await bundle.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(page.Locator(".cart-bundle")).ToContainTextAsync("Starter set wall painting");

        await page.GotoAsync("/shop/catalog?q=covering%20fleece");
        await page.GetByRole(AriaRole.Link, new() { Name = "Covering fleece 1 × 25 m" }).ClickAsync();
        var roll = page.Locator(".pack-card", new() { HasText = "Single roll" });
        await roll.GetByLabel("Quantity of Single roll", new() { Exact = true }).FillAsync("2");
        await roll.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(roll.Locator("[id^=add-status-]")).ToContainTextAsync("Added to your cart.");

        await page.GotoAsync("/shop/checkout");
        await Expect(page.GetByTestId("drop-ship")).ToContainTextAsync("Drop-shipped by Klebetechnik Jäger, lead time 4 working days");
        await page.GetByText("Express delivery").ClickAsync();
        await Expect(page.Locator("#checkout-summary [data-testid='delivery']")).ToHaveTextAsync("€16.90");
        await Expect(page.Locator("#checkout-summary [data-testid='drop-ship-fee']")).ToHaveTextAsync("€4.90");
        await Expect(page.GetByTestId("free-delivery-missing")).ToHaveCountAsync(0);
        await BrowserPortal.ScreenshotAsync(page, "modules-checkout-desktop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(OrderPage());
        await Expect(page.Locator("tr.bundle-part")).ToHaveCountAsync(5);
        await Expect(page.GetByTestId("drop-ship")).ToContainTextAsync("Klebetechnik Jäger");
        await BrowserPortal.ScreenshotAsync(page, "modules-order-desktop");
        var number = OrderPage().Match(page.Url).Groups[1].Value;
        // Other tests mail the same buyer: wait for this order's confirmation.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        MimeKit.MimeMessage? mail = null;
        while (mail is null && DateTime.UtcNow < deadline)
        {
            mail = portal.Factory.Smtp.MessagesTo(DemoPortal.Buyer).FirstOrDefault(m => m.Subject?.Contains(number, StringComparison.Ordinal) == true);
            await Task.Delay(200);
        }

        Assert.NotNull(mail);
        Assert.Contains("Starter set wall painting", mail.TextBody);
        Assert.Contains("Drop-shipped by Klebetechnik Jäger", mail.TextBody);
    }

    [Fact]
    public async Task Checkout_with_modules_and_the_analysis_fit_a_phone()
    {
        var buyer = await portal.SignedInPageAsync(DemoPortal.BuyerAdmin, BrowserPortal.Phone);
        await buyer.GotoAsync("/shop/bundles");
        await buyer.Locator("[data-bundle='SET-WALL']").GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await buyer.GotoAsync("/shop/checkout");
        await Expect(buyer.Locator("#checkout-summary [data-bundle='SET-WALL']")).ToBeVisibleAsync();
        await AssertFitsAsync(buyer, "checkout");
        await BrowserPortal.ScreenshotAsync(buyer, "modules-checkout-phone");

        foreach (var (viewport, suffix) in new[] { (BrowserPortal.Desktop, "desktop"), (BrowserPortal.Phone, "phone") })
        {
            var pm = await portal.SignedInPageAsync(DemoPortal.ProductManager, viewport);
            await pm.GotoAsync("/pm/analysis?segment=C");
            await Expect(pm.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(new Regex("What small customers buy|Was Kleinkunden kaufen"));
            await Expect(pm.Locator("[data-testid=figure-products-revenue][data-drawn] canvas")).ToBeVisibleAsync();
            Assert.Empty(BrowserPortal.CspViolationsOf(pm));
            await AssertFitsAsync(pm, "analysis");
            await BrowserPortal.ScreenshotAsync(pm, "pm-analysis-" + suffix);
            await pm.GotoAsync("/pm/modules");
            await BrowserPortal.ScreenshotAsync(pm, "pm-modules-" + suffix);
        }
    }

    private static async Task AssertFitsAsync(IPage page, string what)
    {
        var overflow = await page.EvaluateAsync<string?>(@"() => {
            if (document.documentElement.scrollWidth <= window.innerWidth + 1) return null;
            const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1);
            return wide.slice(0, 5).map(e => e.tagName + '.' + e.className).join(', ');
        }");
        Assert.True(overflow is null, $"{what} is wider than the screen: {overflow}");
    }

    [GeneratedRegex(@"/shop/orders/(\d{4}-\d{6})\?placed=1$")]
    private static partial Regex OrderPage();
}
