using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Customers;
using Portal.Insights;
using Portal.Web;

namespace Portal.Areas.Insights.Pages;

/// The customers behind a month's figures in the cockpit: who ordered how, the ones that needed handling first.
public sealed class CustomersModel(MonthlyEconomics economics) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    [BindProperty(SupportsGet = true, Name = "class")]
    public Segment Segment { get; set; } = Segment.C;

    [BindProperty(SupportsGet = true)]
    public Portal.Segmentation.Strategy? Strategy { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Rep { get; set; }

    [BindProperty(SupportsGet = true)]
    public int Months { get; set; } = 12;

    public DateOnly Shown { get; private set; }
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public Paged<MonthlyEconomics.CustomerMonth> Customers { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            return BadRequest("month is YYYY-MM.");
        }

        Shown = month;
        Customers = (await economics.CustomersAsync(month, Segment, new MonthlyEconomics.Filter(Strategy, Rep), cancellationToken)).ToPaged(PageNumber);
        return Page();
    }
}
