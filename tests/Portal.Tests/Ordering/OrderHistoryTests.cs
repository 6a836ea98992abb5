using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Ordering;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ordering;

public sealed class OrderHistoryTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    private const string Kunz = "10001";
    private const string Albrecht = "10002";

    /// Amounts as Money.Format writes them in English, the culture of a client that sends no language.
    private static readonly NumberFormatInfo Euro = EuroFormat();

    [Fact]
    public async Task History_lists_every_order_of_the_company_newest_first_and_none_of_another()
    {
        var buyer = await portal.SignedInAsync(DemoPortal.Buyer);

        var listed = await ListedNumbersAsync(buyer, "/shop/orders");

        var expected = await portal.WithDbAsync(db => db.Orders
            .Where(o => o.Customer!.Number == Kunz)
            .OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id)
            .Select(o => o.Number)
            .ToListAsync());
        var others = await portal.WithDbAsync(db => db.Orders.Where(o => o.Customer!.Number != Kunz).Select(o => o.Number).ToListAsync());
        Assert.NotEmpty(expected);
        Assert.Equal(expected, listed);
        Assert.Empty(listed.Intersect(others));
    }

    [Fact]
    public async Task Colleagues_see_the_same_history_including_orders_taken_by_phone()
    {
        var buyer = await portal.SignedInAsync(DemoPortal.Buyer);
        var admin = await portal.SignedInAsync(DemoPortal.BuyerAdmin);

        var byBuyer = await ListedNumbersAsync(buyer, "/shop/orders");
        var byAdmin = await ListedNumbersAsync(admin, "/shop/orders");

        Assert.Equal(byBuyer, byAdmin);
        var phoneOrder = await portal.WithDbAsync(db => db.Orders
            .Where(o => o.Customer!.Number == Kunz && o.Channel == OrderChannel.Phone)
            .Select(o => o.Number)
            .FirstAsync());
        var row = (await admin.GetDocumentAsync("/shop/orders?q=" + phoneOrder)).QuerySelector($"tr[data-order='{phoneOrder}']");
        Assert.Contains("Phone", row!.TextContent);
    }

    [Fact]
    public async Task History_pages_by_25_and_the_second_page_continues_where_the_first_ended()
    {
        var (buyer, customerId, prefix) = await NewCompanyAsync();
        await AddOrdersAsync(Enumerable.Range(1, 30).Select(i => NewOrder(customerId, $"{prefix}-{i:D3}", DaysAgo(i))));

        var first = await buyer.GetDocumentAsync("/shop/orders");
        var next = first.QuerySelector(".pager a[rel=next]")!.GetAttribute("href")!;
        var second = await buyer.GetDocumentAsync(next);

        Assert.Equal(25, Numbers(first).Count);
        Assert.Equal($"{prefix}-001", Numbers(first)[0]);
        Assert.Contains("Page 1 of 2", first.QuerySelector(".pager")!.TextContent);
        Assert.Contains("p=2", next);
        Assert.Equal(Enumerable.Range(26, 5).Select(i => $"{prefix}-{i:D3}"), Numbers(second));
        Assert.Null(second.QuerySelector(".pager a[rel=next]"));
    }

    [Fact]
    public async Task The_status_filter_shows_only_orders_in_that_status_and_keeps_its_choice()
    {
        var (buyer, customerId, prefix) = await NewCompanyAsync();
        await AddOrdersAsync(
        [
            NewOrder(customerId, $"{prefix}-001", DaysAgo(5), OrderStatus.Completed),
            NewOrder(customerId, $"{prefix}-002", DaysAgo(4), OrderStatus.AwaitingReview),
            NewOrder(customerId, $"{prefix}-003", DaysAgo(3), OrderStatus.Cancelled),
            NewOrder(customerId, $"{prefix}-004", DaysAgo(2), OrderStatus.AwaitingReview),
            NewOrder(customerId, $"{prefix}-005", DaysAgo(1), OrderStatus.Confirmed),
        ]);
        var page = await buyer.GetDocumentAsync("/shop/orders");

        var filtered = await buyer.GetDocumentAsync(FormUrl(page, new() { ["status"] = nameof(OrderStatus.AwaitingReview) }));

        Assert.Equal(5, Numbers(page).Count);
        Assert.Equal([$"{prefix}-004", $"{prefix}-002"], Numbers(filtered));
        Assert.All(filtered.QuerySelectorAll("[data-testid=orders] tbody .badge"), badge => Assert.Equal("Awaiting review", badge.TextContent));
        Assert.Equal(nameof(OrderStatus.AwaitingReview), filtered.QuerySelector<AngleSharp.Html.Dom.IHtmlSelectElement>("#orders-status")!.Value);
    }

    [Fact]
    public async Task Search_finds_an_order_by_its_number()
    {
        var buyer = await portal.SignedInAsync(DemoPortal.Buyer);
        var number = await portal.WithDbAsync(db => db.Orders.Where(o => o.Customer!.Number == Kunz).OrderBy(o => o.Id).Select(o => o.Number).FirstAsync());

        var page = await buyer.GetDocumentAsync("/shop/orders?q=" + Uri.EscapeDataString(number));

        Assert.Equal([number], Numbers(page));
        Assert.Equal(number, page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#orders-q")!.Value);
    }

    [Fact]
    public async Task Search_finds_an_order_by_the_buyers_own_reference_whatever_the_case()
    {
        var (buyer, customerId, prefix) = await NewCompanyAsync();
        await AddOrdersAsync(
        [
            NewOrder(customerId, $"{prefix}-001", DaysAgo(3), reference: "Baustelle Wiehre 12"),
            NewOrder(customerId, $"{prefix}-002", DaysAgo(2), reference: "PO-7781"),
            NewOrder(customerId, $"{prefix}-003", DaysAgo(1)),
        ]);

        var page = await buyer.GetDocumentAsync("/shop/orders?q=" + Uri.EscapeDataString("wiehre"));

        Assert.Equal([$"{prefix}-001"], Numbers(page));
        Assert.Contains("Baustelle Wiehre 12", page.QuerySelector($"tr[data-order='{prefix}-001']")!.TextContent);
    }

    [Fact]
    public async Task Searching_another_companys_order_number_finds_nothing()
    {
        var buyer = await portal.SignedInAsync(DemoPortal.Buyer);
        var foreign = await OrderNumberOfAsync(Albrecht);

        var page = await buyer.GetDocumentAsync("/shop/orders?q=" + Uri.EscapeDataString(foreign));

        Assert.Empty(Numbers(page));
        Assert.NotNull(page.QuerySelector("[data-testid=no-results]"));
    }

    [Fact]
    public async Task A_company_without_orders_is_shown_the_way_to_the_catalog()
    {
        var (buyer, _, _) = await NewCompanyAsync();

        var page = await buyer.GetDocumentAsync("/shop/orders");

        var empty = page.QuerySelector("[data-testid=no-orders]");
        Assert.NotNull(empty);
        Assert.NotNull(empty.QuerySelector("a[href='/shop/catalog']"));
        Assert.Null(page.QuerySelector("table"));
    }

    [Fact]
    public async Task An_order_page_shows_its_lines_and_totals_that_add_up()
    {
        var buyer = await portal.SignedInAsync(DemoPortal.Buyer);
        var order = await portal.WithDbAsync(db => db.Orders.Include(o => o.Lines)
            .Where(o => o.Customer!.Number == Kunz && o.Lines.Count > 1)
            .OrderByDescending(o => o.Id)
            .FirstAsync());

        var page = await buyer.GetDocumentAsync("/shop/orders/" + order.Number);

        Assert.Contains(order.Number, page.QuerySelector("h1")!.TextContent);
        var rows = page.QuerySelectorAll("[data-testid=lines] tbody tr");
        Assert.Equal(order.Lines.OrderBy(l => l.LineNumber).Select(l => l.Sku), rows.Select(r => r.GetAttribute("data-sku")));
        AssertTotalsAddUp(page);
        Assert.Equal(order.SubtotalNet, Amount(page, "subtotal"));
        Assert.Equal(order.TotalGross, Amount(page, "total"));
    }

    [Fact]
    public async Task Vat_is_shown_per_rate_with_surcharge_and_delivery_at_the_standard_rate()
    {
        var (buyer, customerId, prefix) = await NewCompanyAsync();
        // Goods: 20.00 at 19 % and 15.00 at 7 %; services 7.50 + 3.90 = 11.40 at 19 %.
        // VAT 19 %: 31.40 × 0.19 = 5.966 → 5.97; VAT 7 %: 15.00 × 0.07 = 1.05; total 35.00 + 11.40 + 7.02 = 53.42.
        var order = NewOrder(customerId, $"{prefix}-001", DaysAgo(1));
        order.Lines =
        [
            new OrderLine { LineNumber = 1, Sku = "P110-1", Description = "Interior wall paint, white matt – Bucket 1 l", Quantity = 4, UnitPrice = 5m, TaxRate = 0.19m, LineNet = 20m },
            new OrderLine { LineNumber = 2, Sku = "B-7", Description = "Painter's handbook", Quantity = 3, UnitPrice = 5m, TaxRate = 0.07m, LineNet = 15m },
        ];
        (order.SubtotalNet, order.SurchargeNet, order.DeliveryNet, order.VatTotal, order.TotalGross) = (35m, 7.50m, 3.90m, 7.02m, 53.42m);
        order.DeliveryMethod = "Small-quantity logistics";
        await AddOrdersAsync([order]);

        var page = await buyer.GetDocumentAsync($"/shop/orders/{prefix}-001");

        var vat = page.QuerySelectorAll("[data-testid=vat]");
        Assert.Equal([5.97m, 1.05m], vat.Select(v => Parse(v.TextContent)));
        Assert.Contains("VAT 19 % on €31.40", vat[0].PreviousElementSibling!.TextContent);
        Assert.Contains("VAT 7 % on €15.00", vat[1].PreviousElementSibling!.TextContent);
        Assert.Equal(7.50m, Amount(page, "surcharge"));
        Assert.Equal(3.90m, Amount(page, "delivery"));
        Assert.Equal(53.42m, Amount(page, "total"));
        AssertTotalsAddUp(page);
    }

    [Fact]
    public async Task After_checkout_the_order_page_thanks_the_buyer_and_shows_what_was_ordered()
    {
        var (buyer, _, company) = await NewCompanyAsync();
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "4");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        var placed = await buyer.SubmitAsync(checkout, "main form", new Dictionary<string, string>
        {
            ["Input.CustomerReference"] = "PO-ORDERPAGE",
            ["Input.Comment"] = "Ring twice.",
            ["Input.DeliveryOptionCode"] = "PARCEL",
        });
        var location = placed.Headers.Location!.OriginalString;

        var page = await buyer.GetDocumentAsync(location);

        var order = await portal.WithDbAsync(db => db.Orders.SingleAsync(o => o.CustomerReference == "PO-ORDERPAGE"));
        Assert.Equal($"/shop/orders/{order.Number}?placed=1", location);
        Assert.Equal($"Thank you — your order {order.Number} has been placed.", page.QuerySelector("[data-testid=placed]")!.TextContent.Trim());
        Assert.Contains(order.Number, page.QuerySelector("h1")!.TextContent);
        Assert.Equal("PO-ORDERPAGE", page.QuerySelector("[data-testid=reference]")!.TextContent);
        var facts = page.QuerySelector(".order-facts")!.TextContent;
        Assert.Contains("Parcel delivery", facts);
        Assert.Contains("Ring twice.", facts);
        Assert.Contains("Teststraße 1", facts);
        Assert.Equal($"Buyer of {company}", page.QuerySelector("[data-testid=placed-by]")!.TextContent);
        Assert.NotNull(page.QuerySelector($"[data-testid=lines] tr[data-sku='{ShopDriver.WallPaint2L5}']"));
        // 4 × 2.5 l is below 100 net: the small-order surcharge and the parcel price are on the page.
        Assert.Equal(order.SurchargeNet, Amount(page, "surcharge"));
        Assert.True(order.SurchargeNet > 0);
        Assert.Equal(6.90m, Amount(page, "delivery"));
        Assert.Equal(order.TotalGross, Amount(page, "total"));
        AssertTotalsAddUp(page);

        var later = await buyer.GetDocumentAsync($"/shop/orders/{order.Number}");
        Assert.Null(later.QuerySelector("[data-testid=placed]"));
    }

    [Fact]
    public async Task An_order_held_for_the_credit_limit_tells_the_buyer_that_inside_sales_confirms_it()
    {
        var (buyer, customerId, prefix) = await NewCompanyAsync();
        await AddOrdersAsync([NewOrder(customerId, $"{prefix}-001", DaysAgo(0), OrderStatus.AwaitingReview)]);
        // Held orders are held by their escalation, which also tells the buyer why.
        await portal.WithDbAsync(async db =>
        {
            var orderId = await db.Orders.Where(o => o.Number == $"{prefix}-001").Select(o => o.Id).SingleAsync();
            db.Escalations.Add(new Portal.Sales.Escalation { Type = Portal.Sales.EscalationType.CreditLimit, CustomerId = customerId, OrderId = orderId, Reason = "Over the limit.", CreatedAt = DateTimeOffset.UtcNow, DueAt = DateTimeOffset.UtcNow.AddHours(4) });
            return await db.SaveChangesAsync();
        });

        var page = await buyer.GetDocumentAsync($"/shop/orders/{prefix}-001");

        Assert.Equal("Awaiting review", page.QuerySelector("[data-testid=status]")!.TextContent);
        Assert.Contains("credit limit", page.QuerySelector("[data-testid=review-note]")!.TextContent);
    }

    [Fact]
    public async Task An_order_waiting_for_a_card_payment_leads_to_its_payment_page()
    {
        var (buyer, customerId, prefix) = await NewCompanyAsync();
        var order = NewOrder(customerId, $"{prefix}-001", DaysAgo(0), OrderStatus.AwaitingPayment);
        order.PaymentMethod = PaymentMethod.Card;
        await AddOrdersAsync([order]);

        var page = await buyer.GetDocumentAsync($"/shop/orders/{prefix}-001");

        Assert.NotNull(page.QuerySelector($"[data-testid=payment-note] a[href='/shop/orders/{prefix}-001/payment']"));
        Assert.Contains("Card", page.QuerySelector(".order-facts")!.TextContent);
    }

    [Fact]
    public async Task The_order_page_prints_as_a_confirmation_with_the_sellers_header()
    {
        var buyer = await portal.SignedInAsync(DemoPortal.Buyer);
        var number = await OrderNumberOfAsync(Kunz);

        var page = await buyer.GetDocumentAsync("/shop/orders/" + number);

        var head = page.QuerySelector(".print-head")!.TextContent;
        Assert.Contains("Südfarben Großhandel GmbH", head);
        Assert.Contains("Malerbetrieb Kunz", head);
        Assert.Contains("Customer no. 10001", head);
        Assert.NotNull(page.QuerySelector(".page-head .no-print button[data-print]"));
        var script = page.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!).Single(s => s.Contains("/js/print", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await buyer.Http.GetAsync(script)).StatusCode);
    }

    [Fact]
    public async Task The_order_page_speaks_german_when_the_buyer_does()
    {
        var buyer = await portal.SignedInAsync(DemoPortal.BuyerAdmin);
        buyer.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE");
        var order = await portal.WithDbAsync(db => db.Orders.Where(o => o.Customer!.Number == Kunz).OrderBy(o => o.Id).FirstAsync());

        var page = await buyer.GetDocumentAsync("/shop/orders/" + order.Number);

        Assert.Equal($"Bestellung {order.Number}", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(Portal.Localization.Money.Format(order.TotalGross, CultureInfo.GetCultureInfo("de")), page.QuerySelector("[data-testid=total]")!.TextContent);
        Assert.Contains("Abgeschlossen", page.QuerySelector("[data-testid=status]")!.TextContent);
    }

    [Theory]
    [InlineData(DemoPortal.Buyer, Albrecht)]
    [InlineData(DemoPortal.OtherBuyer, Kunz)]
    public async Task Another_companys_order_answers_404_exactly_like_a_number_that_does_not_exist(string email, string otherCompany)
    {
        var buyer = await portal.SignedInAsync(email);
        var foreign = await OrderNumberOfAsync(otherCompany);

        var guessed = await buyer.Http.GetAsync("/shop/orders/" + foreign);
        var missing = await buyer.Http.GetAsync("/shop/orders/1999-999999");

        Assert.Equal(HttpStatusCode.NotFound, guessed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var guessedMain = (await HtmlClient.ParseAsync(guessed)).QuerySelector("main")!.TextContent;
        Assert.Equal((await HtmlClient.ParseAsync(missing)).QuerySelector("main")!.TextContent, guessedMain);
        Assert.DoesNotContain(foreign, guessedMain, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/shop/orders")]
    [InlineData("/shop/orders/2026-000001")]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string path)
    {
        var client = portal.CreateHtmlClient();

        var response = await client.Http.GetAsync(path);

        HtmlClient.AssertRedirect(response, "/account/login");
    }

    [Theory]
    [InlineData("/shop/orders")]
    [InlineData("/shop/orders/2026-000001")]
    public async Task Staff_have_no_order_history_of_their_own(string path)
    {
        var sales = await portal.SignedInAsync(DemoPortal.Sales);

        var response = await sales.Http.GetAsync(path);

        HtmlClient.AssertRedirect(response, "/account/access-denied");
    }

    [Fact]
    public async Task The_start_page_and_the_menu_lead_to_the_history_and_each_recent_order()
    {
        var buyer = await portal.SignedInAsync(DemoPortal.Buyer);
        var newest = await portal.WithDbAsync(db => db.Orders.Where(o => o.Customer!.Number == Kunz).OrderByDescending(o => o.PlacedAt).Select(o => o.Number).FirstAsync());

        var start = await buyer.GetDocumentAsync("/shop");
        var history = await buyer.GetDocumentAsync("/shop/orders");

        Assert.NotNull(start.QuerySelector($"main a[href='/shop/orders/{newest}']"));
        Assert.NotNull(start.QuerySelector("main a[href='/shop/orders']"));
        Assert.NotNull(start.QuerySelector(".main-nav a[href='/shop/orders']:not(.active)"));
        Assert.NotNull(history.QuerySelector(".main-nav a[href='/shop/orders'].active"));
    }

    private async Task<(HtmlClient Buyer, int CustomerId, string Prefix)> NewCompanyAsync()
    {
        var number = $"T{Guid.NewGuid():N}"[..10].ToUpperInvariant();
        var customerId = await portal.CreateCustomerAsync(number, $"History test {number}", creditLimit: 2_500m, deliveryTo: "Test");
        var email = $"buyer-of-{number.ToLowerInvariant()}@test.example";
        var user = await portal.CreateBuyerAsync(email, customerId);
        await portal.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, $"Buyer of {number}")));
        return (await portal.SignedInAsync(email), customerId, number);
    }

    private Task AddOrdersAsync(IEnumerable<Order> orders) =>
        portal.WithDbAsync(async db =>
        {
            db.Orders.AddRange(orders);
            return await db.SaveChangesAsync();
        });

    private static Order NewOrder(int customerId, string number, DateTimeOffset placedAt, OrderStatus status = OrderStatus.Completed, string? reference = null) => new()
    {
        Number = number,
        CustomerId = customerId,
        PlacedAt = placedAt,
        Channel = OrderChannel.Shop,
        Status = status,
        CustomerReference = reference,
        SubtotalNet = 20m,
        VatTotal = 3.80m,
        TotalGross = 23.80m,
        Lines = [new OrderLine { LineNumber = 1, Sku = "P110-1", Description = "Interior wall paint, white matt – Bucket 1 l", Quantity = 4, UnitPrice = 5m, TaxRate = 0.19m, LineNet = 20m }],
    };

    private static DateTimeOffset DaysAgo(int days) => DateTimeOffset.UtcNow.AddDays(-days);

    private Task<string> OrderNumberOfAsync(string customerNumber) =>
        portal.WithDbAsync(db => db.Orders.Where(o => o.Customer!.Number == customerNumber).OrderBy(o => o.Id).Select(o => o.Number).FirstAsync());

    /// Every order number the history shows, following the pager to the end.
    private static async Task<List<string>> ListedNumbersAsync(HtmlClient client, string url)
    {
        var numbers = new List<string>();
        for (string? next = url; next is not null;)
        {
            var page = await client.GetDocumentAsync(next);
            numbers.AddRange(Numbers(page));
            next = page.QuerySelector(".pager a[rel=next]")?.GetAttribute("href");
        }

        return numbers;
    }

    private static List<string> Numbers(IDocument page) =>
        page.QuerySelectorAll("[data-testid=orders] tbody tr").Select(r => r.GetAttribute("data-order")!).ToList();

    /// The URL the filter form would go to with the given fields changed, as a browser builds it.
    private static string FormUrl(IDocument page, Dictionary<string, string> fields)
    {
        var form = page.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form.filters")!;
        var values = form.Elements.OfType<AngleSharp.Html.Dom.IHtmlInputElement>().Where(i => !string.IsNullOrEmpty(i.Name)).ToDictionary(i => i.Name!, i => (string?)i.Value);
        foreach (var select in form.Elements.OfType<AngleSharp.Html.Dom.IHtmlSelectElement>())
        {
            values[select.Name!] = select.Value;
        }

        foreach (var (key, value) in fields)
        {
            values[key] = value;
        }

        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(form.GetAttribute("action")!, values);
    }

    private static void AssertTotalsAddUp(IDocument page)
    {
        var lineNets = page.QuerySelectorAll("[data-testid=line-net]").Select(e => Parse(e.TextContent)).ToList();
        var subtotal = Amount(page, "subtotal");
        var services = (page.QuerySelector("[data-testid=surcharge]") is null ? 0 : Amount(page, "surcharge"))
            + (page.QuerySelector("[data-testid=delivery]") is null ? 0 : Amount(page, "delivery"));
        var vat = page.QuerySelectorAll("[data-testid=vat]").Sum(e => Parse(e.TextContent));

        Assert.NotEmpty(lineNets);
        Assert.Equal(lineNets.Sum(), subtotal);
        Assert.Equal(subtotal + services + vat, Amount(page, "total"));
    }

    private static decimal Amount(IDocument page, string testId) =>
        Parse(page.QuerySelector($"[data-testid={testId}]")?.TextContent ?? throw new InvalidOperationException($"No {testId} on {page.Url}"));

    private static decimal Parse(string text) => decimal.Parse(text.Trim(), NumberStyles.Currency, Euro);

    private static NumberFormatInfo EuroFormat()
    {
        var format = (NumberFormatInfo)CultureInfo.GetCultureInfo("en").NumberFormat.Clone();
        format.CurrencySymbol = "€";
        return format;
    }
}
