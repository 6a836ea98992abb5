using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.ProductManagement;
using Portal.Web;

namespace Portal.Areas.Pm.Pages.Audit;

/// Every recorded change to the offer, newest first; narrowed to one item type or one item.
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Key { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public string? ItemName { get; private set; }
    public Paged<AuditEntry> Entries { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var query = db.AuditEntries.AsNoTracking().Where(e => AuditItemTypes.All.Contains(e.ItemType));
        if (!string.IsNullOrEmpty(Type))
        {
            query = query.Where(e => e.ItemType == Type);
        }

        if (!string.IsNullOrEmpty(Key))
        {
            query = query.Where(e => e.ItemKey == Key);
        }

        Entries = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
        if (!string.IsNullOrEmpty(Key))
        {
            ItemName = Entries.Items.Select(e => e.ItemName).FirstOrDefault();
        }
    }
}
