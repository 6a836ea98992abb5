using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Portal.Ordering;
using Portal.Sales;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ordering;

public sealed class CheckoutTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    private static Dictionary<string, string> Details(string reference = "PO-4711") => new()
    {
        ["Input.CustomerReference"] = reference,
        ["Input.Comment"] = "Please deliver to the back entrance.",
    };

    [Fact]
    public async Task Placing_an_order_on_account_confirms_it_with_server_prices_and_empties_the_cart()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "10");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");

        var response = await buyer.SubmitAsync(checkout, "main form", Details());

        var number = OrderNumberFrom(response);
        var order = await portal.WithDbAsync(db => db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == number));
        Assert.Equal(OrderStatus.Confirmed, order.Status);
        Assert.Equal(OrderChannel.Shop, order.Channel);
        Assert.Equal(PaymentMethod.OnAccount, order.PaymentMethod);
        Assert.Equal("PO-4711", order.CustomerReference);
        Assert.Equal("Parcel delivery", order.DeliveryMethod);
        var line = Assert.Single(order.Lines);
        Assert.Equal((ShopDriver.WallPaint2L5, 10, 10.55m), (line.Sku, line.Quantity, line.UnitPrice));
        // 105.50 net goods (no surcharge above 100) + 6.90 parcel; 19 % VAT on 112.40 = 21.36.
        Assert.Equal((105.50m, 0m, 6.90m, 21.36m, 133.76m), (order.SubtotalNet, order.SurchargeNet, order.DeliveryNet, order.VatTotal, order.TotalGross));
        Assert.Equal("0", (await buyer.CartAsync()).QuerySelector("#cart-count")!.TextContent);
    }

    [Fact]
    public async Task Submitting_the_same_checkout_form_twice_places_one_order()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "10");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        var key = checkout.QuerySelector("input[name='Input.IdempotencyKey']")!.GetAttribute("value")!;

        var first = await buyer.SubmitAsync(checkout, "main form", Details());
        var again = await buyer.SubmitAsync(checkout, "main form", Details());

        Assert.Equal(OrderNumberFrom(first), OrderNumberFrom(again));
        Assert.Equal(1, await portal.WithDbAsync(db => db.Orders.CountAsync(o => o.IdempotencyKey == key)));
    }

    [Fact]
    public async Task A_double_click_sending_two_requests_at_once_places_one_order()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "10");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        var key = checkout.QuerySelector("input[name='Input.IdempotencyKey']")!.GetAttribute("value")!;

        var responses = await Task.WhenAll(
            buyer.SubmitAsync(checkout, "main form", Details()),
            buyer.SubmitAsync(checkout, "main form", Details()));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Equal(1, await portal.WithDbAsync(db => db.Orders.CountAsync(o => o.IdempotencyKey == key)));
    }

    [Fact]
    public async Task An_order_over_the_credit_limit_is_accepted_but_held_for_review_with_an_escalation()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        // 300 × 10.00 (tier from 50) = 3,000.00 net: over the 2,500 credit limit on its own.
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "300");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");

        var number = OrderNumberFrom(await buyer.SubmitAsync(checkout, "main form", Details("PO-BIG")));

        var order = await portal.WithDbAsync(db => db.Orders.SingleAsync(o => o.Number == number));
        Assert.Equal(OrderStatus.AwaitingReview, order.Status);
        var escalation = await portal.WithDbAsync(db => db.Escalations.SingleAsync(e => e.OrderId == order.Id));
        Assert.Equal(EscalationType.CreditLimit, escalation.Type);
        Assert.Equal(EscalationStatus.Open, escalation.Status);
        Assert.Equal(order.CustomerId, escalation.CustomerId);
        Assert.Contains("credit limit of 2500.00", escalation.Reason);
    }

    [Fact]
    public async Task A_price_change_since_adding_is_shown_before_the_order_is_placed()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        await buyer.AddToCartAsync(portal, "P240-1", "30");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        await WithChangedPriceAsync("P240-1", -0.50m, async newPrice =>
        {
            var refused = await buyer.SubmitAsync(checkout, "main form", Details());

            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var page = await HtmlClient.ParseAsync(refused);
            Assert.Contains("Prices have changed", page.QuerySelector(".alert-warning")!.TextContent);
            Assert.Contains(Portal.Localization.Money.Format(30 * newPrice, System.Globalization.CultureInfo.GetCultureInfo("en")), page.QuerySelector("#checkout-summary")!.TextContent);
            Assert.False(await portal.WithDbAsync(db => db.Orders.AnyAsync(o => o.CustomerReference == "PO-PRICE")));

            var placed = await buyer.SubmitAsync(page, "main form", Details("PO-PRICE"));
            var number = OrderNumberFrom(placed);
            var line = await portal.WithDbAsync(db => db.OrderLines.SingleAsync(l => db.Orders.Any(o => o.Id == l.OrderId && o.Number == number)));
            Assert.Equal(newPrice, line.UnitPrice);
        });
    }

    [Fact]
    public async Task A_price_change_before_the_checkout_page_is_shown_there_and_the_order_is_placed_at_the_first_try()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        await buyer.AddToCartAsync(portal, "P250-1", "30");
        await WithChangedPriceAsync("P250-1", -0.40m, async newPrice =>
        {
            var checkout = await buyer.GetDocumentAsync("/shop/checkout");
            Assert.Contains("Prices have changed", checkout.QuerySelector(".alert-warning")!.TextContent);
            Assert.Contains(Portal.Localization.Money.Format(30 * newPrice, System.Globalization.CultureInfo.GetCultureInfo("en")), checkout.QuerySelector("#checkout-summary")!.TextContent);

            var placed = await buyer.SubmitAsync(checkout, "main form", Details("PO-FIRST-TRY"));

            var number = OrderNumberFrom(placed);
            var line = await portal.WithDbAsync(db => db.OrderLines.SingleAsync(l => db.Orders.Any(o => o.Id == l.OrderId && o.Number == number)));
            Assert.Equal(newPrice, line.UnitPrice);
        });
    }

    [Fact]
    public async Task Delivery_options_of_other_segments_and_addresses_of_other_companies_are_refused()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "10");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        var foreignAddress = await portal.WithDbAsync(db => db.CustomerAddresses.Where(a => db.Customers.Any(c => c.Id == a.CustomerId && c.Number == "10002")).Select(a => a.Id).FirstAsync());

        var response = await buyer.SubmitAsync(checkout, "main form", new Dictionary<string, string>
        {
            ["Input.DeliveryOptionCode"] = "FREIGHT",
            ["Input.DeliveryAddressId"] = foreignAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.RequestedDeliveryDate"] = "2020-01-01",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Contains("Please choose a delivery option.", Message(page, "Input.DeliveryOptionCode"));
        Assert.Contains("Please choose a delivery address.", Message(page, "Input.DeliveryAddressId"));
        Assert.Contains("between tomorrow and one year", Message(page, "Input.RequestedDeliveryDate"));
        Assert.NotNull((await buyer.CartAsync()).CartLine(ShopDriver.WallPaint2L5));
    }

    [Fact]
    public async Task Checkout_with_an_empty_cart_goes_back_to_the_cart()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();

        var response = await buyer.Http.GetAsync("/shop/checkout");

        HtmlClient.AssertRedirect(response, "/shop/cart");
    }

    [Fact]
    public async Task Order_numbers_continue_after_the_demo_history()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "10");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        var highestBefore = await portal.WithDbAsync(db => db.Orders.Select(o => o.Number.Substring(5)).MaxAsync());

        var number = OrderNumberFrom(await buyer.SubmitAsync(checkout, "main form", Details()));

        Assert.True(string.CompareOrdinal(number[5..], highestBefore) > 0, $"{number} should follow {highestBefore}");
    }

    /// Runs the body with the small-customer price of the SKU's 10-pack tier moved by the change (the demo is shared:
    /// the old price is put back however the body ends).
    private async Task WithChangedPriceAsync(string sku, decimal change, Func<decimal, Task> body)
    {
        var oldPrice = await SmallCustomerPriceAsync(sku, tier: 10);
        await SetSmallCustomerPriceAsync(sku, tier: 10, price: oldPrice + change);
        try
        {
            await body(oldPrice + change);
        }
        finally
        {
            await SetSmallCustomerPriceAsync(sku, tier: 10, price: oldPrice);
        }
    }

    private Task<decimal> SmallCustomerPriceAsync(string sku, int tier) =>
        portal.WithDbAsync(db => db.PriceListEntries
            .Where(e => e.MinQuantity == tier && e.PackSize!.Sku == sku && db.PriceLists.Any(l => l.Id == e.PriceListId && l.Code == "SMALL"))
            .Select(e => e.UnitPrice)
            .SingleAsync());

    private async Task SetSmallCustomerPriceAsync(string sku, int tier, decimal price) =>
        await portal.WithDbAsync(db => db.PriceListEntries
            .Where(e => e.MinQuantity == tier && e.PackSize!.Sku == sku && db.PriceLists.Any(l => l.Id == e.PriceListId && l.Code == "SMALL"))
            .ExecuteUpdateAsync(e => e.SetProperty(x => x.UnitPrice, price)));

    private static string Message(IDocument page, string field) => page.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent ?? "";

    private static string OrderNumberFrom(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Matches("^/shop/orders/\\d{4}-\\d{6}\\?placed=1$", location);
        return location["/shop/orders/".Length..location.IndexOf('?', StringComparison.Ordinal)];
    }
}
