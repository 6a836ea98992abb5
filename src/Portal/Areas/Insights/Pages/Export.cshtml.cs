using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Insights;
using Portal.Web;

namespace Portal.Areas.Insights.Pages;

/// GET /insights/export?report=monthly: the monthly figures of every class as CSV, for a spreadsheet or a BI tool.
/// The header and formats are fixed (invariant numbers, months as YYYY-MM in business time): other tools read it.
public sealed class ExportModel(MonthlyEconomics economics) : PageModel
{
    public const string MonthlyHeader = "month,class,orders,touchless_orders,touchless_rate,cost_to_serve,revenue,contribution";

    public async Task<IActionResult> OnGetAsync(string? report, int? months, Portal.Segmentation.Strategy? strategy, string? rep, CancellationToken cancellationToken)
    {
        if (report != "monthly")
        {
            return BadRequest("Unknown report; the cockpit exports report=monthly.");
        }

        var span = months is { } m && IndexModel.Periods.Contains(m) ? m : 24;
        var rows = await economics.MonthsAsync(span, new MonthlyEconomics.Filter(strategy, rep), cancellationToken);
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = SpreadsheetCsv.Create(writer))
        {
            static string Amount(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
            csv.Row(MonthlyHeader.Split(','));
            foreach (var row in rows)
            {
                csv.Row(
                    row.MonthKey,
                    row.Segment.ToString(),
                    row.Orders.ToString(CultureInfo.InvariantCulture),
                    row.TouchlessOrders.ToString(CultureInfo.InvariantCulture),
                    row.TouchlessRate.ToString("0.0000", CultureInfo.InvariantCulture),
                    Amount(row.CostToServe),
                    Amount(row.Revenue),
                    Amount(row.Contribution));
            }
        }

        return File(System.Text.Encoding.UTF8.GetBytes(writer.ToString()), "text/csv; charset=utf-8", $"portal-monthly-{span}m.csv");
    }
}
