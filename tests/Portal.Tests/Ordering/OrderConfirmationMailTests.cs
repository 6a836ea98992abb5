using Microsoft.EntityFrameworkCore;
using Portal.Ordering;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ordering;

public sealed class ShopMailPortal() : MailTestPortal(seedDemo: true);

public sealed class OrderConfirmationMailTests(ShopMailPortal portal) : IClassFixture<ShopMailPortal>
{
    private async Task<(string Email, string Number)> PlaceOrderAsync(string quantity, decimal creditLimit = 2_500m, string language = "en")
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync(creditLimit, language);
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, quantity);
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        var response = await buyer.SubmitAsync(checkout, "main form", new Dictionary<string, string> { ["Input.CustomerReference"] = "PO <b>77</b>" });
        var location = response.Headers.Location!.OriginalString;
        var number = location["/shop/orders/".Length..location.IndexOf('?', StringComparison.Ordinal)];
        var email = await portal.WithDbAsync(db => db.Orders.Where(o => o.Number == number).Select(o => db.Users.Single(u => u.Id == o.PlacedByUserId).Email!).SingleAsync());
        return (email, number);
    }

    [Fact]
    public async Task A_placed_order_sends_one_confirmation_through_the_outbox_to_the_buyer()
    {
        var (email, number) = await PlaceOrderAsync("10");

        var mail = await portal.Smtp.WaitForMessageToAsync(email);

        Assert.Equal($"Order {number} confirmed", mail.Subject);
        Assert.Contains("Interior wall paint, white matt – Bucket 2.5 l", mail.TextBody);
        var order = await portal.WithDbAsync(db => db.Orders.SingleAsync(o => o.Number == number));
        Assert.Contains(Portal.Localization.Money.Format(order.TotalGross, System.Globalization.CultureInfo.GetCultureInfo("en")), mail.TextBody);
        Assert.Contains($"/shop/orders/{number}", mail.HtmlBody);
        Assert.Contains("PO &lt;b&gt;77&lt;/b&gt;", mail.HtmlBody);
        Assert.Contains(MailTestPortal.SellerName, mail.HtmlBody);
        await Task.Delay(500);
        Assert.Single(portal.Smtp.MessagesTo(email));
    }

    [Fact]
    public async Task An_order_held_for_the_credit_limit_is_announced_as_received_in_the_buyers_language()
    {
        var (email, number) = await PlaceOrderAsync("300", creditLimit: 100m, language: "de");

        var mail = await portal.Smtp.WaitForMessageToAsync(email);

        Assert.Equal($"Bestellung {number} eingegangen", mail.Subject);
        Assert.Contains("Innendienst", mail.TextBody);
        Assert.Contains("Innenwandfarbe, weiß matt – Eimer 2,5 l", mail.TextBody);
        Assert.Equal(OrderStatus.AwaitingReview, await portal.WithDbAsync(db => db.Orders.Where(o => o.Number == number).Select(o => o.Status).SingleAsync()));
    }
}
