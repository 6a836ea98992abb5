using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Insights;
using Portal.Web;

namespace Portal.Areas.Insights.Pages;

/// GET /insights/export: the cockpit's figures as CSV, for a spreadsheet or a BI tool — every chart and list of the
/// cockpit has its file. Headers and formats are fixed (invariant numbers, months as YYYY-MM in business time): other
/// tools read them.
public sealed class ExportModel(MonthlyEconomics economics, SegmentOverview segments) : PageModel
{
    public const string MonthlyHeader = "month,class,orders,touchless_orders,touchless_rate,cost_to_serve,revenue,contribution";
    public const string ChannelsHeader = "month,class,channel,orders";

    public const string CustomersHeader = "customer_number,customer,orders,touchless_orders,phone_orders,revenue,handling_cost_saved";
    public const string ParetoHeader = "customer_share,revenue_share";
    public const string MigrationHeader = "from_class,to_class,customers";
    public const string MatrixHeader = "revenue_band,potential_band,customers";

    /// report=monthly (every class per month), channels (orders per month, class and channel), customers (one class in one month: month=YYYY-MM&amp;class=C), pareto
    /// (the curve's points) or migration (from=run&amp;to=run; from 0 is before the first run).
    public async Task<IActionResult> OnGetAsync(string? report, int? months, [FromQuery(Name = "class")] Portal.Customers.Segment? segment, string? month, long? from, long? to,
        Portal.Segmentation.Strategy? strategy, string? rep, CancellationToken cancellationToken)
    {
        var filter = new MonthlyEconomics.Filter(strategy, rep);
        switch (report)
        {
            case "monthly":
                var span = months is { } m && IndexModel.Periods.Contains(m) ? m : 24;
                return Csv($"portal-monthly-{span}m.csv", MonthlyHeader, (await economics.MonthsAsync(span, filter, cancellationToken)).Select(row => new[]
                {
                    row.MonthKey, row.Segment.ToString(), Count(row.Orders), Count(row.TouchlessOrders),
                    row.TouchlessRate.ToString("0.0000", CultureInfo.InvariantCulture), Amount(row.CostToServe), Amount(row.Revenue), Amount(row.Contribution),
                }));
            case "channels":
                var period = months is { } n && IndexModel.Periods.Contains(n) ? n : 24;
                return Csv($"portal-channels-{period}m.csv", ChannelsHeader, (await economics.MonthsAsync(period, filter, cancellationToken))
                    .SelectMany(row => Enum.GetValues<Portal.Ordering.OrderChannel>().Select(channel => new[]
                    {
                        row.MonthKey, row.Segment.ToString(), channel.ToString(), Count(row.OrdersByChannel.GetValueOrDefault(channel)),
                    })));
            case "customers" when segment is { } wanted && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first):
                return Csv($"portal-class-{wanted}-{month}.csv", CustomersHeader, (await economics.CustomersAsync(first, wanted, filter, cancellationToken)).Select(c => new[]
                {
                    c.Number, c.Name, Count(c.Orders), Count(c.TouchlessOrders), Count(c.PhoneOrders), Amount(c.Revenue), Amount(c.HandlingCostSaved),
                }));
            case "pareto":
                return Csv("portal-pareto.csv", ParetoHeader, (await segments.ParetoAsync(100, cancellationToken)).Points.Select(p => new[]
                {
                    p.CustomerShare.ToString("0.0000", CultureInfo.InvariantCulture), p.RevenueShare.ToString("0.0000", CultureInfo.InvariantCulture),
                }));
            case "migration":
                return Csv("portal-moves-between-classes.csv", MigrationHeader, (await segments.MigrationAsync(from, to, cancellationToken)).Moves.Select(move => new[]
                {
                    move.From?.ToString() ?? "", move.To.ToString(), Count(move.Customers),
                }));
            case "matrix":
                var matrix = await segments.MatrixAsync(cancellationToken);
                return Csv("portal-revenue-potential.csv", MatrixHeader,
                    from revenue in Bands from potential in Bands select new[] { revenue.ToString(), potential.ToString(), Count(matrix[revenue, potential]) });
            default:
                return BadRequest("Unknown report; the cockpit exports report=monthly, channels, customers (with month=YYYY-MM and class), pareto, migration or matrix.");
        }
    }

    private FileContentResult Csv(string name, string header, IEnumerable<string[]> rows)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = SpreadsheetCsv.Create(writer))
        {
            csv.Row(header.Split(','));
            foreach (var row in rows)
            {
                csv.Row(row);
            }
        }

        return File(System.Text.Encoding.UTF8.GetBytes(writer.ToString()), "text/csv; charset=utf-8", name);
    }

    private static readonly Portal.Customers.Segment[] Bands = [Portal.Customers.Segment.A, Portal.Customers.Segment.B, Portal.Customers.Segment.C];

    private static string Amount(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
