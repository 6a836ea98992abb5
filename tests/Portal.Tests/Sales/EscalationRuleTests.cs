using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Portal.Identity;
using Portal.Ordering;
using Portal.Sales;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Sales;

/// The settings an operator would change: an SLA for product wishes of three days, and the unusual-value factor.
public sealed class SalesRulesPortal : MailTestPortal
{
    public SalesRulesPortal() : base(seedDemo: true)
    {
        With("Sales:Sla:NotInCatalog", "3.00:00:00");
        With("Sales:UnusualOrderFactor", "5");
        With("Sales:UnusualOrderMinOrders", "3");
    }
}

/// Escalations raised by rules and forms: each one the way its user raises it, through the pages.
public sealed class EscalationRuleTests(SalesRulesPortal portal) : IClassFixture<SalesRulesPortal>
{
    private static readonly Dictionary<string, string> NoFields = [];

    private async Task<int> CustomerIdOfAsync(HtmlClient buyer)
    {
        var page = await buyer.GetDocumentAsync("/shop/orders");
        // The header's name links to the buyer's account; its tooltip ends with the sign-in address.
        var email = page.QuerySelector(".user-name")!.GetAttribute("title")!.Split(' ').Last();
        return await portal.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.CustomerId!.Value).SingleAsync());
    }

    /// Earlier orders with these goods values, so the customer has a usual order value.
    private Task AddHistoryAsync(int customerId, params decimal[] subtotals) => portal.WithDbAsync(async db =>
    {
        foreach (var subtotal in subtotals)
        {
            db.Orders.Add(new Order
            {
                Number = $"H{Guid.NewGuid():N}"[..14],
                CustomerId = customerId,
                PlacedAt = DateTimeOffset.UtcNow.AddDays(-30),
                Status = OrderStatus.Completed,
                SubtotalNet = subtotal,
                TotalGross = subtotal * 1.19m,
            });
        }

        return await db.SaveChangesAsync();
    });

    private static async Task<string> PlaceAsync(HtmlClient buyer, Dictionary<string, string>? fields = null)
    {
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        var placed = await buyer.SubmitAsync(checkout, "main form", fields ?? NoFields);
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var location = placed.Headers.Location!.OriginalString;
        return location["/shop/orders/".Length..location.IndexOf('?', StringComparison.Ordinal)];
    }

    private Task<Order> OrderAsync(string number) =>
        portal.WithDbAsync(db => db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Number == number));

    private Task<List<Escalation>> EscalationsOfAsync(int customerId) =>
        portal.WithDbAsync(db => db.Escalations.AsNoTracking().Include(e => e.Comments).Where(e => e.CustomerId == customerId).OrderBy(e => e.Id).ToListAsync());

    private async Task<HtmlClient> NewClerkAsync()
    {
        var email = TestAccounts.Unique("clerk");
        await portal.WithScopeAsync<StaffAccounts>(async staff => Assert.True((await staff.CreateAsync(email, "Clerk " + email[..10], Roles.InsideSales, DemoPortal.Password)).Succeeded));
        return await portal.SignedInAsync(email);
    }

    private static async Task<string> TokenAsync(HtmlClient client, string url) =>
        (await client.GetDocumentAsync(url)).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    // ---- Unusual order value ----

    [Fact]
    public async Task An_order_far_above_the_customers_median_is_held_with_an_escalation()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync(creditLimit: 100_000m);
        var customerId = await CustomerIdOfAsync(buyer);
        await AddHistoryAsync(customerId, 10m, 12m, 9m, 30m);
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "10");

        var number = await PlaceAsync(buyer);

        var order = await OrderAsync(number);
        Assert.True(order.SubtotalNet > 5 * 11m, $"the order is worth {order.SubtotalNet}");
        Assert.Equal(OrderStatus.AwaitingReview, order.Status);
        var escalation = Assert.Single(await EscalationsOfAsync(customerId));
        Assert.Equal(EscalationType.UnusualOrderValue, escalation.Type);
        Assert.Equal(order.Id, escalation.OrderId);
        Assert.Contains("median order value of 11.00 EUR", escalation.Reason, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(4), escalation.DueAt - escalation.CreatedAt);
        var page = await buyer.GetDocumentAsync($"/shop/orders/{number}");
        Assert.Contains("much larger than your usual orders", page.QuerySelector("[data-testid=review-note]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_order_within_five_times_the_median_is_confirmed_without_escalation()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync(creditLimit: 100_000m);
        var customerId = await CustomerIdOfAsync(buyer);
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "10");
        // A median of 100 puts the line at 500: ten 2.5 l buckets stay well under it.
        await AddHistoryAsync(customerId, 100m, 90m, 110m);

        var number = await PlaceAsync(buyer);

        Assert.Equal(OrderStatus.Confirmed, (await OrderAsync(number)).Status);
        Assert.Empty(await EscalationsOfAsync(customerId));
    }

    [Fact]
    public async Task With_fewer_than_three_earlier_orders_no_value_is_unusual()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync(creditLimit: 100_000m);
        var customerId = await CustomerIdOfAsync(buyer);
        await AddHistoryAsync(customerId, 1m, 1m);
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "10");

        var number = await PlaceAsync(buyer);

        Assert.Equal(OrderStatus.Confirmed, (await OrderAsync(number)).Status);
        Assert.Empty(await EscalationsOfAsync(customerId));
    }

    [Fact]
    public async Task Over_the_credit_limit_and_unusual_makes_one_escalation_naming_both()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync(creditLimit: 50m);
        var customerId = await CustomerIdOfAsync(buyer);
        await AddHistoryAsync(customerId, 5m, 5m, 5m);
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "10");

        var number = await PlaceAsync(buyer);

        Assert.Equal(OrderStatus.AwaitingReview, (await OrderAsync(number)).Status);
        var escalation = Assert.Single(await EscalationsOfAsync(customerId));
        Assert.Equal(EscalationType.CreditLimit, escalation.Type);
        Assert.Contains("credit limit", escalation.Reason, StringComparison.Ordinal);
        Assert.Contains("median order value of 5.00 EUR", escalation.Reason, StringComparison.Ordinal);
    }

    // ---- Order comment ----

    [Fact]
    public async Task A_comment_flagged_as_needing_attention_becomes_an_escalation_and_shows_on_both_order_pages()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        var customerId = await CustomerIdOfAsync(buyer);
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "4");

        var number = await PlaceAsync(buyer, new() { ["Input.Comment"] = "Bitte RAL 9010 statt Reinweiß, falls möglich.", ["Input.CommentNeedsAttention"] = "true" });

        var order = await OrderAsync(number);
        Assert.Equal(OrderStatus.Confirmed, order.Status);
        var escalation = Assert.Single(await EscalationsOfAsync(customerId));
        Assert.Equal(EscalationType.OrderComment, escalation.Type);
        Assert.Equal(order.Id, escalation.OrderId);
        Assert.Contains("Bitte RAL 9010 statt Reinweiß", escalation.Reason, StringComparison.Ordinal);
        var shopPage = await buyer.GetDocumentAsync($"/shop/orders/{number}");
        Assert.Contains("Bitte RAL 9010", shopPage.QuerySelector(".order-facts")!.TextContent, StringComparison.Ordinal);
        var clerk = await NewClerkAsync();
        var salesPage = await clerk.GetDocumentAsync($"/sales/orders/{number}");
        Assert.Contains("Bitte RAL 9010", salesPage.QuerySelector("[data-testid=order-comment]")!.TextContent, StringComparison.Ordinal);
        var escalationPage = await clerk.GetDocumentAsync($"/sales/escalations/{escalation.Id}");
        Assert.Contains("Bitte RAL 9010", escalationPage.QuerySelector("[data-testid=order-comment]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_comment_without_the_flag_is_not_escalated_and_the_flag_without_a_comment_is_refused()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        var customerId = await CustomerIdOfAsync(buyer);
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "4");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");

        var refused = await buyer.SubmitAsync(checkout, "main form", new Dictionary<string, string> { ["Input.Comment"] = "", ["Input.CommentNeedsAttention"] = "true", ["Input.CustomerReference"] = "PO-77" });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await HtmlClient.ParseAsync(refused);
        Assert.Contains("Please write what needs attention", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("PO-77", page.QuerySelector("[name='Input.CustomerReference']")!.GetAttribute("value"));
        Assert.Equal(0, await portal.WithDbAsync(db => db.Orders.CountAsync(o => o.CustomerId == customerId)));

        var number = await PlaceAsync(buyer, new() { ["Input.Comment"] = "Anlieferung bitte über den Hof." });

        Assert.Equal("Anlieferung bitte über den Hof.", (await OrderAsync(number)).Comment);
        Assert.Empty(await EscalationsOfAsync(customerId));
    }

    // ---- Please call me ----

    [Fact]
    public async Task Please_call_me_on_an_order_raises_one_request_and_a_second_press_adds_only_its_question()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        var customerId = await CustomerIdOfAsync(buyer);
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "4");
        var number = await PlaceAsync(buyer);
        var page = await buyer.GetDocumentAsync($"/shop/orders/{number}");

        var first = await buyer.SubmitAsync(page, "[data-testid=call-me] form", new Dictionary<string, string> { ["question"] = "Geht die Lieferung bis Freitag?" });
        var second = await buyer.SubmitAsync(page, "[data-testid=call-me] form", new Dictionary<string, string> { ["question"] = "Und bitte mit Lieferschein." });

        HtmlClient.AssertRedirect(first, $"/shop/orders/{number}");
        var after = await buyer.GetDocumentAsync($"/shop/orders/{number}");
        Assert.NotNull(after.QuerySelector("[data-testid=call-me-open]"));
        Assert.Null(after.QuerySelector("[data-testid=call-me] form"));
        var escalation = Assert.Single(await EscalationsOfAsync(customerId));
        Assert.Equal(EscalationType.CallbackRequest, escalation.Type);
        Assert.Equal((await OrderAsync(number)).Id, escalation.OrderId);
        Assert.Contains("Geht die Lieferung bis Freitag?", escalation.Reason, StringComparison.Ordinal);
        Assert.Contains("Test Buyer", escalation.Reason, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(8), escalation.DueAt - escalation.CreatedAt);
        Assert.Equal("Und bitte mit Lieferschein.", Assert.Single(escalation.Comments).Text);
        HtmlClient.AssertRedirect(second, $"/shop/orders/{number}");
    }

    [Fact]
    public async Task The_confirmation_of_a_call_request_is_shown_and_a_new_request_is_possible_once_it_is_resolved()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        var customerId = await CustomerIdOfAsync(buyer);
        var (_, productId) = await portal.PackAsync(ShopDriver.WallPaint1L);
        var page = await buyer.GetDocumentAsync($"/shop/products/{productId}");

        var response = await buyer.SubmitAsync(page, "[data-testid=call-me] form", new Dictionary<string, string> { ["question"] = "" });

        HtmlClient.AssertRedirect(response, $"/shop/products/{productId}");
        var after = await buyer.GetDocumentAsync($"/shop/products/{productId}");
        Assert.Contains("we will call you about this product", after.QuerySelector(".alert-success")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(after.QuerySelector("[data-testid=call-me-open]"));
        Assert.Null(after.QuerySelector("[data-testid=call-me] form"));
        var escalation = Assert.Single(await EscalationsOfAsync(customerId));
        Assert.Equal(productId, escalation.ProductId);
        Assert.Null(escalation.OrderId);

        var clerk = await NewClerkAsync();
        var desk = await clerk.GetDocumentAsync($"/sales/escalations/{escalation.Id}");
        Assert.Contains("Interior wall paint", desk.QuerySelector("[data-testid=product]")!.TextContent, StringComparison.OrdinalIgnoreCase);
        await clerk.SubmitAsync(desk, "form[action*=Claim]", NoFields);
        desk = await clerk.GetDocumentAsync($"/sales/escalations/{escalation.Id}");
        HtmlClient.AssertRedirect(await clerk.SubmitAsync(desk, "form[action*=Resolve]", new Dictionary<string, string> { ["Outcome"] = "Settled", ["Text"] = "Angerufen, Fragen geklärt." }), "/sales");

        page = await buyer.GetDocumentAsync($"/shop/products/{productId}");
        Assert.Null(page.QuerySelector("[data-testid=call-me-open]"));
        await buyer.SubmitAsync(page, "[data-testid=call-me] form", new Dictionary<string, string> { ["question"] = "Noch eine Frage." });
        Assert.Equal(2, (await EscalationsOfAsync(customerId)).Count);
    }

    [Fact]
    public async Task A_question_that_is_too_long_is_refused_and_kept()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        var customerId = await CustomerIdOfAsync(buyer);
        var (_, productId) = await portal.PackAsync(ShopDriver.WallPaint1L);
        var page = await buyer.GetDocumentAsync($"/shop/products/{productId}");
        var question = new string('x', 501);

        var response = await buyer.SubmitAsync(page, "[data-testid=call-me] form", new Dictionary<string, string> { ["question"] = question });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shown = await HtmlClient.ParseAsync(response);
        Assert.Contains("500 characters", shown.QuerySelector("[data-testid=call-me] .field-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(question, shown.QuerySelector("[data-testid=call-me] textarea")!.TextContent);
        Assert.Empty(await EscalationsOfAsync(customerId));
    }

    [Fact]
    public async Task A_buyer_cannot_ask_for_a_call_about_another_companys_order_or_a_product_outside_its_catalog()
    {
        var owner = await portal.NewSmallCustomerBuyerAsync();
        await owner.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "4");
        var number = await PlaceAsync(owner);
        var other = await portal.NewSmallCustomerBuyerAsync();
        var otherId = await CustomerIdOfAsync(other);
        var (_, ownProduct) = await portal.PackAsync(ShopDriver.WallPaint1L);
        var token = await TokenAsync(other, $"/shop/products/{ownProduct}");
        var (_, facade) = await portal.PackAsync(ShopDriver.FacadePaint1L);

        var toOrder = await other.Http.PostAsync($"/shop/orders/{number}?handler=CallMe", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["question"] = "x" }));
        var toProduct = await other.Http.PostAsync($"/shop/products/{facade}?handler=CallMe", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["question"] = "x" }));

        Assert.Equal(HttpStatusCode.NotFound, toOrder.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, toProduct.StatusCode);
        Assert.Empty(await EscalationsOfAsync(otherId));
        Assert.Equal(0, await portal.WithDbAsync(db => db.Escalations.CountAsync(e => e.Order!.Number == number)));
    }

    // ---- Not in the catalog ----

    [Fact]
    public async Task An_empty_search_offers_the_request_form_which_raises_a_not_in_catalog_escalation()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        var customerId = await CustomerIdOfAsync(buyer);
        var empty = await buyer.GetDocumentAsync("/shop/catalog?q=Schlagmetall%20Gold");
        Assert.NotNull(empty.QuerySelector("[data-testid=no-results]"));

        var response = await buyer.SubmitAsync(empty, "[data-testid=not-in-catalog] form", new Dictionary<string, string>
        {
            ["Wish.Description"] = "Blattgold / Schlagmetall für Vergolderarbeiten",
            ["Wish.PackSize"] = "Heft mit 25 Blatt",
            ["Wish.Quantity"] = "4 Hefte",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var confirmation = await buyer.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.NotNull(confirmation.QuerySelector("[data-testid=request-sent]"));
        Assert.Null(confirmation.QuerySelector("[data-testid=not-in-catalog]"));
        var escalation = Assert.Single(await EscalationsOfAsync(customerId));
        Assert.Equal(EscalationType.NotInCatalog, escalation.Type);
        Assert.StartsWith("Requested: Blattgold / Schlagmetall für Vergolderarbeiten (pack: Heft mit 25 Blatt, qty: 4 Hefte) – searched for “Schlagmetall Gold”", escalation.Reason, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromDays(3), escalation.DueAt - escalation.CreatedAt);
        // The confirmation page repeats the search but is not a second miss for product management.
        Assert.Equal(1, await portal.WithDbAsync(db => db.SearchMisses.CountAsync(m => m.CustomerId == customerId)));
    }

    [Fact]
    public async Task A_request_without_a_description_is_refused_with_the_input_kept_and_a_repeat_is_not_duplicated()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        var customerId = await CustomerIdOfAsync(buyer);
        var empty = await buyer.GetDocumentAsync("/shop/catalog?q=Fassadenfarbe%20Silikat");

        var refused = await buyer.SubmitAsync(empty, "[data-testid=not-in-catalog] form", new Dictionary<string, string> { ["Wish.Description"] = " ", ["Wish.PackSize"] = "10 l" });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await HtmlClient.ParseAsync(refused);
        Assert.Contains("Please describe what you need.", page.QuerySelector("[data-testid=not-in-catalog]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("10 l", page.QuerySelector("[name='Wish.PackSize']")!.GetAttribute("value"));
        Assert.Equal("Fassadenfarbe Silikat", page.QuerySelector("[data-testid=not-in-catalog] [name=q]")!.GetAttribute("value"));
        Assert.Empty(await EscalationsOfAsync(customerId));

        var fields = new Dictionary<string, string> { ["Wish.Description"] = "Silikat-Fassadenfarbe weiß", ["Wish.PackSize"] = "12,5 l" };
        await buyer.SubmitAsync(page, "[data-testid=not-in-catalog] form", fields);
        await buyer.SubmitAsync(page, "[data-testid=not-in-catalog] form", fields);

        Assert.Single(await EscalationsOfAsync(customerId));
    }

    // ---- Manual ----

    [Fact]
    public async Task Staff_open_an_escalation_by_hand_from_the_queue_and_from_the_customer_page()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        var customerId = await CustomerIdOfAsync(buyer);
        var customerNumber = await portal.WithDbAsync(db => db.Customers.Where(c => c.Id == customerId).Select(c => c.Number).SingleAsync());
        var clerk = await NewClerkAsync();
        var queue = await clerk.GetDocumentAsync("/sales");

        var fromQueue = await clerk.SubmitAsync(queue, "[data-testid=open-escalation]", new Dictionary<string, string> { ["Input.CustomerNumber"] = customerNumber, ["Input.Reason"] = "Kunde wünscht Rückruf zu Musterbestellung." });
        var customerPage = await clerk.GetDocumentAsync($"/sales/customers/{customerNumber}");
        var fromCustomer = await clerk.SubmitAsync(customerPage, "[data-testid=open-escalation]", new Dictionary<string, string> { ["Input.Reason"] = "Preisliste für 2027 schicken." });

        Assert.Equal(HttpStatusCode.Redirect, fromQueue.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, fromCustomer.StatusCode);
        var escalations = await EscalationsOfAsync(customerId);
        Assert.Equal(2, escalations.Count);
        Assert.All(escalations, e => Assert.Equal(EscalationType.Manual, e.Type));
        Assert.All(escalations, e => Assert.Equal(TimeSpan.FromDays(1), e.DueAt - e.CreatedAt));
        Assert.Equal(["Kunde wünscht Rückruf zu Musterbestellung.", "Preisliste für 2027 schicken."], escalations.Select(e => e.Reason));
        var shown = await clerk.GetDocumentAsync(fromCustomer.Headers.Location!.OriginalString);
        Assert.Contains("Raised by Clerk", shown.QuerySelector(".page-head")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manual_escalation_for_an_unknown_customer_or_another_customers_order_is_refused_with_the_input_kept()
    {
        var owner = await portal.NewSmallCustomerBuyerAsync();
        await owner.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "4");
        var number = await PlaceAsync(owner);
        var other = await portal.NewSmallCustomerBuyerAsync();
        var otherId = await CustomerIdOfAsync(other);
        var otherNumber = await portal.WithDbAsync(db => db.Customers.Where(c => c.Id == otherId).Select(c => c.Number).SingleAsync());
        var clerk = await NewClerkAsync();
        var queue = await clerk.GetDocumentAsync("/sales");
        var before = await portal.WithDbAsync(db => db.Escalations.CountAsync());

        var unknown = await clerk.SubmitAsync(queue, "[data-testid=open-escalation]", new Dictionary<string, string> { ["Input.CustomerNumber"] = "NO-SUCH-1", ["Input.Reason"] = "Bitte prüfen." });
        var foreignOrder = await clerk.SubmitAsync(queue, "[data-testid=open-escalation]", new Dictionary<string, string> { ["Input.CustomerNumber"] = otherNumber, ["Input.OrderNumber"] = number, ["Input.Reason"] = "Bitte prüfen." });

        var unknownPage = await HtmlClient.ParseAsync(unknown);
        Assert.Contains("No customer has this number.", unknownPage.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Bitte prüfen.", unknownPage.QuerySelector("textarea[name='Input.Reason']")!.TextContent.Trim());
        Assert.Contains("This customer has no order with this number.", (await HtmlClient.ParseAsync(foreignOrder)).Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await portal.WithDbAsync(db => db.Escalations.CountAsync()));
    }

    // ---- Resolve by editing the order ----

    private async Task<(string Email, Order Order, Escalation Escalation, HtmlClient Clerk, IDocument Page)> ClaimedHeldOrderAsync(string? bundles = null)
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync(creditLimit: 50m);
        var customerId = await CustomerIdOfAsync(buyer);
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "10");
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint1L, "2");
        if (bundles is not null)
        {
            var offer = await buyer.GetDocumentAsync("/shop/bundles");
            HtmlClient.AssertRedirect(await buyer.SubmitAsync(offer, $"[data-bundle='{WallBundle}'] form", new Dictionary<string, string> { ["quantity"] = bundles }), "/shop/cart");
        }

        var number = await PlaceAsync(buyer);
        var order = await OrderAsync(number);
        var escalation = Assert.Single(await EscalationsOfAsync(customerId));
        var email = await portal.WithDbAsync(db => db.Users.Where(u => u.Id == order.PlacedByUserId).Select(u => u.Email!).SingleAsync());
        var clerk = await NewClerkAsync();
        var page = await clerk.GetDocumentAsync($"/sales/escalations/{escalation.Id}");
        await clerk.SubmitAsync(page, "form[action*=Claim]", NoFields);
        page = await clerk.GetDocumentAsync($"/sales/escalations/{escalation.Id}");
        return (email, order, escalation, clerk, page);
    }

    private static Dictionary<string, string> EditFields(IDocument page, Order order, Func<OrderLine, (string Quantity, string Price)> edit, string reason)
    {
        var fields = new Dictionary<string, string> { ["EditReason"] = reason };
        var rows = page.QuerySelectorAll("[data-testid=edit-order] tbody tr");
        for (var i = 0; i < rows.Length; i++)
        {
            var id = int.Parse(rows[i].QuerySelector("input[type=hidden][name$='.Id']")!.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture);
            var line = order.Lines.Single(l => l.Id == id);
            var (quantity, price) = edit(line);
            fields[$"Lines[{i}].Quantity"] = quantity;
            fields[$"Lines[{i}].UnitPrice"] = price;
        }

        return fields;
    }

    [Fact]
    public async Task Editing_a_held_order_confirms_it_with_new_totals_mails_the_changed_confirmation_and_records_a_touch()
    {
        var (email, order, escalation, clerk, page) = await ClaimedHeldOrderAsync();
        var small = order.Lines.Single(l => l.Sku == ShopDriver.WallPaint1L);
        var big = order.Lines.Single(l => l.Sku == ShopDriver.WallPaint2L5);

        var response = await clerk.SubmitAsync(page, "[data-testid=edit-order]", EditFields(page, order, l => l.Sku == ShopDriver.WallPaint2L5 ? ("2", "12,50") : ("0", "0"), "Mit Ihnen telefonisch auf 2 Eimer reduziert, Sonderpreis."));

        HtmlClient.AssertRedirect(response, "/sales");
        var edited = await OrderAsync(order.Number);
        Assert.Equal(OrderStatus.Confirmed, edited.Status);
        var line = Assert.Single(edited.Lines);
        Assert.Equal((ShopDriver.WallPaint2L5, 2, 12.50m, 25.00m), (line.Sku, line.Quantity, line.UnitPrice, line.LineNet));
        Assert.Equal(25.00m, edited.SubtotalNet);
        Assert.Equal(edited.SubtotalNet + edited.SurchargeNet + edited.DeliveryNet + edited.VatTotal, edited.TotalGross);
        Assert.True(edited.TotalGross < order.TotalGross);
        var resolved = await portal.WithDbAsync(db => db.Escalations.AsNoTracking().SingleAsync(e => e.Id == escalation.Id));
        Assert.Equal((EscalationStatus.Resolved, EscalationOutcome.Edited), (resolved.Status, resolved.Outcome));
        Assert.Contains($"{small.Sku} removed", resolved.Resolution, StringComparison.Ordinal);
        Assert.Contains($"{big.Sku} quantity 10 → 2", resolved.Resolution, StringComparison.Ordinal);
        var touch = await portal.WithDbAsync(db => db.Touches.SingleAsync(t => t.CustomerId == order.CustomerId));
        Assert.Equal(TouchKind.ManualOrderEdit, touch.Kind);
        Assert.Contains("Sonderpreis", touch.Note, StringComparison.Ordinal);

        await Eventually.TrueAsync(() => Task.FromResult(portal.Smtp.MessagesTo(email).Any(m => m.Subject == $"Order {order.Number} changed")), "the changed confirmation");
        var changed = portal.Smtp.MessagesTo(email).Single(m => m.Subject == $"Order {order.Number} changed");
        Assert.Contains("Mit Ihnen telefonisch auf 2 Eimer reduziert, Sonderpreis.", changed.TextBody, StringComparison.Ordinal);
        Assert.Contains($"2 × {big.Description} ({big.Sku}): €25.00", changed.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(small.Sku, changed.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Total: €{edited.TotalGross:0.00}", changed.TextBody, StringComparison.Ordinal);
    }

    private const string WallBundle = "SET-WALL";

    [Fact]
    public async Task A_bundle_is_edited_as_a_whole_and_its_contents_follow_it()
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var (_, order, _, clerk, page) = await ClaimedHeldOrderAsync(bundles: "2");
        var bundle = order.Lines.Single(l => l.Sku == WallBundle);
        var contents = order.Lines.Where(l => l.BundleLineNumber == bundle.LineNumber).OrderBy(l => l.LineNumber).ToList();
        Assert.NotEmpty(contents);

        // The form offers the bundle with what one bundle holds, not its contents as lines of their own.
        var rows = page.QuerySelectorAll("[data-testid=edit-order] tbody tr");
        Assert.Equal([ShopDriver.WallPaint2L5, ShopDriver.WallPaint1L, WallBundle], rows.Select(r => r.GetAttribute("data-sku")!));
        var first = contents[0];
        Assert.Contains($"{first.Quantity / 2} × {first.Description}", rows[2].QuerySelector("[data-testid=bundle-contents]")!.TextContent, StringComparison.Ordinal);

        // A content line posted on its own (an old or forged form) is refused and nothing changes.
        var forged = EditFields(page, order, l => ("1", l.UnitPrice.ToString("0.00", invariant)), "Grund");
        forged["Lines[3].Id"] = first.Id.ToString(invariant);
        forged["Lines[3].Quantity"] = "7";
        forged["Lines[3].UnitPrice"] = "0";
        var refused = await HtmlClient.ParseAsync(await clerk.SubmitAsync(page, "[data-testid=edit-order]", forged));
        Assert.Contains("The contents of a bundle change with the bundle", refused.QuerySelector("[data-testid=edit-order] .alert-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(OrderStatus.AwaitingReview, (await OrderAsync(order.Number)).Status);

        // One bundle instead of two, the paints removed: the contents halve and still point at their bundle line.
        var response = await clerk.SubmitAsync(page, "[data-testid=edit-order]", EditFields(page, order, l => l.Sku == WallBundle ? ("1", l.UnitPrice.ToString("0.00", invariant)) : ("0", "0"), "Ein Set genügt."));

        HtmlClient.AssertRedirect(response, "/sales");
        var edited = await OrderAsync(order.Number);
        var line = edited.Lines.Single(l => l.BundleLineNumber is null);
        Assert.Equal((WallBundle, 1, 1, bundle.UnitPrice), (line.Sku, line.LineNumber, line.Quantity, line.LineNet));
        Assert.Equal(
            contents.Select(c => (c.Sku, c.Quantity / 2, (int?)1)),
            edited.Lines.Where(l => l.BundleLineNumber is not null).OrderBy(l => l.LineNumber).Select(l => (l.Sku, l.Quantity, l.BundleLineNumber)));
        Assert.Equal(Enumerable.Range(1, edited.Lines.Count), edited.Lines.Select(l => l.LineNumber).Order());
        Assert.Equal(bundle.UnitPrice, edited.SubtotalNet);

        // Removing the bundle removes its contents.
        var (_, second, _, secondClerk, secondPage) = await ClaimedHeldOrderAsync(bundles: "1");
        var removed = await secondClerk.SubmitAsync(secondPage, "[data-testid=edit-order]", EditFields(secondPage, second, l => l.Sku == WallBundle ? ("0", "0") : (l.Quantity.ToString(invariant), l.UnitPrice.ToString("0.00", invariant)), "Set storniert."));
        HtmlClient.AssertRedirect(removed, "/sales");
        var left = await OrderAsync(second.Number);
        Assert.Equal([(1, ShopDriver.WallPaint2L5), (2, ShopDriver.WallPaint1L)], left.Lines.OrderBy(l => l.LineNumber).Select(l => (l.LineNumber, l.Sku)));
    }

    [Fact]
    public async Task An_edit_with_bad_input_is_refused_and_changes_nothing()
    {
        var (_, order, escalation, clerk, page) = await ClaimedHeldOrderAsync();

        var noReason = await clerk.SubmitAsync(page, "[data-testid=edit-order]", EditFields(page, order, l => ("1", "1,00"), ""));
        var notANumber = await clerk.SubmitAsync(page, "[data-testid=edit-order]", EditFields(page, order, l => ("zwei", "1,00"), "Grund"));
        var allRemoved = await clerk.SubmitAsync(page, "[data-testid=edit-order]", EditFields(page, order, l => ("0", "1,00"), "Grund"));
        var unchanged = await clerk.SubmitAsync(page, "[data-testid=edit-order]", EditFields(page, order, l => (l.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), l.UnitPrice.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)), "Grund"));

        Assert.Contains("reason for the change", await ErrorOfAsync(noReason), StringComparison.Ordinal);
        var notANumberPage = await HtmlClient.ParseAsync(notANumber);
        Assert.Contains("whole quantity", notANumberPage.QuerySelector("[data-testid=edit-order] .alert-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("zwei", notANumberPage.QuerySelector("[name='Lines[0].Quantity']")!.GetAttribute("value"));
        Assert.Contains("At least one line must stay", await ErrorOfAsync(allRemoved), StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", await ErrorOfAsync(unchanged), StringComparison.Ordinal);
        var after = await OrderAsync(order.Number);
        Assert.Equal((OrderStatus.AwaitingReview, order.TotalGross, 2), (after.Status, after.TotalGross, after.Lines.Count));
        Assert.Equal(EscalationStatus.Open, await portal.WithDbAsync(db => db.Escalations.Where(e => e.Id == escalation.Id).Select(e => e.Status).SingleAsync()));

        static async Task<string> ErrorOfAsync(HttpResponseMessage response) =>
            (await HtmlClient.ParseAsync(response)).QuerySelector("[data-testid=edit-order] .alert-error")!.TextContent;
    }

    [Fact]
    public async Task Only_the_clerk_who_claimed_it_can_edit_the_order()
    {
        var (_, order, escalation, _, _) = await ClaimedHeldOrderAsync();
        var other = await NewClerkAsync();
        var token = await TokenAsync(other, $"/sales/escalations/{escalation.Id}");
        var line = order.Lines.First();

        var response = await other.Http.PostAsync($"/sales/escalations/{escalation.Id}?handler=Edit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Lines[0].Id"] = line.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Lines[0].Quantity"] = "1",
            ["Lines[0].UnitPrice"] = "0.01",
            ["EditReason"] = "Nicht meins.",
        }));

        Assert.Contains("Claim the escalation", (await HtmlClient.ParseAsync(response)).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(order.TotalGross, (await OrderAsync(order.Number)).TotalGross);
    }

    // ---- Security ----

    [Fact]
    public async Task The_new_forms_refuse_posts_without_the_antiforgery_token()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        var customerId = await CustomerIdOfAsync(buyer);
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "4");
        var number = await PlaceAsync(buyer);
        var (_, productId) = await portal.PackAsync(ShopDriver.WallPaint1L);
        var clerk = await NewClerkAsync();
        var customerNumber = await portal.WithDbAsync(db => db.Customers.Where(c => c.Id == customerId).Select(c => c.Number).SingleAsync());

        var posts = new (HtmlClient Client, string Url, Dictionary<string, string> Fields)[]
        {
            (buyer, "/shop/catalog?handler=Request", new() { ["q"] = "nichts", ["Wish.Description"] = "Etwas" }),
            (buyer, $"/shop/orders/{number}?handler=CallMe", new() { ["question"] = "?" }),
            (buyer, $"/shop/products/{productId}?handler=CallMe", new() { ["question"] = "?" }),
            (clerk, "/sales/escalations/new", new() { ["Input.CustomerNumber"] = customerNumber, ["Input.Reason"] = "x" }),
            (clerk, "/sales/escalations/1?handler=Edit", new() { ["EditReason"] = "x" }),
        };
        foreach (var (client, url, fields) in posts)
        {
            var response = await client.Http.PostAsync(url, new FormUrlEncodedContent(fields));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url} answered {response.StatusCode}");
        }

        Assert.Equal(0, await portal.WithDbAsync(db => db.Escalations.CountAsync(e => e.CustomerId == customerId)));
    }

    [Fact]
    public async Task Customers_cannot_open_escalations_by_hand_or_edit_orders()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        var (_, productId) = await portal.PackAsync(ShopDriver.WallPaint1L);
        var token = await TokenAsync(buyer, $"/shop/products/{productId}");

        var open = await buyer.Http.PostAsync("/sales/escalations/new", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Input.CustomerNumber"] = "10001", ["Input.Reason"] = "x" }));

        HtmlClient.AssertRedirect(open, "/account/access-denied");
        HtmlClient.AssertRedirect(await buyer.Http.GetAsync("/sales/escalations/new"), "/account/access-denied");
    }
}
