using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Identity;
using Portal.Ordering;
using Portal.Web;

namespace Portal.Areas.Shop.Pages.Orders;

/// The company's order history: every order of the signed-in buyer's company, whoever placed it and however it came in.
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public OrderStatus? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public Paged<Row> Orders { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);

    /// Whether the company has any order at all: an empty filter result reads differently from a first-time buyer.
    public bool HasAnyOrder { get; private set; }

    public bool IsFiltered => Status is not null || !string.IsNullOrWhiteSpace(Q);

    public sealed record Row(string Number, string? CustomerReference, DateTimeOffset PlacedAt, OrderChannel Channel, OrderStatus Status, int Lines, decimal TotalGross);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var customerId = User.CustomerId()!.Value;
        var orders = db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId);

        if (Status is { } status)
        {
            orders = orders.Where(o => o.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            // Lower-cased on both sides: SQLite's instr and PostgreSQL's strpos are case-sensitive, PO numbers are typed freely.
            var term = Q.Trim().ToLowerInvariant();
            orders = orders.Where(o => o.Number.ToLower().Contains(term) || (o.CustomerReference != null && o.CustomerReference.ToLower().Contains(term)));
        }

        Orders = await orders
            .OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id)
            .Select(o => new Row(o.Number, o.CustomerReference, o.PlacedAt, o.Channel, o.Status, o.Lines.Count, o.TotalGross))
            .ToPagedAsync(PageNumber, PagingExtensions.DefaultPageSize, cancellationToken);

        HasAnyOrder = Orders.TotalCount > 0 || (IsFiltered && await db.Orders.AnyAsync(o => o.CustomerId == customerId, cancellationToken));
    }
}
