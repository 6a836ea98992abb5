using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Ordering;
using Portal.Sales;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Sales;

public sealed class OnBehalfPortal() : MailTestPortal(seedDemo: true);

public sealed class OrderOnBehalfTests(OnBehalfPortal portal) : IClassFixture<OnBehalfPortal>
{
    private sealed record Company(int Id, string Number, string BuyerEmail, string ColleagueEmail, string InactiveEmail);

    private async Task<Company> NewCompanyAsync(Segment segment = Segment.C)
    {
        var number = $"OB{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        var id = await portal.CreateCustomerAsync(number, $"Phone customer {number}", segment, creditLimit: 10_000m, deliveryTo: "Phone customer");
        var buyer = $"buyer-{number}@test.example".ToLowerInvariant();
        var colleague = $"colleague-{number}@test.example".ToLowerInvariant();
        var inactive = $"gone-{number}@test.example".ToLowerInvariant();
        await portal.CreateUserAsync(buyer, id, displayName: "Phone Buyer");
        await portal.CreateUserAsync(colleague, id, role: Portal.Identity.Roles.CustomerAdmin, displayName: "Phone Admin");
        await portal.CreateUserAsync(inactive, id, displayName: "Left the company", active: false);
        return new Company(id, number, buyer, colleague, inactive);
    }

    private static Dictionary<string, string> Rows(params (string Sku, string Quantity)[] rows)
    {
        var fields = new Dictionary<string, string>();
        for (var i = 0; i < 5; i++)
        {
            fields[$"Rows[{i}].Sku"] = i < rows.Length ? rows[i].Sku : "";
            fields[$"Rows[{i}].Quantity"] = i < rows.Length ? rows[i].Quantity : "";
        }

        return fields;
    }

    private static async Task<HttpResponseMessage> PostAsync(HtmlClient clerk, IDocument page, string handler, Dictionary<string, string> fields)
    {
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in page.QuerySelectorAll("[data-testid=order-form] input[type=hidden], [data-testid=order-form] select"))
        {
            var name = input.GetAttribute("name")!;
            if (!fields.ContainsKey(name))
            {
                values.Add(new(name, input is AngleSharp.Html.Dom.IHtmlSelectElement select ? select.Value ?? "" : input.GetAttribute("value") ?? ""));
            }
        }

