using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed partial class ProductManagementBrowserTests(BrowserPortal portal)
{
    private const string Sku = "P900-PEN";

    [Fact]
    public async Task Product_manager_adds_a_small_pack_to_the_small_customer_catalog_with_a_price_and_only_the_small_customer_orders_it()
    {
        var pm = await portal.SignedInPageAsync(DemoPortal.ProductManager);

        // A new product with a new small pack size (ids in selectors: the manager's UI may be German).
        await pm.GotoAsync(portal.BaseUrl + "/pm/products");
        await pm.Locator("#Input_Name").FillAsync("Touch-up paint pen, white");
        await pm.Locator("#Input_CategoryId").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await pm.Locator("#Input_BaseUnit").FillAsync("piece");
        await pm.Locator("#Input_TaxPercent").FillAsync("19");
        await BrowserPortal.ScreenshotAsync(pm, "pm-product-new-desktop");
        await pm.Locator("[data-testid='product-form'] button[type='submit']").ClickAsync();
        await Expect(pm.Locator("h1")).ToHaveTextAsync("Touch-up paint pen, white");
        await pm.Locator("a[href^='/pm/packs?product=']").ClickAsync();
        await pm.Locator("#Input_Sku").FillAsync(Sku);
        await pm.Locator("#Input_Name").FillAsync("Pen 10 ml");
        await pm.Locator("#Input_UnitsPerPack").FillAsync("1");
        await pm.Locator("#Input_Gtin").FillAsync("4006381333931");
        await pm.Locator("#Input_IsSmallPack").CheckAsync();
        await pm.Locator("[data-testid='pack-form'] button[type='submit']").ClickAsync();
        await Expect(pm.Locator("[data-testid='audit-history']")).ToContainTextAsync(Sku);
        await BrowserPortal.ScreenshotAsync(pm, "pm-pack-created-desktop");

        // Into the small-customer catalog …
        await pm.GotoAsync(portal.BaseUrl + "/pm/catalogs");
        await BrowserPortal.ScreenshotAsync(pm, "pm-catalogs-desktop");
        await pm.Locator("tr[data-code='SMALL'] a").ClickAsync();
        await pm.Locator("#add-sku").FillAsync(Sku);
        await pm.Locator("[data-testid='add-item'] button[type='submit']").ClickAsync();
        await Expect(pm.Locator(".alert-success")).ToContainTextAsync("Touch-up paint pen");
        await Expect(pm.Locator("[data-testid='audit-history']")).ToContainTextAsync(Sku);
        await BrowserPortal.ScreenshotAsync(pm, "pm-catalog-edit-desktop");

        // … with a price in the small-customer list.
        await pm.GotoAsync(portal.BaseUrl + "/pm/prices");
        await pm.Locator("tr[data-code='SMALL'] a").ClickAsync();
        await pm.Locator("#sku").FillAsync(Sku);
        await pm.Locator("#price1").FillAsync("3");
        await pm.Locator("[data-testid='price-form'] button[type='submit']").ClickAsync();
        await Expect(pm.Locator("[data-testid='notice']")).ToBeVisibleAsync();
        await pm.Locator("#q").FillAsync(Sku);
        await pm.Locator("#q").PressAsync("Enter");
        await Expect(pm.Locator($"tr[data-sku='{Sku}']")).ToContainTextAsync("3");
        await BrowserPortal.ScreenshotAsync(pm, "pm-price-list-desktop");

        // The preview as Malerbetrieb Kunz shows it.
        await pm.GotoAsync(portal.BaseUrl + "/pm/catalogs");
        await pm.Locator("tr[data-code='SMALL'] a").ClickAsync();
        await pm.Locator("#preview-customer").FillAsync("10001");
        await pm.Locator("[data-testid='preview-form'] button").ClickAsync();
        await Expect(pm.Locator("[data-testid='preview']")).ToBeVisibleAsync();

        // The small customer's buyer finds it by its SKU and orders it.
        var kunz = await portal.SignedInPageAsync(DemoPortal.Buyer);
        await kunz.GotoAsync(portal.BaseUrl + "/shop/catalog?q=" + Sku);
        await kunz.GetByRole(AriaRole.Link, new() { Name = "Touch-up paint pen, white" }).ClickAsync();
        var pen = kunz.Locator(".pack-card", new() { HasText = "Pen 10 ml" });
        await Expect(pen.Locator(".badge-small")).ToBeVisibleAsync();
        await pen.GetByLabel("Quantity of Pen 10 ml", new() { Exact = true }).FillAsync("10");
        await pen.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(pen.Locator("[id^=add-status-]")).ToContainTextAsync("Added to your cart.");
        await BrowserPortal.ScreenshotAsync(kunz, "pm-new-pack-in-shop-desktop");
        await kunz.GotoAsync(portal.BaseUrl + "/shop/checkout");
        await kunz.GetByText("Small-quantity logistics").ClickAsync();
        await kunz.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(kunz).ToHaveURLAsync(new Regex("/shop/orders/\\d{4}-\\d{6}"));
        await Expect(kunz.Locator($"tr[data-sku='{Sku}']")).ToBeVisibleAsync();

        // A key account's buyer (another segment, another catalog) does not find it.
        var albrecht = await portal.SignedInPageAsync(DemoPortal.OtherBuyer);
        await albrecht.GotoAsync(portal.BaseUrl + "/shop/catalog?q=" + Sku);
        await Expect(albrecht.Locator("a.product-link")).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData("/pm", "pm-products")]
    [InlineData("/pm/catalogs", "pm-catalogs")]
    [InlineData("/pm/prices", "pm-price-lists")]
    [InlineData("/pm/offer-csv", "pm-offer-csv")]
    [InlineData("/pm/audit", "pm-audit")]
    [InlineData("/pm/products/1", "pm-product")]
    [InlineData("/pm/packs/1", "pm-pack")]
    [InlineData("/pm/catalogs/2", "pm-catalog")]
    [InlineData("/pm/catalogs/2/preview?customer=10001", "pm-preview")]
    [InlineData("/pm/prices/3", "pm-price-list")]
    public async Task Product_management_pages_render_on_desktop_and_phone(string path, string name)
    {
        foreach (var (viewport, suffix) in new[] { (BrowserPortal.Desktop, "desktop"), (BrowserPortal.Phone, "phone") })
        {
            var page = await portal.SignedInPageAsync(DemoPortal.ProductManager, viewport);
            await page.GotoAsync(portal.BaseUrl + path);
            await Expect(page.Locator("h1")).ToBeVisibleAsync();
            var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
            Assert.False(overflow, $"{path} scrolls sideways at {suffix} width");
            await BrowserPortal.ScreenshotAsync(page, $"{name}-{suffix}");
        }
    }
}
