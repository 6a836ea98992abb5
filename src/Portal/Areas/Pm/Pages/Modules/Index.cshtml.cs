using Portal.Catalogs;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;
using Portal.ServiceModules;
using Portal.Web;

namespace Portal.Areas.Pm.Pages.Modules;

/// The modular offer: every delivery option, the partner drop-ship and the bundles, with each segment's price.
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public sealed record Price(Segment Segment, decimal NetPrice);

    public sealed record Row(int Id, string Code, ModuleKind Kind, string Name, bool IsActive, IReadOnlyList<Price> Prices, int BundleItems)
    {
        public decimal? PriceFor(Segment segment) => Prices.FirstOrDefault(p => p.Segment == segment)?.NetPrice;
    }

    public Paged<Row> Modules { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Modules = await db.ServiceModules.AsNoTracking()
            .OrderBy(m => m.SortOrder).ThenBy(m => m.Code)
            .Select(m => new Row(m.Id, m.Code, m.Kind, ContentLanguage.Pick(m.Name, m.NameDe), m.IsActive, m.Prices.Select(p => new Price(p.Segment, p.NetPrice)).ToList(), m.BundleItems.Count))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
}
