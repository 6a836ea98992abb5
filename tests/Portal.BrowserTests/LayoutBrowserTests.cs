using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// Walks the pages of each area on a phone (390 px) and on a desktop: no page may make the phone scroll sideways,
/// every navigation link must be on screen, and every staff page must carry its area's navigation with the
/// current page marked, and the browser may report no Content-Security-Policy violation. Screenshots of every page go
/// to .test-run/screenshots (layout-*).
[Collection(BrowserCollection.Name)]
public sealed class LayoutBrowserTests(BrowserPortal portal)
{
    private static readonly string[] SalesNav = ["/sales", "/sales/tasks", "/sales/customers", "/sales/segments", "/sales/escalations/new"];
    private static readonly string[] PmNav = ["/pm", "/pm/catalogs", "/pm/prices", "/pm/offer-csv", "/pm/modules", "/pm/partners", "/pm/order-rules", "/pm/analysis", "/pm/audit"];
    private static readonly string[] AdminNav = ["/admin", "/admin/import", "/admin/segmentation", "/admin/outbox"];

    [Fact]
    public async Task Buyer_pages_fit_a_phone_and_the_main_navigation_is_all_on_screen()
    {
        var page = await portal.SignedInPageAsync(DemoPortal.BuyerAdmin, BrowserPortal.Phone);
        var problems = new List<string>();

        await CheckAsync(page, "/shop", "shop-start", null, null, problems);
        await CheckAsync(page, "/shop/catalog", "shop-catalog", null, null, problems);
        var product = await FirstHrefAsync(page, "main a[href^='/shop/products/']");
        await CheckAsync(page, product, "shop-product", null, null, problems);
        // Something in the cart for the cart and checkout pages; taken out again at the end.
        await page.Locator(".pack-card").First.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(page.Locator("header #cart-count")).Not.ToHaveTextAsync("0");
        await CheckAsync(page, "/shop/cart", "shop-cart", null, null, problems);
        await CheckAsync(page, "/shop/checkout", "shop-checkout", null, null, problems);
        await CheckAsync(page, "/shop/bundles", "shop-bundles", null, null, problems);
        await CheckAsync(page, "/shop/orders", "shop-orders", null, null, problems);
        await CheckAsync(page, await FirstHrefAsync(page, "main a[href^='/shop/orders/']"), "shop-order", null, null, problems);
        await CheckAsync(page, "/shop/reorder-lists", "shop-reorder-lists", null, null, problems);
        await CheckAsync(page, "/shop/reorder-lists/frequent", "shop-frequent", null, null, problems);
        await CheckAsync(page, "/shop/quick-order", "shop-quick-order", null, null, problems);
        await CheckAsync(page, "/shop/team", "shop-team", null, null, problems);
        await GermanAsync(page);
        await CheckAsync(page, "/shop/cart", "shop-cart-german", null, null, problems);
        await CheckAsync(page, "/shop/quick-order", "shop-quick-order-german", null, null, problems);

        await page.GotoAsync("/shop/cart");
        for (var lines = await page.Locator(".cart-line-remove button").CountAsync(); lines > 0; lines--)
        {
            await page.Locator(".cart-line-remove button").First.ClickAsync();
            await Expect(page.Locator(".cart-line-remove button")).ToHaveCountAsync(lines - 1);
        }

        problems.AddRange(BrowserPortal.CspViolationsOf(page));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Inside_sales_pages_fit_a_phone_and_carry_the_sales_navigation()
    {
        var page = await portal.SignedInPageAsync(DemoPortal.Sales, BrowserPortal.Phone);
        var problems = new List<string>();

        await CheckAsync(page, "/sales", "sales-queue", SalesNav, "/sales", problems);
        // The queue may be empty when this runs; an escalation of its own would change what other tests count.
        if (await page.Locator("main table a[href^='/sales/escalations/']").CountAsync() > 0)
        {
            var escalation = await FirstHrefAsync(page, "main table a[href^='/sales/escalations/']");
            await CheckAsync(page, escalation, "sales-escalation", SalesNav, "/sales", problems);
        }

        await CheckAsync(page, "/sales/escalations/new", "sales-escalation-new", SalesNav, "/sales/escalations/new", problems);
        await CheckAsync(page, "/sales/tasks", "sales-tasks", SalesNav, "/sales/tasks", problems);
        await CheckAsync(page, "/sales/customers", "sales-customers", SalesNav, "/sales/customers", problems);
        await CheckAsync(page, "/sales/customers/10001", "sales-customer-360", SalesNav, "/sales/customers", problems);
        var order = await FirstHrefAsync(page, "main a[href^='/sales/orders/']");
        await CheckAsync(page, "/sales/customers/10001/order", "sales-order-on-behalf", SalesNav, "/sales/customers", problems);
        await CheckAsync(page, order, "sales-order", SalesNav, "/sales/customers", problems);
        await CheckAsync(page, "/sales/segments", "sales-segments", SalesNav, "/sales/segments", problems);
        await CheckAsync(page, "/sales/segments/10001", "sales-segment-customer", SalesNav, "/sales/segments", problems);
        await GermanAsync(page);
        await CheckAsync(page, "/sales/customers/10001", "sales-customer-360-german", SalesNav, "/sales/customers", problems);

        problems.AddRange(BrowserPortal.CspViolationsOf(page));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Product_management_pages_fit_a_phone_and_each_reaches_every_other()
    {
        var page = await portal.SignedInPageAsync(DemoPortal.ProductManager, BrowserPortal.Phone);
        var problems = new List<string>();

        await CheckAsync(page, "/pm", "pm-products", PmNav, "/pm", problems);
        await CheckAsync(page, await FirstHrefAsync(page, "main a[href^='/pm/products/']"), "pm-product", PmNav, "/pm", problems);
        await CheckAsync(page, "/pm/catalogs", "pm-catalogs", PmNav, "/pm/catalogs", problems);
        await CheckAsync(page, await FirstHrefAsync(page, "main a[href^='/pm/catalogs/']"), "pm-catalog", PmNav, "/pm/catalogs", problems);
        await CheckAsync(page, "/pm/prices", "pm-prices", PmNav, "/pm/prices", problems);
        await CheckAsync(page, await FirstHrefAsync(page, "main a[href^='/pm/prices/']"), "pm-price-list", PmNav, "/pm/prices", problems);
        await CheckAsync(page, "/pm/offer-csv", "pm-offer-csv", PmNav, "/pm/offer-csv", problems);
        await CheckAsync(page, "/pm/modules", "pm-modules", PmNav, "/pm/modules", problems);
        await CheckAsync(page, await FirstHrefAsync(page, "main a[href^='/pm/modules/edit/']"), "pm-module", PmNav, "/pm/modules", problems);
        await CheckAsync(page, "/pm/partners", "pm-partners", PmNav, "/pm/partners", problems);
        await CheckAsync(page, "/pm/order-rules", "pm-order-rules", PmNav, "/pm/order-rules", problems);
        await CheckAsync(page, "/pm/analysis", "pm-analysis", PmNav, "/pm/analysis", problems);
        await CheckAsync(page, "/pm/audit", "pm-audit", PmNav, "/pm/audit", problems);
        await GermanAsync(page);
        await CheckAsync(page, "/pm/modules", "pm-modules-german", PmNav, "/pm/modules", problems);
        await CheckAsync(page, "/pm/order-rules", "pm-order-rules-german", PmNav, "/pm/order-rules", problems);

        problems.AddRange(BrowserPortal.CspViolationsOf(page));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Administration_pages_fit_a_phone_and_carry_the_administration_navigation()
    {
        var page = await portal.SignedInPageAsync(DemoPortal.Admin, BrowserPortal.Phone);
        var problems = new List<string>();

        await CheckAsync(page, "/admin", "admin-staff", AdminNav, "/admin", problems);
        await CheckAsync(page, "/admin/import", "admin-import", AdminNav, "/admin/import", problems);
        await CheckAsync(page, "/admin/segmentation", "admin-segmentation", AdminNav, "/admin/segmentation", problems);
        await CheckAsync(page, "/admin/outbox", "admin-outbox", AdminNav, "/admin/outbox", problems);
        await GermanAsync(page);
        await CheckAsync(page, "/admin", "admin-staff-german", AdminNav, "/admin", problems);

        problems.AddRange(BrowserPortal.CspViolationsOf(page));
        Assert.Empty(problems);
    }

    /// Opens the page on a phone, notes what does not fit, and takes a phone and a desktop screenshot.
    private static async Task CheckAsync(IPage page, string path, string name, string[]? areaNav, string? current, List<string> problems)
    {
        await page.SetViewportSizeAsync(BrowserPortal.Phone.Width, BrowserPortal.Phone.Height);
        var response = await page.GotoAsync(path);
        if (response is null || !response.Ok)
        {
            problems.Add($"{path}: HTTP {response?.Status}");
            return;
        }

        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        if (widths[0] > widths[1])
        {
            // Name the culprits: the outermost elements that reach past the screen's right edge.
            var culprits = await page.EvaluateAsync<string[]>(
                """
                () => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth + 1))
                    .slice(0, 3)
                    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''))
                """);
            problems.Add($"{path}: {widths[0]} px wide on a {widths[1]} px phone ({string.Join(", ", culprits)})");
        }

        // Scrolling boxes would hide overflow from the check above: every navigation link must itself be on screen.
        var offScreen = await page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll('.main-nav a, [data-testid=area-nav] a')]
                .filter(a => { const r = a.getBoundingClientRect(); return r.width === 0 || r.left < 0 || r.right > window.innerWidth; })
                .map(a => a.textContent.trim())
            """);
        problems.AddRange(offScreen.Select(link => $"{path}: nav link '{link}' is not on screen"));

        if (areaNav is not null)
        {
            var links = await page.Locator("[data-testid=area-nav] a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
            problems.AddRange(areaNav.Except(links).Select(href => $"{path}: area navigation lacks {href}"));
            var marked = await page.Locator("[data-testid=area-nav] a[aria-current=page]").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
            if (marked.Length != 1 || marked[0] != current)
            {
                problems.Add($"{path}: area navigation marks [{string.Join(", ", marked)}] instead of {current}");
            }
        }

        await BrowserPortal.ScreenshotAsync(page, $"layout-{name}-phone");
        await page.SetViewportSizeAsync(BrowserPortal.Desktop.Width, BrowserPortal.Desktop.Height);
        await BrowserPortal.ScreenshotAsync(page, $"layout-{name}-desktop");
    }

    /// German labels are longer: the rest of the walk runs in German (the language is a cookie of this browser only).
    private static async Task GermanAsync(IPage page)
    {
        await page.Locator(".language-switch").GetByRole(AriaRole.Button, new() { Name = "DE", Exact = true }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
    }

    private static async Task<string> FirstHrefAsync(IPage page, string selector)
    {
        var href = await page.Locator(selector).First.GetAttributeAsync("href");
        Assert.False(string.IsNullOrEmpty(href), $"No link {selector} on {page.Url}");
        return href!;
    }
}
