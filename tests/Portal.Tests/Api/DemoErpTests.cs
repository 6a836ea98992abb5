using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// The demo shows the ERP integration on the first start: an API client, and on one of Kunz's recent orders a
/// shipment with its tracking number and an invoice the buyer downloads (and no other company can).
public sealed class DemoErpTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    [Fact]
    public async Task Kunz_sees_a_shipped_and_invoiced_order_and_the_admin_an_api_client()
    {
        var number = await portal.WithDbAsync(db => db.Orders.Where(o => o.Customer!.Number == "10001" && db.Shipments.Any(s => s.OrderId == o.Id)).Select(o => o.Number).SingleAsync());
        var buyer = await portal.SignedInAsync(DemoPortal.Buyer);

        var page = await buyer.GetDocumentAsync($"/shop/orders/{number}");
        var download = page.QuerySelector("[data-testid=invoice-download]")!.GetAttribute("href")!;
        var pdf = await buyer.Http.GetAsync(download);
        var other = await (await portal.SignedInAsync(DemoPortal.OtherBuyer)).Http.GetAsync(download);
        var clients = await (await portal.SignedInAsync(DemoPortal.Admin)).GetDocumentAsync("/admin/api-clients");

        Assert.Contains("00340434", page.QuerySelector("[data-testid=tracking]")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.StartsWith("%PDF-", await pdf.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Contains("ERP (demo)", clients.Body!.TextContent);
    }
}
