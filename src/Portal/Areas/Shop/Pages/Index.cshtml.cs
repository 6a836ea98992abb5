using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Identity;
using Portal.Ordering;

namespace Portal.Areas.Shop.Pages;

/// A buyer's start page: whose account this is, and what the company ordered lately.
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    public string CompanyName { get; private set; } = "";
    public string CustomerNumber { get; private set; } = "";
    public string? RepName { get; private set; }
    public string? RepEmail { get; private set; }
    public IReadOnlyList<RecentOrder> RecentOrders { get; private set; } = [];

    public sealed record RecentOrder(string Number, DateTimeOffset PlacedAt, OrderStatus Status, OrderChannel Channel, int Lines, decimal TotalGross);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var customerId = User.CustomerId()!.Value;
        var company = await db.Customers.AsNoTracking()
            .Where(c => c.Id == customerId)
            .Select(c => new { c.Name, c.Number, Rep = c.AssignedRep == null ? null : new { c.AssignedRep.DisplayName, c.AssignedRep.Email } })
            .SingleOrDefaultAsync(cancellationToken);
        if (company is null)
        {
            return NotFound();
        }

        CompanyName = company.Name;
        CustomerNumber = company.Number;
        RepName = company.Rep?.DisplayName;
        RepEmail = company.Rep?.Email;
        RecentOrders = await db.Orders.AsNoTracking()
            .Where(o => o.CustomerId == customerId)
            .OrderByDescending(o => o.PlacedAt)
            .Take(5)
            .Select(o => new RecentOrder(o.Number, o.PlacedAt, o.Status, o.Channel, o.Lines.Count, o.TotalGross))
            .ToListAsync(cancellationToken);
        return Page();
    }
}
