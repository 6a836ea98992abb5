using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Identity;
using Portal.Pricing;

namespace Portal.Areas.Shop.Pages.Catalog;

/// A product with its pack sizes side by side: price per pack, tiers and price per base unit, so a buyer can
/// see what the small pack really costs compared with the big one.
public sealed class ProductModel(CatalogAccess catalog, PriceBook prices, Reordering.ReorderLists reorders) : PageModel
{
    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string? Manufacturer { get; private set; }
    public string Category { get; private set; } = "";
    public string CategorySlug { get; private set; } = "";
    public string BaseUnit { get; private set; } = "";
    public decimal TaxRate { get; private set; }
    public IReadOnlyList<PackOffer> Packs { get; private set; } = [];
    public IReadOnlyList<ListChoice> Lists { get; private set; } = [];

    public sealed record ListChoice(int Id, string Name);

    public sealed record PackOffer(int Id, string Sku, string Name, decimal UnitsPerPack, bool IsSmallPack, int LeadTimeDays, IReadOnlyList<PriceTier> Tiers)
    {
        public decimal? Price => Tiers.FirstOrDefault()?.UnitPrice;
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var customerId = User.CustomerId()!.Value;
        var product = await catalog.VisibleProducts(customerId).AsNoTracking()
            .Where(p => p.Id == id)
            .Select(p => new { p.Name, p.Description, p.Manufacturer, Category = p.Category!.Name, p.Category.Slug, p.BaseUnit, p.TaxRate })
            .SingleOrDefaultAsync(cancellationToken);
        if (product is null)
        {
            // Outside the customer's catalogs a product does not exist, whatever its id.
            return NotFound();
        }

        (Name, Description, Manufacturer, Category, CategorySlug, BaseUnit, TaxRate) =
            (product.Name, product.Description, product.Manufacturer, product.Category, product.Slug, product.BaseUnit, product.TaxRate);
        var packs = await catalog.VisiblePackSizes(customerId).AsNoTracking()
            .Where(s => s.ProductId == id)
            .OrderBy(s => s.UnitsPerPack)
            .Select(s => new { s.Id, s.Sku, s.Name, s.UnitsPerPack, s.IsSmallPack, s.LeadTimeDays })
            .ToListAsync(cancellationToken);
        var tiers = await prices.TiersForAsync(customerId, packs.Select(p => p.Id), cancellationToken);
        var userId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
        Lists = await reorders.Visible(userId, customerId).AsNoTracking()
            .OrderByDescending(l => l.UpdatedAt).ThenByDescending(l => l.Id)
            .Take(50)
            .Select(l => new ListChoice(l.Id, l.Name))
            .ToListAsync(cancellationToken);
        Packs = packs.Select(p => new PackOffer(p.Id, p.Sku, p.Name, p.UnitsPerPack, p.IsSmallPack, p.LeadTimeDays, tiers.GetValueOrDefault(p.Id) ?? [])).ToList();
        return Page();
    }
}
