using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Data;
using Portal.Pricing;
using Portal.Web;

namespace Portal.Areas.Pm.Pages.Catalogs;

/// A catalog as one customer sees it: the shop's own visibility (CatalogAccess) and prices (PriceBook) for that
/// customer, so the preview cannot drift from the shop. Entries that come from this catalog are marked; the
/// customer may see more through its other catalogs.
public sealed class PreviewModel(PortalDbContext db, CatalogAccess access, PriceBook prices) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Customer { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public string CatalogName { get; private set; } = "";
    public Customers.Customer? Shown { get; private set; }
    public Paged<Row> Packs { get; private set; } = new([], 1, PageSize, 0);
    public int FromThisCatalog { get; private set; }

    /// Whether the catalog is assigned to the shown customer (directly or through its segment) at all.
    public bool AssignedToShown { get; private set; }

    /// Several customers whose name contains what was typed: the product manager picks one.
    public IReadOnlyList<Customers.Customer> Candidates { get; private set; } = [];

    public sealed record Row(int PackId, string Sku, string Product, string Pack, bool IsSmallPack, bool InThisCatalog)
    {
        public IReadOnlyList<PriceTier> Tiers { get; set; } = [];
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var name = await db.Catalogs.AsNoTracking().Where(c => c.Id == Id).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken);
        if (name is null)
        {
            return NotFound();
        }

        CatalogName = name;
        // A customer number, or a part of the name ("Kunz"): product managers know customers by name.
        var typed = (Customer ?? "").Trim();
        Shown = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Number == typed, cancellationToken);
        if (Shown is null && typed.Length > 0)
        {
            var lowered = typed.ToLower();
            Candidates = await db.Customers.AsNoTracking().Where(c => c.Name.ToLower().Contains(lowered))
                .OrderBy(c => c.Name).Take(20).ToListAsync(cancellationToken);
            Shown = Candidates.Count == 1 ? Candidates[0] : null;
        }

        if (Shown is null)
        {
            return Page();
        }

        var shown = Shown;
        AssignedToShown = await db.CatalogAssignments.AnyAsync(a => a.CatalogId == Id && (a.CustomerId == shown.Id || a.Segment == shown.Segment), cancellationToken);

        var items = db.CatalogItems.Where(i => i.CatalogId == Id);
        var visible = access.VisiblePackSizes(Shown.Id).AsNoTracking();
        FromThisCatalog = await visible.CountAsync(s => items.Any(i => i.ProductId == s.ProductId && (i.PackSizeId == null || i.PackSizeId == s.Id)), cancellationToken);
        Packs = await visible
            .OrderBy(s => s.Product!.Name).ThenBy(s => s.UnitsPerPack)
            .Select(s => new Row(s.Id, s.Sku, ContentLanguage.Pick(s.Product!.Name, s.Product.NameDe), ContentLanguage.Pick(s.Name, s.NameDe), s.IsSmallPack, items.Any(i => i.ProductId == s.ProductId && (i.PackSizeId == null || i.PackSizeId == s.Id))))
            .ToPagedAsync(PageNumber, PageSize, cancellationToken);
        var tiers = await prices.TiersForAsync(Shown.Id, Packs.Items.Select(r => r.PackId), cancellationToken);
        foreach (var row in Packs.Items)
        {
            row.Tiers = tiers.GetValueOrDefault(row.PackId) ?? [];
        }

        return Page();
    }
}
