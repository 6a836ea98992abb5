using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Catalogs;
using Portal.Ordering;
using Portal.Tests.Infrastructure;
using Portal.Tests.Reordering;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ReorderBrowserTests(BrowserPortal portal)
{
    [Fact]
    public async Task Buyer_saves_an_order_as_a_list_adds_it_all_to_the_cart_and_places_it_as_a_reorder()
    {
        var (customerId, number, email) = await portal.Factory.NewCompanyWithoutSignInAsync();
        var gone = await portal.Factory.NewSmallCatalogPackAsync();
        var past = await portal.Factory.SeedOrderAsync(customerId, number, DateTimeOffset.UtcNow.AddDays(-30), (ShopDriver.WallPaint2L5, 10), (ShopDriver.WallPaint1L, 2), (gone, 3));
        await portal.Factory.DiscontinueAsync(gone);
        var page = await portal.SignedInPageAsync(email);

        await page.GotoAsync($"/shop/orders/{past}");
        await page.GetByLabel("List name").FillAsync("Paint for the month");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as reorder list" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Paint for the month");
        var lines = page.Locator(".cart-line");
        await Expect(lines).ToHaveCountAsync(3);
        await Expect(page.Locator($".cart-line[data-sku='{gone}']")).ToContainTextAsync("Discontinued");

        // Quantities change in place; a bad one is answered at its line.
        var small = page.Locator($".cart-line[data-sku='{ShopDriver.WallPaint1L}']");
        await small.GetByLabel("Quantity").FillAsync("x");
        await small.GetByLabel("Quantity").PressAsync("Tab");
        await Expect(small.Locator(".field-error")).ToContainTextAsync("whole number");
        await small.GetByLabel("Quantity").FillAsync("4");
        await small.GetByLabel("Quantity").PressAsync("Tab");
        await Expect(small.Locator(".field-error")).ToHaveCountAsync(0);

        // Lines move with labelled buttons: the small bucket goes to the top.
        await small.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Move .*Bucket 1 l up$") }).ClickAsync();
        await Expect(lines.First).ToHaveAttributeAsync("data-sku", ShopDriver.WallPaint1L);
        await Expect(page.Locator($".cart-line[data-sku='{ShopDriver.WallPaint1L}']").GetByLabel("Quantity")).ToHaveValueAsync("4");
        await BrowserPortal.ScreenshotAsync(page, "reorder-list-details-desktop");

        var phone = await portal.SignedInPageAsync(email, BrowserPortal.Phone);
        await phone.GotoAsync(page.Url);
        await Expect(phone.Locator(".cart-line")).ToHaveCountAsync(3);
        await BrowserPortal.ScreenshotAsync(phone, "reorder-list-details-phone");

        // "Add all to cart" says what went in and what did not, and why.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add all to cart" }).ClickAsync();
        await Expect(page.GetByTestId("cart-fill")).ToContainTextAsync("2 lines were added to your cart.");
        await Expect(page.GetByTestId("skipped").Locator($"li[data-sku='{gone}']")).ToContainTextAsync("Discontinued");
        await Expect(page.Locator($".cart-line[data-sku='{ShopDriver.WallPaint1L}'] input[name=quantity]")).ToHaveValueAsync("4");
        await Expect(page.Locator($".cart-line[data-sku='{ShopDriver.WallPaint2L5}'] input[name=quantity]")).ToHaveValueAsync("10");
        await BrowserPortal.ScreenshotAsync(page, "reorder-cart-filled-desktop");

        await page.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();
        await page.GetByText("Small-quantity logistics").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(page.GetByTestId("placed")).ToBeVisibleAsync();
        await Expect(page.Locator(".facts dt", new() { HasTextString = "Placed via" }).Locator("xpath=following-sibling::dd[1]")).ToHaveTextAsync("Reorder list");
        var placed = await portal.Factory.WithDbAsync(db => db.Orders.Where(o => o.CustomerId == customerId && o.Number != past).Select(o => new { o.Channel, Lines = o.Lines.Count }).SingleAsync());
        Assert.Equal(OrderChannel.ReorderList, placed.Channel);
        Assert.Equal(2, placed.Lines);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Reorder lists" }).ClickAsync();
        await Expect(page.GetByTestId("lists").GetByRole(AriaRole.Link, new() { Name = "Paint for the month" })).ToBeVisibleAsync();
        await BrowserPortal.ScreenshotAsync(page, "reorder-lists-desktop");
        await phone.GotoAsync("/shop/reorder-lists");
        await BrowserPortal.ScreenshotAsync(phone, "reorder-lists-phone");
    }

    [Fact]
    public async Task Buyer_adds_a_pack_to_a_list_from_the_product_page_and_saves_the_cart_as_a_list()
    {
        var (_, _, email) = await portal.Factory.NewCompanyWithoutSignInAsync();
        var (_, productId) = await portal.Factory.PackAsync(ShopDriver.WallPaint1L);
        var page = await portal.SignedInPageAsync(email);

        await page.GotoAsync($"/shop/products/{productId}");
        var pack = page.Locator($".pack-card[data-sku='{ShopDriver.WallPaint1L}']");
        await pack.Locator("summary", new() { HasText = "Add to list" }).ClickAsync();
        await pack.GetByLabel("Reorder list for Bucket 1 l").SelectOptionAsync(new SelectOptionValue { Label = "New list" });
        await pack.GetByLabel("Quantity of Bucket 1 l on the list").FillAsync("3");
        await pack.GetByRole(AriaRole.Button, new() { Name = "Add to list: Bucket 1 l" }).ClickAsync();
        await Expect(pack.Locator(".add-to-list [role=status]")).ToContainTextAsync("Added to your reorder list.");
        await pack.Locator(".add-to-list [role=status]").GetByRole(AriaRole.Link, new() { Name = "View list" }).ClickAsync();
        await Expect(page.Locator($".cart-line[data-sku='{ShopDriver.WallPaint1L}']").GetByLabel("Quantity")).ToHaveValueAsync("3");

        // The cart becomes a list of its own, named by the buyer.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add all to cart" }).ClickAsync();
        await Expect(page.GetByTestId("cart-fill")).ToContainTextAsync("1 line was added to your cart.");
        await page.GetByLabel("List name").FillAsync("Small buckets");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as reorder list" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Small buckets");
        await Expect(page.Locator($".cart-line[data-sku='{ShopDriver.WallPaint1L}']").GetByLabel("Quantity")).ToHaveValueAsync("3");

        // Deleting a list takes it off the overview.
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete list" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Reorder lists");
        await Expect(page.GetByTestId("lists").GetByRole(AriaRole.Link, new() { Name = "Small buckets" })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("lists").GetByRole(AriaRole.Link, new() { Name = "My reorder list" })).ToBeVisibleAsync();

        // The picker brings the buyer's lists when it is opened: the next pack goes onto the existing list.
        await page.GotoAsync($"/shop/products/{productId}");
        await pack.Locator("summary", new() { HasText = "Add to list" }).ClickAsync();
        await pack.GetByLabel("Reorder list for Bucket 1 l").SelectOptionAsync(new SelectOptionValue { Label = "My reorder list" });
        await pack.GetByLabel("Quantity of Bucket 1 l on the list").FillAsync("2");
        await BrowserPortal.ScreenshotAsync(page, "reorder-product-picker-desktop");
        await pack.GetByRole(AriaRole.Button, new() { Name = "Add to list: Bucket 1 l" }).ClickAsync();
        await Expect(pack.Locator(".add-to-list [role=status]")).ToContainTextAsync("Added to your reorder list.");
        await pack.Locator(".add-to-list [role=status]").GetByRole(AriaRole.Link, new() { Name = "View list" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("My reorder list");
        await Expect(page.Locator($".cart-line[data-sku='{ShopDriver.WallPaint1L}']").GetByLabel("Quantity")).ToHaveValueAsync("5");

        var phone = await portal.SignedInPageAsync(email, BrowserPortal.Phone);
        await phone.GotoAsync($"/shop/products/{productId}");
        var phonePack = phone.Locator($".pack-card[data-sku='{ShopDriver.WallPaint1L}']");
        await phonePack.Locator("summary", new() { HasText = "Add to list" }).ClickAsync();
        await Expect(phonePack.GetByLabel("Reorder list for Bucket 1 l").Locator("option", new() { HasText = "My reorder list" })).ToHaveCountAsync(1);
        // Back to the top: a full-page screenshot taken while scrolled shows the sticky header mid-page.
        await phone.EvaluateAsync("() => window.scrollTo(0, 0)");
        await BrowserPortal.ScreenshotAsync(phone, "reorder-product-picker-phone");
    }

    [Fact]
    public async Task Buyer_sees_what_the_company_orders_often_and_puts_it_in_the_cart()
    {
        var (customerId, number, email) = await portal.Factory.NewCompanyWithoutSignInAsync();
        foreach (var daysAgo in new[] { 80, 50, 20 })
        {
            await portal.Factory.SeedOrderAsync(customerId, number, DateTimeOffset.UtcNow.AddDays(-daysAgo), (ShopDriver.WallPaint2L5, 5), (ShopDriver.WallPaint1L, 2));
        }

        await portal.Factory.SeedOrderAsync(customerId, number, DateTimeOffset.UtcNow.AddDays(-10), (ShopDriver.FacadePaint1L, 1));
        var page = await portal.SignedInPageAsync(email);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Reorder lists" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Frequently ordered" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Frequently ordered");
        var rows = page.GetByTestId("frequent").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page.Locator($"tr[data-sku='{ShopDriver.WallPaint2L5}'] td.num").Nth(1)).ToHaveTextAsync("5");
        await Expect(page.Locator($"tr[data-sku='{ShopDriver.FacadePaint1L}']")).ToHaveCountAsync(0);
        await BrowserPortal.ScreenshotAsync(page, "frequently-ordered-desktop");

        var phone = await portal.SignedInPageAsync(email, BrowserPortal.Phone);
        await phone.GotoAsync("/shop/reorder-lists/frequent");
        await Expect(phone.GetByTestId("frequent").Locator("tbody tr")).ToHaveCountAsync(2);
        await BrowserPortal.ScreenshotAsync(phone, "frequently-ordered-phone");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add all to cart" }).ClickAsync();
        await Expect(page.GetByTestId("cart-fill")).ToContainTextAsync("2 lines were added to your cart.");
        await Expect(page.Locator($".cart-line[data-sku='{ShopDriver.WallPaint2L5}'] input[name=quantity]")).ToHaveValueAsync("5");
        await Expect(page.Locator($".cart-line[data-sku='{ShopDriver.WallPaint1L}'] input[name=quantity]")).ToHaveValueAsync("2");

        await phone.GetByLabel("List name").FillAsync("Our regulars");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Save as reorder list" }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Our regulars");
        await Expect(phone.Locator(".cart-line")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Buyer_buys_an_old_order_again_in_one_click()
    {
        var (customerId, number, email) = await portal.Factory.NewCompanyWithoutSignInAsync();
        var past = await portal.Factory.SeedOrderAsync(customerId, number, DateTimeOffset.UtcNow.AddDays(-60), (ShopDriver.WallPaint2L5, 6));
        var page = await portal.SignedInPageAsync(email, BrowserPortal.Phone);

        await page.GotoAsync($"/shop/orders/{past}");
        await BrowserPortal.ScreenshotAsync(page, "reorder-order-page-phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buy again" }).ClickAsync();

        await Expect(page.GetByTestId("cart-fill")).ToContainTextAsync("1 line was added to your cart.");
        await Expect(page.Locator($".cart-line[data-sku='{ShopDriver.WallPaint2L5}'] input[name=quantity]")).ToHaveValueAsync("6");
        await Expect(page.Locator("header #cart-count")).ToHaveTextAsync("1");
        await BrowserPortal.ScreenshotAsync(page, "reorder-buy-again-cart-phone");
    }

    [Fact]
    public async Task Buyer_pastes_ten_lines_the_eight_good_ones_reach_the_cart_and_the_two_bad_ones_stay_to_be_fixed()
    {
        var (customerId, _, email) = await portal.Factory.NewCompanyWithoutSignInAsync();
        var skus = await VisibleSkusAsync(customerId, 8);
        var block = new StringBuilder();
        foreach (var sku in skus)
        {
            block.Append(sku).Append('\t').Append('2').Append('\n');
        }

        block.Append("NO-SUCH-SKU\t1\n").Append(skus[0]).Append(";many\n");
        var page = await portal.SignedInPageAsync(email);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Quick order" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Quick order");
        await BrowserPortal.ScreenshotAsync(page, "quick-order-desktop");
        await page.GetByLabel("Paste from a spreadsheet").FillAsync(block.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();

        await Expect(page.GetByTestId("quick-result")).ToContainTextAsync("8 lines were added to your cart.");
        var errors = page.GetByTestId("row-error");
        await Expect(errors).ToHaveCountAsync(2);
        await Expect(errors.Nth(0)).ToHaveTextAsync("Unknown article number.");
        await Expect(errors.Nth(1)).ToHaveTextAsync("Please enter a whole number of packs.");
        await Expect(page.GetByLabel("Article number, row 1", new() { Exact = true })).ToHaveValueAsync("NO-SUCH-SKU");
        await Expect(page.Locator("header #cart-count")).ToHaveTextAsync("8");
        var cart = await portal.Factory.CartLinesAsync(email);
        Assert.Equal(skus.Order(), cart.Select(l => l.PackSize!.Sku).Order());
        Assert.All(cart, l => Assert.Equal(2, l.Quantity));
        await BrowserPortal.ScreenshotAsync(page, "quick-order-result-desktop");

        // Fix the quantity of the second bad row and send the rows again.
        await page.GetByLabel("Quantity, row 2", new() { Exact = true }).FillAsync("3");
        await page.GetByLabel("Article number, row 1", new() { Exact = true }).FillAsync("");
        await page.GetByLabel("Quantity, row 1", new() { Exact = true }).FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(page.GetByTestId("quick-result")).ToContainTextAsync("1 line was added to your cart.");
        await Expect(page.GetByTestId("row-error")).ToHaveCountAsync(0);
        Assert.Equal(OrderChannel.QuickOrder, await SourceOfAsync(email, skus[0]));
    }

    [Fact]
    public async Task Buyer_uploads_a_csv_file_and_the_lines_reach_the_cart()
    {
        var (customerId, _, email) = await portal.Factory.NewCompanyWithoutSignInAsync();
        var skus = await VisibleSkusAsync(customerId, 3);
        var csv = "SKU;Quantity\n" + string.Join('\n', skus.Select(s => $"{s};5"));
        var page = await portal.SignedInPageAsync(email, BrowserPortal.Phone);

        await page.GotoAsync("/shop/quick-order");
        await BrowserPortal.ScreenshotAsync(page, "quick-order-phone");
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "order.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();

        await Expect(page.GetByTestId("quick-result")).ToContainTextAsync("3 lines were added to your cart.");
        await Expect(page.Locator("header #cart-count")).ToHaveTextAsync("3");
        await BrowserPortal.ScreenshotAsync(page, "quick-order-uploaded-phone");
        Assert.Equal(OrderChannel.CsvUpload, await SourceOfAsync(email, skus[0]));
    }

    private async Task<List<string>> VisibleSkusAsync(int customerId, int count)
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogAccess>();
        return await catalog.VisiblePackSizes(customerId).OrderBy(s => s.Sku).Select(s => s.Sku).Take(count).ToListAsync();
    }

    private Task<OrderChannel> SourceOfAsync(string email, string sku) =>
        portal.Factory.WithDbAsync(db => db.CartLines
            .Where(l => l.PackSize!.Sku == sku && db.Carts.Any(c => c.Id == l.CartId && db.Users.Any(u => u.Id == c.UserId && u.Email == email)))
            .Select(l => l.Source)
            .SingleAsync());

}
