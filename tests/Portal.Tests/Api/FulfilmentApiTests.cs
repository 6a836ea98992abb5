using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Portal.Api;
using Portal.Ordering;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// The ERP reports back: shipments (mail with the tracking number), invoices (mail, PDF on the order page for the
/// buyer's company only), completion, cancellation.
public sealed class FulfilmentApiTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task Shipments_mail_the_tracking_number_and_an_invoice_completes_the_order_and_is_the_buyers_only()
    {
        var (api, buyer, number, email) = await OrderInTheFeedAsync();

        var partial = await api.PostJsonAsync($"/api/v1/orders/{number}/shipments", new { carrier = "DHL", trackingNumber = "00340434161234567890", lines = new[] { new { lineNumber = 1, quantity = 4 } } });
        var repeated = await api.PostJsonAsync($"/api/v1/orders/{number}/shipments", new { carrier = "DHL", trackingNumber = "00340434161234567890", lines = new[] { new { lineNumber = 1, quantity = 4 } } });
        var rest = await api.PostJsonAsync($"/api/v1/orders/{number}/shipments", new { carrier = "DHL", trackingNumber = "00340434169999999999", lines = new[] { new { lineNumber = 1, quantity = 6 } } });

        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        Assert.Equal("Confirmed", (await ApiDriver.JsonOf(partial)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal("Shipped", (await ApiDriver.JsonOf(rest)).GetProperty("status").GetString());
        await Eventually.TrueAsync(() => Task.FromResult(portal.Smtp.MessagesTo(email).Count(m => m.Subject == $"Order {number} is on its way") == 2), "both shipment mails arrived");
        Assert.Single(portal.Smtp.MessagesTo(email), m => (m.TextBody ?? "").Contains("00340434161234567890") && (m.TextBody ?? "").Contains("the rest follows"));
        Assert.Single(portal.Smtp.MessagesTo(email), m => (m.TextBody ?? "").Contains("00340434169999999999") && !(m.TextBody ?? "").Contains("the rest follows"));

        var invoice = await api.PostAsync($"/api/v1/orders/{number}/invoices", InvoiceForm("RE-" + number, "133.76", Pdf));

        Assert.Equal(HttpStatusCode.OK, invoice.StatusCode);
        Assert.Equal("Completed", (await ApiDriver.JsonOf(invoice)).GetProperty("status").GetString());
        await Eventually.TrueAsync(() => Task.FromResult(portal.Smtp.MessagesTo(email).Any(m => m.Subject == $"Invoice RE-{number} for order {number}")), "the invoice mail arrived");
        var page = await buyer.GetDocumentAsync($"/shop/orders/{number}");
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=tracking]").Length);
        var link = page.QuerySelector("[data-testid=invoice-download]")!.GetAttribute("href")!;
        var download = await buyer.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        var otherCompany = await portal.SignedInAsync(DemoPortal.OtherBuyer);
        Assert.Equal(HttpStatusCode.NotFound, (await otherCompany.Http.GetAsync(link)).StatusCode);
        Assert.Equal(2, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.ItemType == "Order" && e.ItemName == number && e.Changes.Contains("Shipment"))));
    }

    [Fact]
    public async Task Reports_the_order_cannot_take_are_refused_per_field()
    {
        var (api, _, number, _) = await OrderInTheFeedAsync();

        var tooMany = await api.PostJsonAsync($"/api/v1/orders/{number}/shipments", new { carrier = "DHL", trackingNumber = "1", lines = new[] { new { lineNumber = 1, quantity = 11 }, new { lineNumber = 9, quantity = 1 } } });
        var notAPdf = await api.PostAsync($"/api/v1/orders/{number}/invoices", InvoiceForm("RE-X1-" + number, "12,50", "hello"u8.ToArray()));
        var tooBig = await api.PostAsync($"/api/v1/orders/{number}/invoices", InvoiceForm("RE-X2-" + number, "10.00", [.. Pdf, .. new byte[5 * 1024 * 1024]]));

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        var errors = (await ApiDriver.JsonOf(tooMany)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("lines[0].quantity", out _));
        Assert.True(errors.TryGetProperty("lines[1].lineNumber", out _));
        var pdfErrors = (await ApiDriver.JsonOf(notAPdf)).GetProperty("errors");
        Assert.True(pdfErrors.TryGetProperty("pdf", out _));
        Assert.True(pdfErrors.TryGetProperty("amount", out _));
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.True((await ApiDriver.JsonOf(tooBig)).GetProperty("errors").TryGetProperty("pdf", out _));
        Assert.Equal(0, await portal.WithDbAsync(db => db.Shipments.CountAsync(s => db.Orders.Any(o => o.Id == s.OrderId && o.Number == number))));
    }

    [Fact]
    public async Task A_cancellation_from_the_erp_cancels_with_the_usual_mail()
    {
        var (api, _, number, email) = await OrderInTheFeedAsync();

        var cancelled = await api.PostJsonAsync($"/api/v1/orders/{number}/cancel", new { reason = "Article discontinued by the manufacturer." });
        var again = await api.PostJsonAsync($"/api/v1/orders/{number}/cancel", new { reason = "Article discontinued by the manufacturer." });
        var ship = await api.PostJsonAsync($"/api/v1/orders/{number}/shipments", new { carrier = "DHL", trackingNumber = "2", lines = new[] { new { lineNumber = 1, quantity = 1 } } });

        Assert.Equal("Cancelled", (await ApiDriver.JsonOf(cancelled)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, ship.StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(portal.Smtp.MessagesTo(email).Any(m => m.Subject == $"Order {number} has been cancelled" && (m.TextBody ?? "").Contains("Article discontinued"))), "the cancellation mail arrived");
        Assert.Single(await portal.WithDbAsync(db => db.AuditEntries.Where(e => e.ItemType == "Order" && e.ItemName == number && e.Changes.Contains("Cancelled")).ToListAsync()), e => e.UserName.StartsWith("API: ", StringComparison.Ordinal));
    }

    private async Task<(HttpClient Api, HtmlClient Buyer, string Number, string Email)> OrderInTheFeedAsync()
    {
        var (_, key) = await portal.NewApiClientAsync(ApiScopes.OrdersRead, ApiScopes.OrdersWrite);
        var api = portal.ApiClient(key);
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        var number = await portal.PlaceOrderAsync(buyer);
        // Reports are about orders the ERP has read from the feed.
        await api.DrainFeedAsync(null);
        var email = await portal.WithDbAsync(db => db.Orders.Where(o => o.Number == number).Select(o => db.Users.Where(u => u.Id == o.PlacedByUserId).Select(u => u.Email).Single()).SingleAsync());
        return (api, buyer, number, email!);
    }

    private static MultipartFormDataContent InvoiceForm(string invoiceNumber, string amount, byte[] pdf)
    {
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent
        {
            { new StringContent(invoiceNumber), "invoiceNumber" },
            { new StringContent("2026-12-03"), "invoiceDate" },
            { new StringContent("2027-01-02"), "dueDate" },
            { new StringContent(amount), "amount" },
            { file, "pdf", "invoice.pdf" },
        };
    }
}
