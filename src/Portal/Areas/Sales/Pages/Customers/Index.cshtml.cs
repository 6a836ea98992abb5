using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;
using Portal.Web;

namespace Portal.Areas.Sales.Pages.Customers;

/// Inside sales' start: the customers, searchable by number or name and filterable by segment.
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public Segment? Segment { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public Paged<Row> Customers { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);

    public sealed record Row(string Number, string Name, Segment Segment, string? City, string? Rep, int Orders);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var query = db.Customers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = Q.Trim();
            var lower = term.ToLowerInvariant();
            query = query.Where(c => c.Number.StartsWith(term) || c.Name.ToLower().Contains(lower));
        }

        if (Segment is { } segment)
        {
            query = query.Where(c => c.Segment == segment);
        }

        Customers = await query
            .OrderBy(c => c.Name)
            .Select(c => new Row(
                c.Number,
                c.Name,
                c.Segment,
                c.Addresses.Where(a => a.Kind == AddressKind.Billing).Select(a => a.City).FirstOrDefault(),
                c.AssignedRep == null ? null : c.AssignedRep.DisplayName,
                db.Orders.Count(o => o.CustomerId == c.Id)))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
    }
}
