using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Customers;
using Portal.Insights;

namespace Portal.Areas.Insights.Pages;

/// The economics cockpit: whether the handling effort per order falls, per customer class, month by month.
public sealed class IndexModel(MonthlyEconomics economics) : PageModel
{
    public static readonly int[] Periods = [6, 12, 24];

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public int Months { get; set; } = 12;

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "class")]
    public Segment Class { get; set; } = Segment.C;

    public IReadOnlyList<MonthlyEconomics.Row> Rows { get; private set; } = [];
    public int SmallCustomers { get; private set; }
    public int SelfServing { get; private set; }

    /// The first three months with orders in the period: what the later months are measured against.
    public decimal? BaselineCostPerOrder { get; private set; }

    /// Σ over the later months of orders × (baseline cost per order − that month's cost per order).
    public decimal HandlingCostSaved { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Months = Periods.Contains(Months) ? Months : 12;
        Rows = (await economics.MonthsAsync(Months, cancellationToken)).Where(r => r.Class == Class).ToList();
        (SmallCustomers, SelfServing) = await economics.SelfServiceAdoptionAsync(cancellationToken);

        var withOrders = Rows.Where(r => r.Orders > 0).ToList();
        var baseline = withOrders.Take(3).ToList();
        if (baseline.Count > 0 && baseline.Sum(r => r.Orders) > 0)
        {
            BaselineCostPerOrder = Localization.Money.Round(baseline.Sum(r => r.CostToServe) / baseline.Sum(r => r.Orders));
            HandlingCostSaved = Localization.Money.Round(withOrders.Skip(3).Sum(r => r.Orders * (BaselineCostPerOrder.Value - r.CostPerOrder)));
        }
    }
}
