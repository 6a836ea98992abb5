using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;
using Portal.Sales;
using Portal.Web;

namespace Portal.Areas.Sales.Pages;

/// The escalation queue: what self-service could not settle, most urgent first.
public sealed class IndexModel(PortalDbContext db, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public EscalationType? Type { get; set; }

    [BindProperty(SupportsGet = true)]
    public Segment? Segment { get; set; }

    /// "me", "nobody", or empty for everyone.
    [BindProperty(SupportsGet = true)]
    public string? Assignee { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public Paged<Row> Escalations { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);
    public DateTimeOffset Now { get; private set; }

    public sealed record Row(int Id, EscalationType Type, string CustomerNumber, string CustomerName, Segment Segment, string? OrderNumber, string Reason, DateTimeOffset DueAt, string? ClaimedBy);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        var userId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var query = db.Escalations.AsNoTracking().Where(e => e.Status == EscalationStatus.Open);
        if (Type is { } type)
        {
            query = query.Where(e => e.Type == type);
        }

        if (Segment is { } segment)
        {
            query = query.Where(e => db.Customers.Any(c => c.Id == e.CustomerId && c.Segment == segment));
        }

        query = Assignee switch
        {
            "me" => query.Where(e => e.ClaimedByUserId == userId),
            "nobody" => query.Where(e => e.ClaimedByUserId == null),
            _ => query,
        };

        Escalations = await query
            .OrderBy(e => e.DueAt).ThenBy(e => e.Id)
            .Select(e => new Row(
                e.Id,
                e.Type,
                db.Customers.Where(c => c.Id == e.CustomerId).Select(c => c.Number).First(),
                db.Customers.Where(c => c.Id == e.CustomerId).Select(c => c.Name).First(),
                db.Customers.Where(c => c.Id == e.CustomerId).Select(c => c.Segment).First(),
                e.Order == null ? null : e.Order.Number,
                e.Reason,
                e.DueAt,
                e.ClaimedBy == null ? null : e.ClaimedBy.DisplayName))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
    }
}
