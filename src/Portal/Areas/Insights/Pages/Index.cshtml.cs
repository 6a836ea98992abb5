using System.Globalization;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Customers;
using Portal.Insights;
using Portal.Segmentation;

namespace Portal.Areas.Insights.Pages;

/// The economics cockpit: whether the handling effort per order falls, per customer class, month by month.
public sealed class IndexModel(MonthlyEconomics economics, SegmentOverview segments, MonthlySummaries summaries, IStringLocalizer<SharedResource> t) : PageModel
{
    public static readonly int[] Periods = [6, 12, 24];

    [BindProperty(SupportsGet = true)]
    public int Months { get; set; } = 12;

    [BindProperty(SupportsGet = true, Name = "class")]
    public Segment Segment { get; set; } = Segment.C;

    [BindProperty(SupportsGet = true)]
    public Strategy? Strategy { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Rep { get; set; }

    public IReadOnlyList<(string Id, string Name)> Reps { get; private set; } = [];

    public MonthlyEconomics.Filter Filter => new(Strategy, Rep);

    /// The query string of the current view with some values replaced: links keep the other filters.
    public string Link(int? months = null, Segment? segment = null, string? month = null, string page = "/Index", string? report = null) =>
        LinkTo(Url, page, months ?? Months, segment ?? Segment, Strategy, Rep, month, report);

    /// The address of a cockpit page (this one, the export, the drill-down) with its filters (shared with the
    /// drill-down page's way back).
    public static string LinkTo(IUrlHelper url, string page, int months, Segment segment, Strategy? strategy, string? rep, string? month = null, string? report = null) =>
        url.Page(page, new RouteValueDictionary
        {
            ["area"] = "Insights",
            ["report"] = report,
            ["months"] = months.ToString(CultureInfo.InvariantCulture),
            ["class"] = segment.ToString(),
            ["strategy"] = strategy?.ToString(),
            ["rep"] = string.IsNullOrEmpty(rep) ? null : rep,
            ["month"] = month,
        })!;

    /// The runs whose classes the migration table compares; by default the two latest.
    [BindProperty(SupportsGet = true)]
    public long? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? To { get; set; }

    public IReadOnlyList<MonthlyEconomics.Row> Rows { get; private set; } = [];
    public IReadOnlyList<SegmentOverview.SegmentFigures> BySegment { get; private set; } = [];
    public SegmentOverview.Pareto Pareto { get; private set; } = new([], 0, 0, 0);
    public SegmentOverview.Migration Migration { get; private set; } = new(null, null, [], []);
    public IReadOnlyList<SegmentationRun> Runs => Migration.Runs;
    public SegmentOverview.Matrix Matrix { get; private set; } = new(new Dictionary<(Segment, Segment), int>(), 0, 0);

    public int SmallCustomers { get; private set; }
    public int SelfServing { get; private set; }

    /// Over the period, each customer against its own first three months on record (HandlingCostSaved).
    public decimal HandlingCostSaved => Localization.Money.Round(Rows.Sum(r => r.HandlingCostSaved));

    /// Whether the signed-in staff member gets the monthly summary mail, and what just changed (htmx answer).
    public bool MonthlySummaryEnabled { get; private set; }
    public string? MonthlySummaryNotice { get; private set; }

    private string UserId => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        MonthlySummaryEnabled = await summaries.IsOptedInAsync(UserId, cancellationToken);
        Months = Periods.Contains(Months) ? Months : 12;
        Rows = (await economics.MonthsAsync(Months, Filter, cancellationToken)).Where(r => r.Segment == Segment).ToList();
        Reps = await economics.RepsAsync(cancellationToken);
        (SmallCustomers, SelfServing) = await economics.SelfServiceAdoptionAsync(cancellationToken);
        BySegment = await segments.BySegmentAsync(cancellationToken);
        Pareto = await segments.ParetoAsync(50, cancellationToken);
        Matrix = await segments.MatrixAsync(cancellationToken);
        Migration = await segments.MigrationAsync(From, To, cancellationToken);

    }

    /// The staff member's own opt-in; a plain post redirects back, htmx swaps the form.
    public async Task<IActionResult> OnPostMonthlySummaryAsync(bool enabled, CancellationToken cancellationToken)
    {
        await summaries.SetOptInAsync(UserId, enabled, cancellationToken);
        var notice = (enabled ? t["You will get the monthly summary by mail on the first of each month."] : t["You will no longer get the monthly summary by mail."]).Value;
        if (Request.IsHtmx())
        {
            (MonthlySummaryEnabled, MonthlySummaryNotice) = (enabled, notice);
            return Partial("_MonthlySummaryOptIn", this);
        }

        TempData["Notice"] = notice;
        return RedirectToPage("/Index", new { area = "Insights" });
    }
}
