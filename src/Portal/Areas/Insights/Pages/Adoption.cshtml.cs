using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Insights;
using Portal.Web;

namespace Portal.Areas.Insights.Pages;

/// The class C customers behind the self-service adoption figure: who orders online, and who still only calls.
public sealed class AdoptionModel(MonthlyEconomics economics) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public DateTimeOffset Since { get; private set; }

    public int SelfServing { get; private set; }

    public Paged<MonthlyEconomics.AdoptionRow> Customers { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var (since, customers) = await economics.AdoptionAsync(cancellationToken);
        Since = since;
        SelfServing = customers.Count(c => c.SelfServing(since));
        Customers = customers.ToPaged(PageNumber);
    }
}
