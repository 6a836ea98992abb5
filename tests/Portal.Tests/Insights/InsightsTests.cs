using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portal.Ordering;
using Portal.Sales;
using Portal.Tests.Infrastructure;
using Portal.Tests.Reordering;

namespace Portal.Tests.Insights;

/// The economics cockpit at /insights and its monthly CSV, on the demo.
public sealed partial class InsightsTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    private const string Header = "month,class,orders,touchless_orders,touchless_rate,cost_to_serve,revenue,contribution";

    [Theory]
    [InlineData(DemoPortal.Sales)]
    [InlineData(DemoPortal.ProductManager)]
    [InlineData(DemoPortal.Admin)]
    public async Task Staff_open_the_cockpit_and_see_this_months_small_customer_figures(string email)
    {
        var staff = await portal.SignedInAsync(email);

        var page = await staff.GetDocumentAsync("/insights");

        Assert.Equal("Is the handling effort falling?", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(12, page.QuerySelectorAll("[data-testid=months] tbody tr").Length);
        Assert.NotNull(page.QuerySelector("[data-testid=chart-touchless]"));
        Assert.Contains(page.QuerySelectorAll("[data-testid=months] [data-testid=rate]"), cell => cell.TextContent.Contains('%'));
        Assert.Equal(24, (await staff.GetDocumentAsync("/insights?months=24&class=A")).QuerySelectorAll("[data-testid=months] tbody tr").Length);
    }

    [Fact]
    public async Task The_demo_shows_handling_cost_saved_per_month_and_per_customer_adding_up_to_the_headline()
    {
        var admin = await portal.SignedInAsync(DemoPortal.Admin);

        var page = await admin.GetDocumentAsync("/insights?class=C&months=12");

        var perMonth = page.QuerySelectorAll("[data-testid=months] [data-testid=saved]").Select(c => Amount(c.TextContent)).ToList();
        Assert.Equal(12, perMonth.Count);
        var headline = Amount(page.QuerySelector("[data-testid=cost-saved]")!.TextContent);
        Assert.Equal(perMonth.Sum(), headline);
        Assert.True(headline > 0, $"the demo's small customers moved to the shop over the year, so they save handling cost; the cockpit says {headline}");

        // The month's figure is the sum over the customers behind it.
        var month = page.QuerySelectorAll("[data-testid=months] tbody tr").Skip(1).First(r => Amount(r.QuerySelector("[data-testid=saved]")!.TextContent) != 0);
        var customers = await admin.GetDocumentAsync(month.QuerySelector("th a")!.GetAttribute("href")!);
        Assert.Equal(Amount(month.QuerySelector("[data-testid=saved]")!.TextContent), customers.QuerySelectorAll("[data-testid=saved]").Sum(c => Amount(c.TextContent)));
    }

    private static decimal Amount(string text) =>
        decimal.Parse(Regex.Replace(text, @"[^\d.\-−]", "").Replace('−', '-'), NumberStyles.Number, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Every_list_of_the_cockpit_downloads_as_csv_the_customers_behind_a_month_the_pareto_curve_and_the_moves()
    {
        var admin = await portal.SignedInAsync(DemoPortal.Admin);
        var cockpit = await admin.GetDocumentAsync("/insights?class=C");
        var month = cockpit.QuerySelectorAll("[data-testid=months] tbody tr th a").First();
        var customersPage = await admin.GetDocumentAsync(month.GetAttribute("href")!);

        var customers = await CsvLinesAsync(admin, customersPage.QuerySelector("[data-testid=export-customers]")!.GetAttribute("href")!);
        var pareto = await CsvLinesAsync(admin, cockpit.QuerySelector("[data-testid=export-pareto]")!.GetAttribute("href")!);
        var moves = await CsvLinesAsync(admin, cockpit.QuerySelector("[data-testid=export-migration]")!.GetAttribute("href")!);

        Assert.Equal("customer_number,customer,orders,touchless_orders,phone_orders,revenue,handling_cost_saved", customers[0]);
        Assert.Equal(customersPage.QuerySelectorAll("table tbody tr").Length, customers.Count - 1);
        Assert.Equal("customer_share,revenue_share", pareto[0]);
        Assert.Equal("1.0000,1.0000", pareto[^1]);
        Assert.Equal("from_class,to_class,customers", moves[0]);
        Assert.True(moves.Count > 1, "the demo's runs moved customers");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.Http.GetAsync("/insights/export?report=customers&class=C&month=2026-13")).StatusCode);

        // Revenue × potential: nine cells, every customer with figures in exactly one, the file as the table.
        var matrix = await CsvLinesAsync(admin, cockpit.QuerySelector("[data-testid=export-matrix]")!.GetAttribute("href")!);
        var cells = cockpit.QuerySelectorAll("[data-testid=matrix] td[data-revenue]").ToList();
        Assert.Equal("revenue_band,potential_band,customers", matrix[0]);
        Assert.Equal(9, cells.Count);
        var withFigures = await portal.WithDbAsync(db => db.CustomerFigures.CountAsync());
        Assert.Equal(withFigures, cells.Sum(c => int.Parse(c.TextContent, CultureInfo.InvariantCulture)));
        Assert.All(cells, c => Assert.Contains($"{c.GetAttribute("data-revenue")},{c.GetAttribute("data-potential")},{c.TextContent.Trim()}", matrix));

        // Every non-empty cell opens the customers behind it, each a link to its 360° view.
        foreach (var cell in cells.Where(c => c.TextContent.Trim() != "0"))
        {
            var behind = await admin.GetDocumentAsync(cell.QuerySelector("a")!.GetAttribute("href")!);
            var rows = behind.QuerySelectorAll("[data-testid=matrix-customers] tbody tr");
            Assert.Equal(int.Parse(cell.TextContent, CultureInfo.InvariantCulture), rows.Length);
            Assert.All(rows, r => Assert.NotNull(r.QuerySelector($"a[href='/sales/customers/{r.GetAttribute("data-customer")}']")));
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.Http.GetAsync("/insights/matrix?revenue=X&potential=A")).StatusCode);
    }

    [Fact]
    public async Task Orders_by_channel_add_up_to_the_months_orders_in_the_table_and_the_csv()
    {
        var admin = await portal.SignedInAsync(DemoPortal.Admin);
        var cockpit = await admin.GetDocumentAsync("/insights?class=C&months=12");

        // On the page: per month the channels add up to the month's orders, and the self-service share is the rest.
        var orders = cockpit.QuerySelectorAll("[data-testid=months] tbody tr")
            .ToDictionary(r => r.GetAttribute("data-month")!, r => int.Parse(r.QuerySelectorAll("td")[0].TextContent, CultureInfo.InvariantCulture));
        var channels = cockpit.QuerySelectorAll("[data-testid=channels] tbody tr").ToList();
        Assert.Equal(12, channels.Count);
        Assert.NotNull(cockpit.QuerySelector("[data-testid=channels] td[data-channel=Phone]"));
        Assert.All(channels, r => Assert.Equal(orders[r.GetAttribute("data-month")!], r.QuerySelectorAll("td[data-channel]").Sum(c => int.Parse(c.TextContent, CultureInfo.InvariantCulture))));

        // The file: every month, class and channel, with the same counts as the monthly report's orders.
        var csv = await CsvLinesAsync(admin, cockpit.QuerySelector("[data-testid=export-channels]")!.GetAttribute("href")!);
        var monthly = await CsvLinesAsync(admin, "/insights/export?report=monthly&months=12");
        Assert.Equal("month,class,channel,orders", csv[0]);
        Assert.Equal((monthly.Count - 1) * Enum.GetValues<OrderChannel>().Length, csv.Count - 1);
        var byMonthAndClass = csv.Skip(1).Select(l => l.Split(',')).GroupBy(f => (f[0], f[1])).ToDictionary(g => g.Key, g => g.Sum(f => int.Parse(f[3], CultureInfo.InvariantCulture)));
        Assert.All(monthly.Skip(1).Select(l => l.Split(',')), f => Assert.Equal(int.Parse(f[2], CultureInfo.InvariantCulture), byMonthAndClass[(f[0], f[1])]));
    }

    private static async Task<List<string>> CsvLinesAsync(HtmlClient client, string href)
    {
        var response = await client.Http.GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        return (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
    }

    [Fact]
    public async Task The_adoption_figure_opens_the_small_customers_behind_it_those_not_yet_online_first()
    {
        var admin = await portal.SignedInAsync(DemoPortal.Admin);
        var cockpit = await admin.GetDocumentAsync("/insights");

        var page = await admin.GetDocumentAsync(cockpit.QuerySelector("[data-testid=adoption] a")!.GetAttribute("href")!);

        var rows = page.QuerySelectorAll("[data-testid=adoption-customers] tbody tr").ToList();
        var smallCustomers = await portal.WithDbAsync(db => db.Customers.CountAsync(c => c.Segment == Portal.Customers.Segment.C));
        Assert.Equal(smallCustomers, rows.Count);
        var online = rows.Select(r => r.GetAttribute("data-online")).ToList();
        Assert.Equal(online.OrderBy(o => o == "yes").ToList(), online);
        Assert.Contains($"{online.Count(o => o == "yes")} of {smallCustomers} class C customers", page.QuerySelector(".lead")!.TextContent);
    }

    [Fact]
    public async Task Buyers_are_refused_the_cockpit_and_its_export()
    {
        var buyer = await portal.SignedInAsync(DemoPortal.Buyer);

        HtmlClient.AssertRedirect(await buyer.Http.GetAsync("/insights"), "/account/access-denied");
        HtmlClient.AssertRedirect(await buyer.Http.GetAsync("/insights/export?report=monthly"), "/account/access-denied");
    }

    [Fact]
    public async Task The_monthly_csv_has_the_agreed_header_and_formats()
    {
        var admin = await portal.SignedInAsync(DemoPortal.Admin);

        var response = await admin.Http.GetAsync("/insights/export?report=monthly");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Header, lines[0]);
        Assert.Equal(24 * 3, lines.Count - 1);
        Assert.All(lines.Skip(1), line => Assert.Matches(Row(), line));
        var thisMonth = Portal.Localization.Dates.BusinessToday(TimeProvider.System).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        Assert.StartsWith(thisMonth + ",A,", lines[^3]);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.Http.GetAsync("/insights/export?report=nonsense")).StatusCode);
    }

    [Fact]
    public async Task Only_self_service_orders_without_an_escalation_are_touchless_and_cancelled_orders_do_not_count()
    {
        var admin = await portal.SignedInAsync(DemoPortal.Admin);
        var before = await ThisMonthsSmallCustomersAsync(admin);
        var (customerId, number, _) = await portal.NewCompanyWithoutSignInAsync();
        var (packId, _) = await portal.PackAsync(ShopDriver.WallPaint1L);

        await portal.WithDbAsync(async db =>
        {
            Order NewOrder(OrderChannel channel, OrderStatus status = OrderStatus.Confirmed) => new()
            {
                Number = $"INS-{Guid.NewGuid():N}"[..20],
                CustomerId = customerId,
                PlacedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
                Channel = channel,
                Status = status,
                SubtotalNet = 10m,
                TotalGross = 11.90m,
                Lines = [new OrderLine { LineNumber = 1, PackSizeId = packId, Sku = ShopDriver.WallPaint1L, Description = "Wall paint", Quantity = 2, UnitPrice = 5m, LineNet = 10m, TaxRate = 0.19m }],
            };
            var touchless = NewOrder(OrderChannel.Shop);
            var escalated = NewOrder(OrderChannel.ReorderList);
            var phone = NewOrder(OrderChannel.Phone);
            var cancelled = NewOrder(OrderChannel.Shop, OrderStatus.Cancelled);
            db.Orders.AddRange(touchless, escalated, phone, cancelled);
            await db.SaveChangesAsync();
            db.Escalations.Add(new Escalation { Type = EscalationType.OrderComment, CustomerId = customerId, OrderId = escalated.Id, Reason = "test", CreatedAt = DateTimeOffset.UtcNow, DueAt = DateTimeOffset.UtcNow.AddDays(1) });
            return await db.SaveChangesAsync();
        });
        var after = await ThisMonthsSmallCustomersAsync(admin);

        Assert.Equal(3, after.Orders - before.Orders);
        Assert.Equal(1, after.Touchless - before.Touchless);
        Assert.Equal(30m, after.Revenue - before.Revenue);
        Assert.True(after.CostToServe > before.CostToServe);

        // The month's drill-down names the company behind the numbers (a company new this month is in its baseline: nothing saved).
        var thisMonth = Portal.Localization.Dates.BusinessToday(TimeProvider.System).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var behind = await admin.GetDocumentAsync($"/insights/customers?month={thisMonth}&class=C");
        var cells = behind.QuerySelector($"[data-testid=month-customers] tr[data-customer='{number}']")!.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["3", "1", "1", "€30.00", "€0.00"], cells);
        Assert.NotNull(behind.QuerySelector($"a[href='/sales/customers/{number}']"));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.Http.GetAsync("/insights/customers?month=2026-13&class=C")).StatusCode);
    }

    [Fact]
    public async Task The_figures_narrow_to_a_rep_and_a_strategy()
    {
        var admin = await portal.SignedInAsync(DemoPortal.Admin);
        static int Orders(string csv) => csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Sum(l => int.Parse(l.Split(',')[2], CultureInfo.InvariantCulture));

        var all = Orders(await admin.Http.GetStringAsync("/insights/export?report=monthly&months=12"));
        var nobody = Orders(await admin.Http.GetStringAsync("/insights/export?report=monthly&months=12&rep=nobody"));
        var selfService = Orders(await admin.Http.GetStringAsync("/insights/export?report=monthly&months=12&strategy=SelfService"));
        var page = await admin.GetDocumentAsync("/insights?strategy=SelfService");

        Assert.True(all > 0);
        Assert.Equal(0, nobody);
        Assert.InRange(selfService, 0, all - 1);
        Assert.Equal("SelfService", page.QuerySelector("#strategy option[selected]")!.GetAttribute("value"));
        Assert.Contains("strategy=SelfService", page.QuerySelector("[data-testid=export-monthly]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_cockpits_sums_per_class_are_those_of_the_segment_overview_and_the_first_run_brings_every_customer_in_as_new()
    {
        var sales = await portal.SignedInAsync(DemoPortal.Sales);

        var demoRun = await portal.WithDbAsync(db => db.SegmentationRuns.MinAsync(r => r.Id));
        var cockpit = await sales.GetDocumentAsync($"/insights?to={demoRun}");
        var segments = await sales.GetDocumentAsync("/sales/segments");

        foreach (var segment in new[] { "A", "B", "C" })
        {
            var mine = cockpit.QuerySelector($"[data-testid=by-class] tr[data-class={segment}]")!;
            var theirs = segments.QuerySelector($"tr[data-class={segment}]")!.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
            Assert.Equal(theirs[1], mine.QuerySelector("[data-testid=customers]")!.TextContent.Trim());
            Assert.Equal(theirs[2], mine.QuerySelector("[data-testid=revenue]")!.TextContent.Trim());
            Assert.Equal(theirs[3], mine.QuerySelector("[data-testid=contribution]")!.TextContent.Trim());
        }

        Assert.NotEqual("0", cockpit.QuerySelector("[data-testid=by-class] tr[data-class=C] [data-testid=customers]")!.TextContent.Trim());
        var customers = await portal.WithDbAsync(db => db.CustomerFigures.CountAsync());
        var moves = cockpit.QuerySelectorAll("[data-testid=migration] tbody tr").ToList();
        Assert.All(moves, row => Assert.Equal("new", row.GetAttribute("data-from")));
        Assert.Equal(customers, moves.Sum(row => int.Parse(row.QuerySelector("td.num")!.TextContent, CultureInfo.InvariantCulture)));
        Assert.NotNull(cockpit.QuerySelector("[data-testid=chart-pareto] polyline"));
    }

    private static async Task<(int Orders, int Touchless, decimal CostToServe, decimal Revenue)> ThisMonthsSmallCustomersAsync(HtmlClient client)
    {
        var thisMonth = Portal.Localization.Dates.BusinessToday(TimeProvider.System).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var csv = await client.Http.GetStringAsync("/insights/export?report=monthly&months=6");
        var fields = csv.Split('\n').Single(l => l.StartsWith(thisMonth + ",C,", StringComparison.Ordinal)).TrimEnd('\r').Split(',');
        return (int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture),
            decimal.Parse(fields[5], CultureInfo.InvariantCulture), decimal.Parse(fields[6], CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^\d{4}-\d{2},[ABC],\d+,\d+,[01]\.\d{4},-?\d+\.\d{2},-?\d+\.\d{2},-?\d+\.\d{2}$")]
    private static partial Regex Row();
}
