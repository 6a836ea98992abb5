using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Ordering;
using Portal.Payments;
using Portal.Sales;
using Portal.Tests.Infrastructure;
using Stripe;
using PaymentMethod = Portal.Ordering.PaymentMethod;

namespace Portal.Tests.Payments;

public sealed class CardPaymentTests(PaymentPortal fixture) : IClassFixture<PaymentPortal>
{
    private DemoPortal Portal => fixture.Portal;
    private StripeStandIn Stripe => fixture.Stripe;

    /// Places a card order through the checkout page and returns the order and the session Stripe was asked for.
    private async Task<(HtmlClient Buyer, Order Order, string SessionId)> PlaceCardOrderAsync(decimal creditLimit = 2_500m)
    {
        var buyer = await Portal.NewSmallCustomerBuyerAsync(creditLimit);
        await buyer.AddToCartAsync(Portal, ShopDriver.WallPaint2L5, "10");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        var response = await buyer.SubmitAsync(checkout, "main form", new Dictionary<string, string> { ["Input.PaymentMethod"] = "Card" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith($"{Stripe.BaseUrl}/pay/cs_test_", location, StringComparison.Ordinal);
        var sessionId = location[(location.LastIndexOf('/') + 1)..];
        var order = await Portal.WithDbAsync(db => db.Orders.SingleAsync(o => db.Payments.Any(p => p.OrderId == o.Id && p.SessionId == sessionId)));
        return (buyer, order, sessionId);
    }

    private async Task<HttpResponseMessage> DeliverAsync(string type, JsonObject data, DateTimeOffset? signedAt = null, string? eventId = null)
    {
        var (json, signature) = StripeStandIn.SignedEvent(type, data, signedAt: signedAt, eventId: eventId);
        return await Portal.CreateClient().SendAsync(StripeStandIn.WebhookRequest(json, signature));
    }

    private Task<Order> ReloadAsync(int orderId) => Portal.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId));

