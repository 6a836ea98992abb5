using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Customers;
using Portal.Ordering;
using Portal.Purchasing;
using Portal.Sales;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.ProductManagement;

/// The purchase analysis on known data: orders, searches and requests placed in March 2019, a month the demo
/// history does not reach, so every figure is known exactly.
public sealed class PurchaseAnalysisTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    private const string Url = "/pm/analysis?segment=C&from=2019-03-01&to=2019-03-31";

    private static DateTimeOffset At(int day, int hour = 10) => new(2019, 3, day, hour, 0, 0, TimeSpan.FromHours(1));

    private async Task SeedAsync()
    {
        await portal.WithDbAsync(async db =>
        {
            if (await db.Customers.AnyAsync(c => c.Number == "AN-X"))
            {
                return 0;
            }

            Customer New(string number, Segment segment) => new() { Number = number, Name = $"Analyse {number}", Segment = segment };
            var x = New("AN-X", Segment.C);
            var y = New("AN-Y", Segment.C);
            var z = New("AN-Z", Segment.B);
            db.Customers.AddRange(x, y, z);
            await db.SaveChangesAsync();
            var packs = await db.PackSizes.Where(s => s.Sku == "P110-1" || s.Sku == "P110-2" || s.Sku == "P130-1").ToDictionaryAsync(s => s.Sku, s => s.Id);

            Order New2(string number, Customer customer, DateTimeOffset at, OrderChannel channel, OrderStatus status, params (string Sku, int Quantity, decimal Net)[] lines)
            {
                var order = new Order { Number = number, CustomerId = customer.Id, PlacedAt = at, Channel = channel, Status = status };
                foreach (var (sku, quantity, net) in lines)
                {
                    order.Lines.Add(new OrderLine { LineNumber = order.Lines.Count + 1, PackSizeId = packs[sku], Sku = sku, Description = sku, Quantity = quantity, UnitPrice = net / quantity, TaxRate = 0.19m, LineNet = net });
                }

                return order;
            }

            db.Orders.AddRange(
                New2("2019-AN0001", x, At(5), OrderChannel.Shop, OrderStatus.Completed, ("P110-1", 2, 8.40m), ("P110-2", 1, 10.55m)),
                New2("2019-AN0002", y, At(10), OrderChannel.Phone, OrderStatus.Completed, ("P110-1", 3, 12.00m), ("P130-1", 1, 8.00m)),
                New2("2019-AN0003", x, At(20), OrderChannel.Shop, OrderStatus.Cancelled, ("P110-2", 5, 50.00m)),
                New2("2019-AN0004", z, At(12), OrderChannel.Shop, OrderStatus.Completed, ("P110-1", 10, 40.00m)),
                New2("2019-AN0005", x, new DateTimeOffset(2019, 4, 1, 10, 0, 0, TimeSpan.FromHours(2)), OrderChannel.Shop, OrderStatus.Completed, ("P130-1", 9, 72.00m)));
            db.SearchMisses.AddRange(
                new SearchMiss { Term = "Spachtelmasse grob", CustomerId = x.Id, At = At(3) },
                new SearchMiss { Term = "spachtelmasse grob", CustomerId = x.Id, At = At(4) },
                new SearchMiss { Term = "Spachtelmasse grob", CustomerId = y.Id, At = At(6) },
                new SearchMiss { Term = "Lasur Eiche", CustomerId = y.Id, At = At(7) },
                new SearchMiss { Term = "Lasur Eiche", CustomerId = z.Id, At = At(7) },
                new SearchMiss { Term = "Lasur Eiche", CustomerId = x.Id, At = new DateTimeOffset(2019, 2, 28, 10, 0, 0, TimeSpan.FromHours(1)) });
            db.Escalations.AddRange(
                new Escalation { Type = EscalationType.NotInCatalog, CustomerId = x.Id, Reason = "Bitte Abdeckpapier 50 m anbieten", CreatedAt = At(15), DueAt = At(16) },
                new Escalation { Type = EscalationType.CallbackRequest, CustomerId = x.Id, Reason = "Rückruf", CreatedAt = At(15), DueAt = At(16) },
                new Escalation { Type = EscalationType.NotInCatalog, CustomerId = z.Id, Reason = "B-Kunde", CreatedAt = At(15), DueAt = At(16) });

            // Quotes asked for: two C customers want P110-2 in quantity (one accepted), one of them P110-1 too; a B
            // customer's request and one asked for in April do not count.
            Quote Quote(string number, Customer customer, DateTimeOffset at, QuoteStatus status, params (string Sku, int Quantity)[] items) => new()
            {
                Number = number,
                CustomerId = customer.Id,
                RequestedAt = at,
                Status = status,
                Items = items.Select((item, index) => new QuoteItem { LineNumber = index + 1, PackSizeId = packs[item.Sku], Sku = item.Sku, Description = item.Sku, Quantity = item.Quantity, ListUnitPrice = 10m, TaxRate = 0.19m }).ToList(),
            };
            db.Quotes.AddRange(
                Quote("Q2019-AN0001", x, At(8), QuoteStatus.Accepted, ("P110-2", 200), ("P110-1", 50)),
                Quote("Q2019-AN0002", y, At(9), QuoteStatus.Quoted, ("P110-2", 120)),
                Quote("Q2019-AN0003", z, At(9), QuoteStatus.Requested, ("P110-2", 500)),
                Quote("Q2019-AN0004", x, new DateTimeOffset(2019, 4, 1, 10, 0, 0, TimeSpan.FromHours(2)), QuoteStatus.Requested, ("P130-1", 90)));
            return await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task The_analysis_shows_the_exact_figures_of_the_segment_and_period()
    {
        await SeedAsync();
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);

        var page = await pm.GetDocumentAsync(Url);

        string Rows(string testId) => string.Join(" | ", page.QuerySelectorAll($"[data-testid='{testId}'] tbody tr").Select(r => string.Join(" ; ", r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()))));
        // Cancelled, segment B and April orders do not count.
        Assert.Equal("Interior wall paint, white matt ; €30.95 ; 2 ; 6 | Facade paint, white ; €8.00 ; 1 ; 1", Rows("products-by-revenue"));
        Assert.Equal("Interior wall paint, white matt ; 2 ; €30.95 | Facade paint, white ; 1 ; €8.00", Rows("products-by-orders"));
        Assert.Equal(["P110-1", "P110-2", "P130-1"], page.QuerySelectorAll("[data-testid='packs-by-revenue'] tbody tr").Select(r => r.GetAttribute("data-sku")));
        Assert.Equal(["P110-1", "P110-2", "P130-1"], page.QuerySelectorAll("[data-testid='packs-by-orders'] tbody tr").Select(r => r.GetAttribute("data-sku")));
        // Small packs: P110-1 (20.40) and P130-1 (8.00) of 38.95; 3 of 4 lines.
        var share = page.QuerySelector("[data-testid='small-pack-share']")!.TextContent;
        Assert.Contains("72.9 %", share);
        Assert.Contains("75.0 %", share);
        Assert.Equal("spachtelmasse grob ; 3 ; 2 | lasur eiche ; 1 ; 1", Rows("searches"));
        Assert.Contains("Bitte Abdeckpapier 50 m anbieten", Rows("requests"));
        Assert.Single(page.QuerySelectorAll("[data-testid='requests'] tbody tr"));
        Assert.Equal("Interior wall paint, white matt, Bucket 2.5 l P110-2 ; 2 ; 2 ; 320 ; 200 ; 1 | Interior wall paint, white matt, Bucket 1 l P110-1 ; 1 ; 1 ; 50 ; 50 ; 1", Rows("quote-requests").Replace("  ", " ", StringComparison.Ordinal));
        // Facade paint is not in the small-customer catalog: ordered by phone.
        Assert.Equal("Facade paint, white, Bucket 1 l P130-1 ; 1 ; 1 ; 1 ; 1 ; €8.00", Rows("off-catalog").Replace("  ", " ", StringComparison.Ordinal));
        var chart = page.QuerySelector("svg[data-testid='chart-products-revenue']")!;
        Assert.Equal("Top products by revenue", chart.QuerySelector("title")!.TextContent);
        Assert.Equal(2, chart.QuerySelectorAll("rect").Length);
    }

    [Theory]
    [InlineData("products", "product,revenue_net,orders,packs\nInterior wall paint, white matt,30.95,2,6\nFacade paint, white,8.00,1,1\n")]
    [InlineData("packs", "sku,product,pack_size,small_pack,revenue_net,orders,packs\nP110-1,Interior wall paint, white matt,Bucket 1 l,yes,20.40,2,5\nP110-2,Interior wall paint, white matt,Bucket 2.5 l,no,10.55,1,1\nP130-1,Facade paint, white,Bucket 1 l,yes,8.00,1,1\n")]
    [InlineData("searches", "term,searches,customers\nspachtelmasse grob,3,2\nlasur eiche,1,1\n")]
    [InlineData("quotes", "sku,product,pack_size,requests,customers,packs_requested,largest_request,accepted\nP110-2,Interior wall paint, white matt,Bucket 2.5 l,2,2,320,200,1\nP110-1,Interior wall paint, white matt,Bucket 1 l,1,1,50,50,1\n")]
    [InlineData("off-catalog", "sku,product,pack_size,orders,phone_orders,customers,packs,revenue_net\nP130-1,Facade paint, white,Bucket 1 l,1,1,1,1,8.00\n")]
    public async Task Each_list_exports_as_csv_with_the_same_figures(string list, string expected)
    {
        await SeedAsync();
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);

        var response = await pm.Http.GetAsync($"{Url}&handler=Csv&list={list}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"{list}-C-2019-03-01-2019-03-31.csv", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        var text = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        Assert.Equal(expected.Replace("Interior wall paint, white matt", "\"Interior wall paint, white matt\"", StringComparison.Ordinal).Replace("Facade paint, white", "\"Facade paint, white\"", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task A_reversed_period_is_answered_with_a_message_and_an_unknown_list_with_404()
    {
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);

        var page = await pm.GetDocumentAsync("/pm/analysis?segment=C&from=2019-03-31&to=2019-03-01");

        Assert.Contains("Please choose a period whose start is not after its end", page.QuerySelector(".alert-error")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await pm.Http.GetAsync("/pm/analysis?handler=Csv&list=secrets")).StatusCode);
    }
}