        values.AddRange(fields);
        return await clerk.Http.PostAsync(new Uri(page.Url).AbsolutePath + "?handler=" + handler, new FormUrlEncodedContent(values));
    }

    [Fact]
    public async Task A_phone_order_is_placed_at_the_customers_prices_as_a_touch_and_its_users_get_the_confirmation()
    {
        var company = await NewCompanyAsync();
        var clerk = await portal.SignedInAsync(DemoPortal.Sales);
        var page = await clerk.GetDocumentAsync($"/sales/customers/{company.Number}/order");

        var priced = await HtmlClient.ParseAsync(await PostAsync(clerk, page, "Price", Rows((ShopDriver.WallPaint2L5, "4"), (ShopDriver.WallPaint1L, "2"))));
        var placed = await PostAsync(clerk, priced, "Place", new Dictionary<string, string>(Rows((ShopDriver.WallPaint2L5, "4"), (ShopDriver.WallPaint1L, "2"))) { ["Input.CustomerReference"] = "Anruf Herr Test" });

        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var order = await portal.WithDbAsync(db => db.Orders.Include(o => o.Lines).SingleAsync(o => o.CustomerId == company.Id));
        Assert.Equal($"/sales/orders/{order.Number}", placed.Headers.Location!.OriginalString);
        Assert.Equal(OrderChannel.Phone, order.Channel);
        Assert.Equal(OrderStatus.Confirmed, order.Status);
        Assert.Equal("Anruf Herr Test", order.CustomerReference);

        // The small-customer price list's prices, not the key accounts' ones; and the page showed them before placing.
        var (packId, _) = await portal.PackAsync(ShopDriver.WallPaint2L5);
        var prices = await portal.WithDbAsync(db => db.PriceListEntries.Where(e => e.PackSizeId == packId && e.MinQuantity == 1)
            .Select(e => new { Segment = db.PriceLists.Where(l => l.Id == e.PriceListId).Select(l => l.Segment).Single(), e.UnitPrice }).ToListAsync());
        var smallCustomerPrice = prices.Single(p => p.Segment == Segment.C).UnitPrice;
        Assert.NotEqual(prices.Single(p => p.Segment == Segment.A).UnitPrice, smallCustomerPrice);
        Assert.Equal(smallCustomerPrice, order.Lines.Single(l => l.Sku == ShopDriver.WallPaint2L5).UnitPrice);
        Assert.Equal(4, order.Lines.Single(l => l.Sku == ShopDriver.WallPaint2L5).Quantity);
        Assert.Equal(smallCustomerPrice.ToString("0.00##", System.Globalization.CultureInfo.InvariantCulture),
            priced.QuerySelector($"[data-testid=priced] tr[data-sku='{ShopDriver.WallPaint2L5}'] [data-unit-price]")!.GetAttribute("data-unit-price"));

        // Counted as a manual touch: who and when.
        var touch = await portal.WithDbAsync(db => db.Touches.SingleAsync(t => t.CustomerId == company.Id));
        var clerkId = await portal.WithDbAsync(db => db.Users.Where(u => u.Email == DemoPortal.Sales).Select(u => u.Id).SingleAsync());
        Assert.Equal(TouchKind.OrderOnBehalf, touch.Kind);
        Assert.Equal(clerkId, touch.UserId);
        Assert.Equal(order.PlacedAt, touch.At);
        Assert.Contains(order.Number, touch.Note);
        Assert.Equal(clerkId, order.PlacedByUserId);

        // The company's active users get the usual confirmation over SMTP; the deactivated one does not.
        var mail = await portal.Smtp.WaitForMessageToAsync(company.BuyerEmail);
        Assert.Contains(order.Number, mail.Subject);
        await portal.Smtp.WaitForMessageToAsync(company.ColleagueEmail);
        Assert.Empty(portal.Smtp.MessagesTo(company.InactiveEmail));

        // The clerk's scratch cart is gone, and the 360° view shows the order and the touch.
        Assert.Equal(0, await portal.WithDbAsync(db => db.CartLines.CountAsync(l => db.Carts.Any(c => c.Id == l.CartId && c.UserId == clerkId))));
        var view = await clerk.GetDocumentAsync($"/sales/customers/{company.Number}");
        Assert.Contains(view.QuerySelectorAll("[data-testid=timeline] li[data-kind=OrderOnBehalf]"), li => li.TextContent.Contains(order.Number, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Posting_the_same_form_twice_places_one_order()
    {
        var company = await NewCompanyAsync();
        var clerk = await portal.SignedInAsync(DemoPortal.Sales);
        var page = await clerk.GetDocumentAsync($"/sales/customers/{company.Number}/order");

        var first = await PostAsync(clerk, page, "Place", Rows((ShopDriver.WallPaint2L5, "3")));
        var second = await PostAsync(clerk, page, "Place", Rows((ShopDriver.WallPaint2L5, "3")));

        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, await portal.WithDbAsync(db => db.Orders.CountAsync(o => o.CustomerId == company.Id)));
        Assert.Equal(1, await portal.WithDbAsync(db => db.Touches.CountAsync(t => t.CustomerId == company.Id)));
    }

    [Fact]
    public async Task Bad_rows_come_back_with_their_messages_and_nothing_is_ordered_or_lost()
    {
        var company = await NewCompanyAsync();
        var clerk = await portal.SignedInAsync(DemoPortal.Sales);
        var page = await clerk.GetDocumentAsync($"/sales/customers/{company.Number}/order");

        var response = await PostAsync(clerk, page, "Place", Rows(
            (ShopDriver.WallPaint2L5, "3"),
            ("NOPE-404", "1"),
            (ShopDriver.FacadePaint1L, "2"),
            (ShopDriver.WallPaint1L, "zwei"),
            (ShopDriver.WallPaint12L5, "0")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var back = await HtmlClient.ParseAsync(response);
        string Error(int row) => back.QuerySelector($"tr[data-row='{row}'] [data-testid=row-error]")?.TextContent ?? "";
        Assert.Equal("", Error(0));
        Assert.Equal("Unknown article number.", Error(1));
        Assert.Equal("This article is not in this customer's catalog.", Error(2));
        Assert.Equal("Please enter a whole number of packs.", Error(3));
        Assert.Equal("The quantity must be at least 1.", Error(4));
        Assert.Contains("Nothing was ordered yet", back.QuerySelector("[data-testid=form-error]")!.TextContent);
        // Every typed value is still there.
        Assert.Equal("NOPE-404", back.QuerySelector("input[name='Rows[1].Sku']")!.GetAttribute("value"));
        Assert.Equal("zwei", back.QuerySelector("input[name='Rows[3].Quantity']")!.GetAttribute("value"));
        Assert.Equal(ShopDriver.WallPaint2L5, back.QuerySelector("input[name='Rows[0].Sku']")!.GetAttribute("value"));
        Assert.Equal(0, await portal.WithDbAsync(db => db.Orders.CountAsync(o => o.CustomerId == company.Id)));
        Assert.Equal(0, await portal.WithDbAsync(db => db.Touches.CountAsync(t => t.CustomerId == company.Id)));

        var empty = await HtmlClient.ParseAsync(await PostAsync(clerk, page, "Place", Rows()));
        Assert.Contains("at least one article", empty.QuerySelector("[data-testid=form-error]")!.TextContent);
    }

    [Fact]
    public async Task A_reorder_list_of_the_customer_fills_the_rows_and_another_customers_list_does_not()
    {
        var company = await NewCompanyAsync();
        var other = await NewCompanyAsync();
        var listId = await portal.WithDbAsync(async db =>
        {
            var ownerId = await db.Users.Where(u => u.Email == other.BuyerEmail).Select(u => u.Id).SingleAsync();
            var (packId, _) = await portal.PackAsync(ShopDriver.WallPaint2L5);
            var list = new Portal.Reordering.ReorderList { CustomerId = other.Id, OwnerUserId = ownerId, Name = "Monthly", Lines = [new() { PackSizeId = packId, Quantity = 7, Position = 1 }] };
            db.ReorderLists.Add(list);
            await db.SaveChangesAsync();
            return list.Id;
        });
        var clerk = await portal.SignedInAsync(DemoPortal.Sales);

        var own = await clerk.GetDocumentAsync($"/sales/customers/{other.Number}/order?list={listId}");
        var foreign = await clerk.GetDocumentAsync($"/sales/customers/{company.Number}/order?list={listId}");

        Assert.Equal(ShopDriver.WallPaint2L5, own.QuerySelector("input[name='Rows[0].Sku']")!.GetAttribute("value"));
        Assert.Equal("7", own.QuerySelector("input[name='Rows[0].Quantity']")!.GetAttribute("value"));
        Assert.Equal("", foreign.QuerySelector("input[name='Rows[0].Sku']")!.GetAttribute("value") ?? "");
        var view = await clerk.GetDocumentAsync($"/sales/customers/{other.Number}");
        Assert.NotNull(view.QuerySelector($"[data-testid=reorder-lists] a[href='/sales/customers/{other.Number}/order?list={listId}']"));
    }

    [Fact]
    public async Task Buyers_cannot_order_on_behalf()
    {
        var company = await NewCompanyAsync();
        var buyer = await portal.SignedInAsync(company.BuyerEmail);

        HtmlClient.AssertRedirect(await buyer.Http.GetAsync($"/sales/customers/{company.Number}/order"), "/account/access-denied");
    }
}