    [Fact]
    public async Task A_card_order_waits_for_payment_and_asks_stripe_for_exactly_its_total_once()
    {
        var (_, order, sessionId) = await PlaceCardOrderAsync();

        Assert.Equal(OrderStatus.AwaitingPayment, order.Status);
        Assert.Equal(PaymentMethod.Card, order.PaymentMethod);
        var request = Stripe.RequestsTo("/v1/checkout/sessions").Single(r => r.Form.GetValueOrDefault("client_reference_id") == order.Number);
        Assert.Equal($"Bearer {StripeStandIn.SecretKey}", request.Authorization);
        Assert.Equal($"portal-order-{order.Id}-attempt-1", request.IdempotencyKey);
        Assert.Equal(CardPayments.ToCents(order.TotalGross).ToString(System.Globalization.CultureInfo.InvariantCulture), request.Form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("eur", request.Form["line_items[0][price_data][currency]"]);
        Assert.Equal(order.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Form["metadata[order_id]"]);
        Assert.EndsWith($"/shop/orders/{order.Number}/payment?result=success", request.Form["success_url"], StringComparison.Ordinal);
        Assert.Equal(sessionId, Assert.Single(await Portal.WithDbAsync(db => db.Payments.Where(p => p.OrderId == order.Id).Select(p => p.SessionId).ToListAsync())));
    }

    [Fact]
    public async Task A_signed_completed_event_confirms_the_order_and_a_replay_changes_nothing()
    {
        var (buyer, order, sessionId) = await PlaceCardOrderAsync();
        var paid = Stripe.PaidSession(sessionId);
        var eventId = $"evt_{Guid.NewGuid():N}";

        var first = await DeliverAsync(EventTypes.CheckoutSessionCompleted, paid, eventId: eventId);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(OrderStatus.Confirmed, (await ReloadAsync(order.Id)).Status);
        var payment = await Portal.WithDbAsync(db => db.Payments.AsNoTracking().SingleAsync(p => p.SessionId == sessionId));
        Assert.Equal((PaymentStatus.Paid, paid["payment_intent"]!.ToString()), (payment.Status, payment.PaymentIntentId));
        var page = await buyer.GetDocumentAsync($"/shop/orders/{order.Number}/payment?result=success");
        Assert.Contains("Paid", page.QuerySelector("[data-testid=payment-state]")!.TextContent);

        // Shipped in the meantime; the same event delivered again must not touch the order.
        await Portal.WithDbAsync(db => db.Orders.Where(o => o.Id == order.Id).ExecuteUpdateAsync(o => o.SetProperty(x => x.Status, OrderStatus.Shipped)));
        var replay = await DeliverAsync(EventTypes.CheckoutSessionCompleted, paid, eventId: eventId);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(OrderStatus.Shipped, (await ReloadAsync(order.Id)).Status);
        Assert.Equal(1, await Portal.WithDbAsync(db => db.ProcessedWebhookEvents.CountAsync(e => e.Id == eventId)));
    }

    [Fact]
    public async Task Until_the_webhook_arrives_the_buyer_is_told_the_payment_is_being_confirmed()
    {
        var (buyer, order, _) = await PlaceCardOrderAsync();

        var page = await buyer.GetDocumentAsync($"/shop/orders/{order.Number}/payment?result=success");

        Assert.Contains("being confirmed", page.QuerySelector("[data-testid=payment-state]")!.TextContent);
        Assert.Equal("every 2s", page.QuerySelector("#payment-state")!.GetAttribute("hx-trigger"));
    }

    [Theory]
    [InlineData("t=1,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd")]
    [InlineData("garbage")]
    [InlineData(null)]
    public async Task A_forged_or_missing_signature_is_refused_and_changes_nothing(string? signature)
    {
        var (_, order, sessionId) = await PlaceCardOrderAsync();
        var (json, _) = StripeStandIn.SignedEvent(EventTypes.CheckoutSessionCompleted, Stripe.PaidSession(sessionId));

        var response = await Portal.CreateClient().SendAsync(StripeStandIn.WebhookRequest(json, signature));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(OrderStatus.AwaitingPayment, (await ReloadAsync(order.Id)).Status);
    }

    [Fact]
    public async Task An_event_signed_with_another_secret_or_too_long_ago_is_refused()
    {
        var (_, order, sessionId) = await PlaceCardOrderAsync();
        var (json, wrongSecret) = StripeStandIn.SignedEvent(EventTypes.CheckoutSessionCompleted, Stripe.PaidSession(sessionId), secret: "whsec_someone_else");

        var forged = await Portal.CreateClient().SendAsync(StripeStandIn.WebhookRequest(json, wrongSecret));
        var old = await DeliverAsync(EventTypes.CheckoutSessionCompleted, Stripe.PaidSession(sessionId), signedAt: DateTimeOffset.UtcNow.AddMinutes(-10));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        Assert.Equal(OrderStatus.AwaitingPayment, (await ReloadAsync(order.Id)).Status);
    }

    [Fact]
    public async Task An_expired_session_leaves_the_order_unpaid_and_the_buyer_can_pay_again_or_switch_to_on_account()
    {
        var (buyer, order, sessionId) = await PlaceCardOrderAsync();
        var expired = (JsonObject)Stripe.Session(sessionId).DeepClone();
        expired["status"] = "expired";

        await DeliverAsync(EventTypes.CheckoutSessionExpired, expired);

        Assert.Equal(OrderStatus.AwaitingPayment, (await ReloadAsync(order.Id)).Status);
        var page = await buyer.GetDocumentAsync($"/shop/orders/{order.Number}/payment");
        Assert.Contains("expired", page.QuerySelector("#payment-state")!.TextContent);

        var again = await buyer.SubmitAsync(page, "form[action*=Pay]", new Dictionary<string, string>());
        Assert.StartsWith($"{Stripe.BaseUrl}/pay/", again.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains(Stripe.RequestsTo("/v1/checkout/sessions"), r => r.IdempotencyKey == $"portal-order-{order.Id}-attempt-2");

        var switched = await buyer.SubmitAsync(page, "form[action*=OnAccount]", new Dictionary<string, string>());
        Assert.Equal($"/shop/orders/{order.Number}?placed=1", switched.Headers.Location!.OriginalString);
        var reloaded = await ReloadAsync(order.Id);
        Assert.Equal((OrderStatus.Confirmed, PaymentMethod.OnAccount), (reloaded.Status, reloaded.PaymentMethod));
    }

    [Fact]
    public async Task A_failed_payment_creates_one_escalation_for_inside_sales_even_when_delivered_twice()
    {
        var (_, order, sessionId) = await PlaceCardOrderAsync();
        var intent = new JsonObject
        {
            ["id"] = $"pi_{sessionId[3..]}",
            ["object"] = "payment_intent",
            ["amount"] = CardPayments.ToCents(order.TotalGross),
            ["currency"] = "eur",
            ["status"] = "requires_payment_method",
            ["metadata"] = new JsonObject { ["order_id"] = order.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["last_payment_error"] = new JsonObject { ["message"] = "Your card was declined." },
        };
        var eventId = $"evt_{Guid.NewGuid():N}";

        await DeliverAsync(EventTypes.PaymentIntentPaymentFailed, intent, eventId: eventId);
        await DeliverAsync(EventTypes.PaymentIntentPaymentFailed, intent, eventId: eventId);

        var escalation = Assert.Single(await Portal.WithDbAsync(db => db.Escalations.Where(e => e.OrderId == order.Id).ToListAsync()));
        Assert.Equal(EscalationType.PaymentFailed, escalation.Type);
        Assert.Contains("declined", escalation.Reason);
        Assert.Equal(OrderStatus.AwaitingPayment, (await ReloadAsync(order.Id)).Status);
    }

    [Fact]
    public async Task Cancelling_a_paid_card_order_refunds_it_through_stripe()
    {
        var (_, order, sessionId) = await PlaceCardOrderAsync();
        var paid = Stripe.PaidSession(sessionId);
        await DeliverAsync(EventTypes.CheckoutSessionCompleted, paid);
        var sales = await Portal.SignedInAsync(DemoPortal.Sales);
        var page = await sales.GetDocumentAsync($"/sales/orders/{order.Number}");

        var response = await sales.SubmitAsync(page, "form[action*=Cancel]", new Dictionary<string, string> { ["CancelReason"] = "Customer called: ordered twice." });

        HtmlClient.AssertRedirect(response, $"/sales/orders/{order.Number}");
        var refund = Stripe.RequestsTo("/v1/refunds").Single(r => r.Form.GetValueOrDefault("payment_intent") == paid["payment_intent"]!.ToString());
        Assert.Equal(CardPayments.ToCents(order.TotalGross).ToString(System.Globalization.CultureInfo.InvariantCulture), refund.Form["amount"]);
        Assert.Equal(OrderStatus.Cancelled, (await ReloadAsync(order.Id)).Status);
        var payment = await Portal.WithDbAsync(db => db.Payments.AsNoTracking().SingleAsync(p => p.SessionId == sessionId));
        Assert.Equal(PaymentStatus.Refunded, payment.Status);
        Assert.StartsWith("re_", payment.RefundId, StringComparison.Ordinal);
        var after = await sales.GetDocumentAsync($"/sales/orders/{order.Number}");
        Assert.Contains("Refunded", after.QuerySelector("[data-testid=payments]")!.TextContent);
        // The buyer is told, with the reason and the refund.
        var mail = await Portal.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Kind == "OrderCancelled" && m.DedupeKey!.StartsWith($"order-{order.Number}-Cancelled")));
        Assert.Equal($"Order {order.Number} has been cancelled", mail.Subject);
        Assert.Contains("Customer called: ordered twice.", mail.TextBody, StringComparison.Ordinal);
        var amount = global::Portal.Localization.Money.Format(order.TotalGross, System.Globalization.CultureInfo.GetCultureInfo("en"));
        Assert.Contains($"Your card payment of {amount} is being refunded", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_an_order_on_account_tells_the_buyer_why_in_their_language_without_a_refund()
    {
        var buyer = await Portal.NewSmallCustomerBuyerAsync(language: "de");
        await buyer.AddToCartAsync(Portal, ShopDriver.WallPaint2L5, "10");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        var placed = await buyer.SubmitAsync(checkout, "main form", new Dictionary<string, string> { ["Input.CustomerReference"] = "PO-1" });
        Assert.True(placed.StatusCode == HttpStatusCode.Redirect, string.Join(" / ", (await HtmlClient.ParseAsync(placed)).QuerySelectorAll(".alert, .field-error, [role=alert]").Select(e => e.TextContent.Trim())));
        var number = placed.Headers.Location!.ToString().Split('/', '?')[3];
        var sales = await Portal.SignedInAsync(DemoPortal.Sales);
        var page = await sales.GetDocumentAsync($"/sales/orders/{number}");

        var response = await sales.SubmitAsync(page, "form[action*=Cancel]", new Dictionary<string, string> { ["CancelReason"] = "Doppelt bestellt." });

        HtmlClient.AssertRedirect(response, $"/sales/orders/{number}");
        var mail = await Portal.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Kind == "OrderCancelled" && m.DedupeKey!.StartsWith($"order-{number}-Cancelled")));
        Assert.Equal($"Bestellung {number} wurde storniert", mail.Subject);
        Assert.Contains("Doppelt bestellt.", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("erstattet", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_stripe_cannot_be_reached_the_order_is_kept_and_the_buyer_can_try_again()
    {
        var buyer = await Portal.NewSmallCustomerBuyerAsync();
        await buyer.AddToCartAsync(Portal, ShopDriver.WallPaint2L5, "10");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        Stripe.Unavailable = true;
        try
        {
            var response = await buyer.SubmitAsync(checkout, "main form", new Dictionary<string, string> { ["Input.PaymentMethod"] = "Card" });

            Assert.Matches("^/shop/orders/\\d{4}-\\d{6}/payment\\?result=unavailable$", response.Headers.Location!.OriginalString);
            var page = await buyer.GetDocumentAsync(response.Headers.Location.OriginalString);
            Assert.NotNull(page.QuerySelector("form[action*=Pay]"));
        }
        finally
        {
            Stripe.Unavailable = false;
        }
    }

    [Fact]
    public async Task A_customer_without_a_credit_line_can_only_pay_by_card()
    {
        var buyer = await Portal.NewSmallCustomerBuyerAsync(creditLimit: 0);
        await buyer.AddToCartAsync(Portal, ShopDriver.WallPaint2L5, "10");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");

        Assert.Null(checkout.QuerySelector("#pay-account"));
        Assert.NotNull(checkout.QuerySelector("#pay-card"));
        var refused = await buyer.SubmitAsync(checkout, "main form", new Dictionary<string, string> { ["Input.PaymentMethod"] = "OnAccount" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("payment methods offered to you", (await HtmlClient.ParseAsync(refused)).QuerySelector("[data-valmsg-for='Input.PaymentMethod']")!.TextContent);
    }

    [Fact]
    public async Task Another_companys_payment_page_is_not_found()
    {
        var (_, order, _) = await PlaceCardOrderAsync();
        var stranger = await Portal.NewSmallCustomerBuyerAsync();

        var response = await stranger.Http.GetAsync($"/shop/orders/{order.Number}/payment");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

public sealed class WithoutStripeTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task Card_is_not_offered_and_the_webhook_does_not_exist_when_stripe_is_not_configured()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "10");

        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        var webhook = await portal.CreateClient().SendAsync(StripeStandIn.WebhookRequest("{}", "t=1,v1=x"));

        Assert.NotNull(checkout.QuerySelector("#pay-account"));
        Assert.Null(checkout.QuerySelector("#pay-card"));
        Assert.Equal(HttpStatusCode.NotFound, webhook.StatusCode);
    }
}
