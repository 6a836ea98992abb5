using Microsoft.EntityFrameworkCore;
using Portal.Ordering;
using Portal.Purchasing;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Purchasing;

/// What the demo shows of company purchasing on the first start, as Kunz's admin, Kunz's buyer and inside sales see it.
public sealed class DemoPurchasingTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task Kunz_has_an_order_waiting_for_approval_a_quote_request_in_the_queue_and_a_quote_ready_for_the_buyer()
    {
        var admin = await portal.SignedInAsync(DemoPortal.BuyerAdmin);
        var approvals = await admin.GetDocumentAsync("/shop/approvals");
        var waiting = Assert.Single(approvals.QuerySelectorAll("li[data-order]"));
        Assert.Contains("Above the order limit of €250.00.", waiting.TextContent, StringComparison.Ordinal);
        var number = waiting.GetAttribute("data-order")!;
        Assert.Equal(OrderStatus.AwaitingApproval, (await portal.OrderAsync(number)).Status);
        Assert.Equal([OrderEventKind.Placed, OrderEventKind.ApprovalRequested], await portal.HistoryAsync(number));

        var team = await admin.GetDocumentAsync("/shop/team");
        Assert.Equal("250.00", team.QuerySelector("input[aria-label='Order limit of Klaus Kunz']")!.GetAttribute("value"));
        Assert.Equal("1500.00", team.QuerySelector("input[aria-label='Monthly budget of Klaus Kunz']")!.GetAttribute("value"));

        var buyer = await portal.SignedInAsync(DemoPortal.Buyer);
        var quotes = await buyer.GetDocumentAsync("/shop/quotes");
        Assert.Equal(["Requested", "Quote ready"], quotes.QuerySelectorAll("[data-quote] [data-testid=quote-status]").Select(s => s.TextContent.Trim()));
        Assert.NotNull(quotes.QuerySelector("[data-quote] button"));

        var clerk = await portal.SignedInAsync(DemoPortal.Sales);
        var queue = await clerk.GetDocumentAsync("/sales?type=QuoteRequest");
        var open = await portal.WithDbAsync(db => db.Quotes.Where(q => q.Status == QuoteStatus.Requested).Select(q => q.Number).SingleAsync());
        Assert.Contains(open, Assert.Single(queue.QuerySelectorAll("[data-testid=queue] tbody tr")).TextContent, StringComparison.Ordinal);
    }
}

/// The purchase analysis groups the quote requests in the database: the same on PostgreSQL, on the seeded demo.
[Trait("Category", "Postgres")]
public sealed class QuoteAnalysisOnPostgresTests
{
    [Fact]
    public async Task The_product_manager_sees_the_demos_quote_requests_per_pack_size_on_PostgreSQL()
    {
        await using var portal = new PortalFactory(DatabaseKind.Postgres);
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);

        var page = await pm.GetDocumentAsync("/pm/analysis?segment=C");
        var csv = await pm.Http.GetStringAsync("/pm/analysis?segment=C&handler=Csv&list=quotes");

        Assert.Equal(["P110-3", "P250-2", "P360-2"], page.QuerySelectorAll("[data-testid=quote-requests] tbody tr").Select(r => r.GetAttribute("data-sku")!).Order(StringComparer.Ordinal));
        Assert.Contains("P110-3,\"Interior wall paint, white matt\",Bucket 5 l,1,1,40,40,0", csv, StringComparison.Ordinal);
    }
}
