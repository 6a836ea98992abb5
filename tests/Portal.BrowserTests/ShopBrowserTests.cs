using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed partial class ShopBrowserTests(BrowserPortal portal)
{
    [Fact]
    public async Task Buyer_finds_a_small_pack_orders_it_on_account_and_sees_the_confirmation()
    {
        var page = await portal.SignedInPageAsync(DemoPortal.Buyer);

        // Search from the header, forgiving of case.
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search the catalog" }).FillAsync("MASKING tape 30");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Catalog");
        await BrowserPortal.ScreenshotAsync(page, "shop-catalog-search-desktop");
        await page.GetByRole(AriaRole.Link, new() { Name = "Masking tape 30 mm" }).ClickAsync();

        // The small pack: a single roll, next to the bigger packs with their price per roll.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Masking tape 30 mm");
        var singleRoll = page.Locator(".pack-card", new() { HasText = "Single roll" });
        await Expect(singleRoll.Locator(".badge-small")).ToHaveTextAsync("Small pack");
        await Expect(singleRoll.Locator(".pack-unit-price")).ToContainTextAsync("/ roll");
        await BrowserPortal.ScreenshotAsync(page, "shop-product-desktop");
        await singleRoll.GetByLabel("Quantity of Single roll", new() { Exact = true }).FillAsync("6");
        await singleRoll.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(singleRoll.Locator("[id^=add-status-]")).ToContainTextAsync("Added to your cart.");
        await Expect(page.Locator("header #cart-count")).Not.ToHaveTextAsync("0");

        // Change the quantity in the cart: the cart updates in place, the small-order rules in view.
        await page.GetByRole(AriaRole.Link, new() { Name = "View cart" }).ClickAsync();
        var line = page.Locator(".cart-line", new() { HasText = "Masking tape 30 mm" });
        await line.GetByLabel("Quantity").FillAsync("abc");
        await line.GetByLabel("Quantity").PressAsync("Tab");
        await Expect(line.Locator(".field-error")).ToContainTextAsync("whole number");
        await line.GetByLabel("Quantity").FillAsync("20");
        await line.GetByLabel("Quantity").PressAsync("Tab");
        await Expect(line.GetByLabel("Quantity")).ToHaveValueAsync("20");
        await Expect(line.Locator(".field-error")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("surcharge-note")).ToContainTextAsync("to avoid the small-order surcharge");
        await BrowserPortal.ScreenshotAsync(page, "shop-cart-desktop");

        await page.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Checkout");
        await page.GetByLabel("Your order reference (PO number)").FillAsync("KUNZ-0815");
        await page.GetByText("Small-quantity logistics").ClickAsync();
        await Expect(page.Locator("#checkout-summary")).ToContainTextAsync("€3.90");
        await BrowserPortal.ScreenshotAsync(page, "shop-checkout-desktop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(OrderPage());
        var number = OrderPage().Match(page.Url).Groups[1].Value;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(number);
        await Expect(page.Locator("header #cart-count")).ToHaveTextAsync("0");
        await BrowserPortal.ScreenshotAsync(page, "shop-order-placed-desktop");

        // The confirmation arrives on the SMTP server, and the order is in the history.
        // Other tests order as the same buyer on the same portal: this order's mail, not the buyer's first.
        var mail = await portal.WaitForSubjectAsync(DemoPortal.Buyer, $"Order {number} confirmed", $"Order {number} received");
        Assert.Contains("Masking tape 30 mm", mail);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Orders" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = number })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Shop_pages_fit_a_phone()
    {
        var page = await portal.SignedInPageAsync(DemoPortal.BuyerAdmin, BrowserPortal.Phone);

        foreach (var (path, name) in new[] { ("/shop/catalog", "shop-catalog"), ("/shop/catalog?q=wall%20paint", "shop-catalog-search") })
        {
            await page.GotoAsync(path);
            await AssertFitsAsync(page, path);
            await BrowserPortal.ScreenshotAsync(page, name + "-phone");
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Interior wall paint, white matt" }).ClickAsync();
        await AssertFitsAsync(page, "product");
        await BrowserPortal.ScreenshotAsync(page, "shop-product-phone");
        await page.GetByLabel("Quantity of Bucket 2.5 l", new() { Exact = true }).FillAsync("4");
        await page.Locator(".pack-card", new() { HasText = "Bucket 2.5 l" }).GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(page.Locator(".pack-card", new() { HasText = "Bucket 2.5 l" }).Locator("[id^=add-status-]")).ToContainTextAsync("Added");

        await page.GotoAsync("/shop/cart");
        await AssertFitsAsync(page, "cart");
        await BrowserPortal.ScreenshotAsync(page, "shop-cart-phone");
        await page.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();
        await AssertFitsAsync(page, "checkout");
        await BrowserPortal.ScreenshotAsync(page, "shop-checkout-phone");
    }

    private static async Task AssertFitsAsync(IPage page, string what)
    {
        var overflow = await page.EvaluateAsync<string?>(@"() => {
            if (document.documentElement.scrollWidth <= window.innerWidth + 1) return null;
            const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1);
            return wide.slice(0, 5).map(e => e.tagName + '.' + e.className).join(', ');
        }");
        if (overflow is not null)
        {
            await BrowserPortal.ScreenshotAsync(page, "overflow-" + what.Replace('/', '-'));
        }

        Assert.True(overflow is null, $"{what} is wider than the phone screen: {overflow}");
    }

    [GeneratedRegex(@"/shop/orders/(\d{4}-\d{6})\?placed=1$")]
    private static partial Regex OrderPage();
}
