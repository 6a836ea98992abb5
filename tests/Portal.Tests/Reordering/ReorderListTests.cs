using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Ordering;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Reordering;

public sealed class ReorderListTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    private static readonly DateTimeOffset LastMonth = DateTimeOffset.UtcNow.AddDays(-30);

    [Fact]
    public async Task An_order_saved_as_a_list_goes_into_the_cart_in_one_click_and_the_order_records_the_reorder_list_channel()
    {
        var company = await portal.NewCompanyAsync();
        var past = await portal.SeedOrderAsync(company, LastMonth, (ShopDriver.WallPaint2L5, 10), (ShopDriver.WallPaint1L, 3));

        var listPath = await company.Buyer.SaveOrderAsListAsync(past, "Monthly paint");
        var list = await company.Buyer.GetDocumentAsync(listPath);
        Assert.Equal("Monthly paint", list.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal([ShopDriver.WallPaint2L5, ShopDriver.WallPaint1L], list.QuerySelectorAll(".cart-line").Select(l => l.GetAttribute("data-sku")));

        var cart = await company.Buyer.FollowAsync(await company.Buyer.SubmitAsync(list, "form[action*='AddAll']", new Dictionary<string, string>()));

        Assert.Contains("2 lines were added to your cart.", cart.QuerySelector("[data-testid=cart-fill]")!.TextContent);
        Assert.Equal("10", cart.QuantityOf(ShopDriver.WallPaint2L5));
        Assert.Equal("3", cart.QuantityOf(ShopDriver.WallPaint1L));
        Assert.All(await portal.CartLinesAsync(company.BuyerEmail), l => Assert.Equal(OrderChannel.ReorderList, l.Source));

        var number = await company.Buyer.PlaceOrderAsync();
        Assert.Equal(OrderChannel.ReorderList, await portal.WithDbAsync(db => db.Orders.Where(o => o.Number == number).Select(o => o.Channel).SingleAsync()));
    }

    [Fact]
    public async Task Add_all_to_cart_skips_lines_no_longer_in_the_catalog_or_discontinued_and_says_why()
    {
        var company = await portal.NewCompanyAsync();
        var retired = await portal.NewSmallCatalogPackAsync();
        // Facade paint was bought by phone but is not in the small-customer catalog.
        var past = await portal.SeedOrderAsync(company, LastMonth, (ShopDriver.WallPaint2L5, 4), (ShopDriver.FacadePaint1L, 2), (retired, 5));
        var listPath = await company.Buyer.SaveOrderAsListAsync(past, "Mixed");
        await portal.DiscontinueAsync(retired);

        var list = await company.Buyer.GetDocumentAsync(listPath);
        Assert.Contains("No longer in your catalog", list.QuerySelector($".cart-line[data-sku='{ShopDriver.FacadePaint1L}']")!.TextContent);
        Assert.Contains("Discontinued", list.QuerySelector($".cart-line[data-sku='{retired}']")!.TextContent);
        var cart = await company.Buyer.FollowAsync(await company.Buyer.SubmitAsync(list, "form[action*='AddAll']", new Dictionary<string, string>()));

        var fill = cart.QuerySelector("[data-testid=cart-fill]")!;
        Assert.Contains("1 line was added to your cart.", fill.TextContent);
        Assert.Contains("No longer in your catalog", fill.QuerySelector($"li[data-sku='{ShopDriver.FacadePaint1L}']")!.TextContent);
        Assert.Contains("Discontinued", fill.QuerySelector($"li[data-sku='{retired}']")!.TextContent);
        Assert.Equal("4", cart.QuantityOf(ShopDriver.WallPaint2L5));
        Assert.Null(cart.CartLine(ShopDriver.FacadePaint1L));
        Assert.Null(cart.CartLine(retired));
    }

    [Fact]
    public async Task Buy_again_puts_the_order_lines_into_the_cart_at_todays_prices()
    {
        var company = await portal.NewCompanyAsync();
        var past = await portal.SeedOrderAsync(company, LastMonth, (ShopDriver.WallPaint2L5, 10));
        var order = await company.Buyer.GetDocumentAsync($"/shop/orders/{past}");

        var cart = await company.Buyer.FollowAsync(await company.Buyer.SubmitAsync(order, "form[action*='BuyAgain']", new Dictionary<string, string>()));

        Assert.Equal("10", cart.QuantityOf(ShopDriver.WallPaint2L5));
        var line = Assert.Single(await portal.CartLinesAsync(company.BuyerEmail));
        // The past order paid 1.00; today's small-customer price for 10 × 2.5 l is 10.55.
        Assert.Equal((10.55m, OrderChannel.ReorderList), (line.PriceSeen, line.Source));
        Assert.Null(cart.QuerySelector(".alert-warning"));
    }

    [Fact]
    public async Task Buy_again_and_save_as_list_on_another_companys_order_answer_404()
    {
        var company = await portal.NewCompanyAsync();
        var other = await portal.NewCompanyAsync();
        var foreign = await portal.SeedOrderAsync(other, LastMonth, (ShopDriver.WallPaint2L5, 10));
        var own = await portal.SeedOrderAsync(company, LastMonth, (ShopDriver.WallPaint1L, 1));
        var page = await company.Buyer.GetDocumentAsync($"/shop/orders/{own}");

        var buyAgain = await company.Buyer.SubmitAsync(page, "form[action*='BuyAgain']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, buyAgain.StatusCode);
        await company.Buyer.GetDocumentAsync("/shop/cart");
        var foreignBuy = await company.Buyer.Http.PostAsync($"/shop/orders/{foreign}?handler=BuyAgain", Antiforgery(page));
        var foreignSave = await company.Buyer.SubmitAsync(page, "form[action*='FromOrder']", new Dictionary<string, string> { ["orderNumber"] = foreign });

        Assert.Equal(HttpStatusCode.NotFound, foreignBuy.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignSave.StatusCode);
        Assert.DoesNotContain(await portal.CartLinesAsync(company.BuyerEmail), l => l.PackSize!.Sku == ShopDriver.WallPaint2L5);
    }

    [Fact]
    public async Task A_list_of_another_company_is_not_found_and_a_private_list_is_invisible_to_colleagues()
    {
        var company = await portal.NewCompanyAsync();
        var colleague = await portal.ColleagueAsync(company);
        var stranger = await portal.NewCompanyAsync();
        var past = await portal.SeedOrderAsync(company, LastMonth, (ShopDriver.WallPaint2L5, 10));
        var shared = await company.Buyer.SaveOrderAsListAsync(past, "Shared list");
        var mine = await company.Buyer.SaveOrderAsListAsync(past, "My private list", isPrivate: true);

        Assert.Equal(HttpStatusCode.OK, (await colleague.Http.GetAsync(shared)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.Http.GetAsync(mine)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Buyer.Http.GetAsync(shared)).StatusCode);
        var index = await colleague.GetDocumentAsync("/shop/reorder-lists");
        Assert.Contains("Shared list", index.QuerySelector("[data-testid=lists]")!.TextContent);
        Assert.DoesNotContain("My private list", index.Body!.TextContent);

        // The product page's picker (fetched by htmx when opened) offers the same lists, "New list" last.
        Assert.Equal(["My private list", "Shared list", "New list"], await PickerAsync(company.Buyer));
        Assert.Equal(["Shared list", "New list"], await PickerAsync(colleague));
        Assert.Equal(["New list"], await PickerAsync(stranger.Buyer));

        // Posting to someone else's list changes nothing and reveals nothing.
        var strangerPage = await stranger.Buyer.GetDocumentAsync("/shop/reorder-lists");
        var addAll = await stranger.Buyer.Http.PostAsync(shared + "?handler=AddAll", Antiforgery(strangerPage));
        var delete = await colleague.Http.PostAsync(mine + "?handler=Delete", Antiforgery(index));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (addAll.StatusCode, delete.StatusCode));
        Assert.Equal(2, await portal.WithDbAsync(db => db.ReorderLists.CountAsync(l => l.CustomerId == company.CustomerId)));
    }

    private static async Task<List<string>> PickerAsync(HtmlClient buyer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/shop/reorder-lists?handler=Choices");
        request.Headers.Add("HX-Request", "true");
        var response = await buyer.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var options = new AngleSharp.Html.Parser.HtmlParser().ParseDocument($"<select>{html}</select>").QuerySelectorAll("option");
        return options.Select(o => o.TextContent.Trim()).ToList();
    }

    [Fact]
    public async Task Quantities_are_edited_in_place_bad_input_keeps_what_was_typed_and_lines_move_and_go()
    {
        var company = await portal.NewCompanyAsync();
        var past = await portal.SeedOrderAsync(company, LastMonth, (ShopDriver.WallPaint2L5, 10), (ShopDriver.WallPaint1L, 3));
        var path = await company.Buyer.SaveOrderAsListAsync(past, "Edit me");
        var list = await company.Buyer.GetDocumentAsync(path);
        var secondLine = $".cart-line[data-sku='{ShopDriver.WallPaint1L}']";

        var bad = await HtmlClient.ParseAsync(await company.Buyer.SubmitAsync(list, $"{secondLine} form[action*='Quantity']", new Dictionary<string, string> { ["quantity"] = "lots" }));
        Assert.Contains("whole number", bad.QuerySelector($"{secondLine} .field-error")!.TextContent);
        Assert.Equal("lots", bad.QuerySelector($"{secondLine} input[name=quantity]")!.GetAttribute("value"));

        await company.Buyer.SubmitAsync(list, $"{secondLine} form[action*='Quantity']", new Dictionary<string, string> { ["quantity"] = "7" });
        await company.Buyer.SubmitAsync(list, $"{secondLine} button[aria-label$=' up']", new Dictionary<string, string>());
        list = await company.Buyer.GetDocumentAsync(path);
        Assert.Equal([ShopDriver.WallPaint1L, ShopDriver.WallPaint2L5], list.QuerySelectorAll(".cart-line").Select(l => l.GetAttribute("data-sku")));
        Assert.Equal("7", list.QuerySelector($"{secondLine} input[name=quantity]")!.GetAttribute("value"));

        await company.Buyer.SubmitAsync(list, $"{secondLine} form[action*='Remove']", new Dictionary<string, string>());
        list = await company.Buyer.GetDocumentAsync(path);
        Assert.Equal([ShopDriver.WallPaint2L5], list.QuerySelectorAll(".cart-line").Select(l => l.GetAttribute("data-sku")));
    }

    [Fact]
    public async Task A_list_needs_a_name_and_the_cart_and_product_page_fill_lists_too()
    {
        var company = await portal.NewCompanyAsync();
        var index = await company.Buyer.GetDocumentAsync("/shop/reorder-lists");
        var nameless = await HtmlClient.ParseAsync(await company.Buyer.SubmitAsync(index, "form[action*='Create']", new Dictionary<string, string> { ["name"] = "   " }));
        Assert.Contains("Please give the list a name.", nameless.QuerySelector("#new-name-error")!.TextContent);

        await company.Buyer.AddToCartAsync(portal, ShopDriver.WallPaint1L, "2");
        var cart = await company.Buyer.CartAsync();
        var fromCart = await company.Buyer.FollowAsync(await company.Buyer.SubmitAsync(cart, "form[action*='FromCart']", new Dictionary<string, string> { ["name"] = "From the cart" }));
        Assert.Equal("2", fromCart.QuerySelector($".cart-line[data-sku='{ShopDriver.WallPaint1L}'] input[name=quantity]")!.GetAttribute("value"));

        var listId = await portal.WithDbAsync(db => db.ReorderLists.Where(l => l.CustomerId == company.CustomerId).Select(l => l.Id).SingleAsync());
        var (_, productId) = await portal.PackAsync(ShopDriver.WallPaint2L5);
        var product = await company.Buyer.GetDocumentAsync($"/shop/products/{productId}");
        await company.Buyer.SubmitAsync(product, $"[data-sku='{ShopDriver.WallPaint2L5}'] form[action*='AddLine']", new Dictionary<string, string> { ["listId"] = listId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["quantity"] = "5" });
        var list = await company.Buyer.GetDocumentAsync($"/shop/reorder-lists/{listId}");
        Assert.Equal("5", list.QuerySelector($".cart-line[data-sku='{ShopDriver.WallPaint2L5}'] input[name=quantity]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Frequently_ordered_lists_what_the_company_ordered_at_least_twice_with_its_usual_quantity()
    {
        var company = await portal.NewCompanyAsync();
        await portal.SeedOrderAsync(company, LastMonth.AddDays(-30), (ShopDriver.WallPaint2L5, 10), (ShopDriver.WallPaint1L, 1));
        await portal.SeedOrderAsync(company, LastMonth, (ShopDriver.WallPaint2L5, 6));

        var page = await company.Buyer.GetDocumentAsync("/shop/reorder-lists/frequent");

        var rows = page.QuerySelectorAll("[data-testid=frequent] tbody tr");
        var row = Assert.Single(rows);
        Assert.Equal(ShopDriver.WallPaint2L5, row.GetAttribute("data-sku"));
        Assert.Contains("8", row.Children[3].TextContent);
        var cart = await company.Buyer.FollowAsync(await company.Buyer.SubmitAsync(page, "form[action*='AddAll']", new Dictionary<string, string>()));
        Assert.Equal("8", cart.QuantityOf(ShopDriver.WallPaint2L5));
    }

    [Fact]
    public async Task A_buyer_can_switch_reorder_reminders_off_and_on()
    {
        var company = await portal.NewCompanyAsync();
        var index = await company.Buyer.GetDocumentAsync("/shop/reorder-lists");
        Assert.Contains("on", index.QuerySelector("[data-testid=reminders-state]")!.TextContent);

        await company.Buyer.SubmitAsync(index, "form[action*='Reminders']", new Dictionary<string, string>());

        Assert.False(await portal.WithDbAsync(db => db.Users.Where(u => u.Email == company.BuyerEmail).Select(u => u.ReorderRemindersEnabled).SingleAsync()));
        index = await company.Buyer.GetDocumentAsync("/shop/reorder-lists");
        Assert.Contains("off", index.QuerySelector("[data-testid=reminders-state]")!.TextContent);
    }

    private static FormUrlEncodedContent Antiforgery(AngleSharp.Dom.IDocument page) =>
        new([new("__RequestVerificationToken", page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!)]);
}
