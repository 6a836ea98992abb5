using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Reordering;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// The htmx flows work under the Content-Security-Policy every response carries (no inline script, style, handler or
/// eval allowed), and the browser reports no violation on the way.
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyBrowserTests(BrowserPortal portal)
{
    internal static void AssertNoViolations(IPage page)
    {
        var violations = BrowserPortal.CspViolationsOf(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task Buyer_adds_to_the_cart_with_htmx_and_orders_by_quick_order_under_the_policy()
    {
        var (_, _, email) = await portal.Factory.NewCompanyWithoutSignInAsync();
        var page = await portal.SignedInPageAsync(email);

        var shop = await page.GotoAsync("/shop/catalog");
        Assert.Contains("script-src 'self'", (await shop!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        await page.Locator("main a[href^='/shop/products/']").First.ClickAsync();
        await page.Locator(".pack-card").First.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(page.Locator("header #cart-count")).ToHaveTextAsync("1");

        await page.GotoAsync("/shop/quick-order");
        await page.GetByLabel("Paste from a spreadsheet").FillAsync($"{ShopDriver.WallPaint2L5}\t2\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(page.GetByTestId("quick-result")).ToContainTextAsync("1 line was added to your cart.");

        AssertNoViolations(page);
    }

    [Fact]
    public async Task The_sales_queue_count_loads_and_a_recompute_shows_its_result_without_a_reload_under_the_policy()
    {
        var sales = await portal.SignedInPageAsync(DemoPortal.Sales);
        // The count in the navigation comes by htmx on load (empty when nothing is open).
        var count = await sales.RunAndWaitForResponseAsync(() => sales.GotoAsync("/sales"), r => r.Url.Contains("/sales/escalations/count", StringComparison.Ordinal));
        Assert.Equal(200, count.Status);
        var open = await portal.Factory.WithDbAsync(db => db.Escalations.CountAsync(e => e.Status == Portal.Sales.EscalationStatus.Open));
        await Expect(sales.GetByTestId("escalation-count").First).ToHaveTextAsync(open == 0 ? "" : open.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AssertNoViolations(sales);

        var admin = await portal.SignedInPageAsync(DemoPortal.Admin);
        await admin.GotoAsync("/admin/segmentation");
        var last = await portal.Factory.WithDbAsync(db => db.SegmentationRuns.MaxAsync(r => (long?)r.Id)) ?? 0;
        await admin.GetByRole(AriaRole.Button, new() { Name = "Recompute now" }).ClickAsync();

        // The panel follows the run by itself: a new run appears, and it ends Completed, all without a reload.
        await Expect(admin.GetByTestId("run")).ToContainTextAsync($"Run {last + 1}", new() { Timeout = 30_000 });
        await Expect(admin.GetByTestId("run")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 30_000 });
        await Expect(admin.GetByTestId("run")).ToContainTextAsync("customers: A");
        await BrowserPortal.ScreenshotAsync(admin, "admin-recompute-done");
        AssertNoViolations(admin);
    }
}
