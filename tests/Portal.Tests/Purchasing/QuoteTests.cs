using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Identity;
using Portal.Ordering;
using Portal.Purchasing;
using Portal.Sales;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Purchasing;

/// Quotes through the pages: asked for from the cart, written by inside sales, accepted into an order at the
/// quoted prices; expired and already accepted quotes refused; another company's quote answers 404.
[Collection(MailCollection.Name)]
public sealed class QuoteTests(MailPortal portal)
{
    [Fact]
    public async Task A_quote_asked_for_from_the_cart_is_written_by_inside_sales_and_accepted_into_an_order_at_the_quoted_prices()
    {
        var company = await portal.NewCompanyAsync();
        var number = await RequestAsync(company, "We need 200 buckets every quarter.");
        var escalation = await portal.WithDbAsync(db => db.Escalations.SingleAsync(e => e.CustomerId == company.CustomerId && e.Type == EscalationType.QuoteRequest));
        Assert.Contains(number, escalation.Reason, StringComparison.Ordinal);
        Assert.Contains("We need 200 buckets every quarter.", escalation.Reason, StringComparison.Ordinal);

        var clerk = await ClerkAsync();
        var escalationPage = await clerk.GetDocumentAsync($"/sales/escalations/{escalation.Id}");
        Assert.Equal($"/sales/quotes/{number}", escalationPage.QuerySelector("[data-testid=write-quote]")!.GetAttribute("href"));
        var refused = await WriteAsync(clerk, number, "0", DateTime.Today.AddDays(14));
        Assert.Contains("price above zero", (await HtmlClient.ParseAsync(refused)).QuerySelector("[data-testid=quote-error]")!.TextContent, StringComparison.Ordinal);
        HtmlClient.AssertRedirect(await WriteAsync(clerk, number, "8.75", DateTime.Today.AddDays(14), "Price for 200 a quarter."), $"/sales/quotes/{number}");

        var mail = await portal.Smtp.WaitForMessageToAsync(company.BuyerEmail);
        Assert.Equal($"Your quote {number} is ready", mail.Subject);
        Assert.Equal(EscalationStatus.Resolved, await portal.WithDbAsync(db => db.Escalations.Where(e => e.Id == escalation.Id).Select(e => e.Status).SingleAsync()));
        Assert.Equal(1, await portal.WithDbAsync(db => db.Touches.CountAsync(t => t.CustomerId == company.CustomerId && t.Kind == TouchKind.EscalationHandled)));

        var accepted = await AcceptAsync(company.Buyer, number);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var orderNumber = await portal.WithDbAsync(db => db.Quotes.Where(q => q.Number == number).Select(q => q.Order!.Number).SingleAsync());
        var order = await portal.WithDbAsync(db => db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == orderNumber));
        Assert.Equal(OrderStatus.Confirmed, order.Status);
        var line = Assert.Single(order.Lines);
        Assert.Equal((ShopDriver.WallPaint2L5, 200, 8.75m, 1750.00m), (line.Sku, line.Quantity, line.UnitPrice, line.LineNet));
        Assert.Equal(number, order.CustomerReference);
        Assert.Contains(OrderEventKind.PlacedFromQuote, await portal.HistoryAsync(orderNumber));
        // Handled by a clerk: the order counts as touched, not touchless.
        Assert.Equal(order.Id, await portal.WithDbAsync(db => db.Escalations.Where(e => e.Id == escalation.Id).Select(e => e.OrderId).SingleAsync()));

        await AcceptAsync(company.Buyer, number);
        Assert.Equal(1, await portal.WithDbAsync(db => db.Orders.CountAsync(o => o.CustomerId == company.CustomerId)));
        Assert.Equal("Accepted", (await company.Buyer.GetDocumentAsync("/shop/quotes")).QuerySelector($"[data-quote='{number}'] [data-testid=quote-status]")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_expired_quote_cannot_be_accepted_and_another_companys_quote_answers_404()
    {
        var company = await portal.NewCompanyAsync();
        var other = await portal.NewCompanyAsync();
        var number = await RequestAsync(company, null);
        await WriteAsync(await ClerkAsync(), number, "9", DateTime.Today.AddDays(3));

        Assert.Null((await other.Buyer.GetDocumentAsync("/shop/quotes")).QuerySelector($"[data-quote='{number}']"));
        Assert.Equal(HttpStatusCode.NotFound, (await AcceptAsync(other.Buyer, number, other.Buyer)).StatusCode);

        await portal.WithDbAsync(async db =>
        {
            var quote = await db.Quotes.SingleAsync(q => q.Number == number);
            quote.ValidUntil = DateOnly.FromDateTime(DateTime.Today.AddDays(-2));
            return await db.SaveChangesAsync();
        });
        var page = await company.Buyer.GetDocumentAsync("/shop/quotes");
        Assert.Equal("Expired", page.QuerySelector($"[data-quote='{number}'] [data-testid=quote-status]")!.TextContent.Trim());
        var refused = await AcceptAsync(company.Buyer, number);
        HtmlClient.AssertRedirect(refused, "/shop/quotes");
        Assert.Equal(0, await portal.WithDbAsync(db => db.Orders.CountAsync(o => o.CustomerId == company.CustomerId)));
    }

    private async Task<string> RequestAsync(PurchasingCompany company, string? note)
    {
        await company.Buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "200");
        var cart = await company.Buyer.GetDocumentAsync("/shop/cart");
        var response = await company.Buyer.SubmitAsync(cart, "[data-testid=quote-request]", new Dictionary<string, string> { ["note"] = note ?? "" });
        HtmlClient.AssertRedirect(response, "/shop/quotes");
        return await portal.WithDbAsync(db => db.Quotes.Where(q => q.CustomerId == company.CustomerId).OrderByDescending(q => q.Id).Select(q => q.Number).FirstAsync());
    }

    private async Task<HtmlClient> ClerkAsync()
    {
        var email = TestAccounts.Unique("clerk");
        await portal.CreateUserAsync(email, null, Roles.InsideSales, displayName: "Clara Clerk");
        return await portal.SignedInAsync(email);
    }

    private static async Task<HttpResponseMessage> WriteAsync(HtmlClient clerk, string number, string price, DateTime validUntil, string? note = null)
    {
        var page = await clerk.GetDocumentAsync($"/sales/quotes/{number}");
        return await clerk.SubmitAsync(page, "main form.quote-form", new Dictionary<string, string>
        {
            ["Prices[0]"] = price,
            ["ValidUntil"] = validUntil.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Note"] = note ?? "",
        });
    }

    /// Posts "Accept quote" for the number; from another company's session with that session's token.
    private static async Task<HttpResponseMessage> AcceptAsync(HtmlClient buyer, string number, HtmlClient? tokenFrom = null)
    {
        var page = await buyer.GetDocumentAsync("/shop/cart");
        var token = page.QuerySelector("input[name='__RequestVerificationToken']")?.GetAttribute("value")
            ?? (await (tokenFrom ?? buyer).GetDocumentAsync("/shop/quotes")).QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        return await buyer.Http.PostAsync("/shop/quotes?handler=Accept", new FormUrlEncodedContent(new Dictionary<string, string> { ["number"] = number, ["__RequestVerificationToken"] = token }));
    }
}
