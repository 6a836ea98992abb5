using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Catalogs;

/// What a customer may see and order: the pack sizes in the catalogs assigned to its segment or to it by name.
/// Everything the shop shows or sells goes through here, so a pack size outside those catalogs cannot be reached,
/// not by URL and not by SKU.
public sealed class CatalogAccess(PortalDbContext db)
{
    public IQueryable<PackSize> VisiblePackSizes(int customerId)
    {
        var catalogIds = db.CatalogAssignments
            .Where(a => a.CustomerId == customerId || db.Customers.Any(c => c.Id == customerId && a.Segment == c.Segment))
            .Select(a => a.CatalogId);
        return db.PackSizes.Where(s => s.IsActive && s.Product!.IsActive && db.CatalogItems.Any(i =>
            catalogIds.Contains(i.CatalogId) && i.ProductId == s.ProductId && (i.PackSizeId == null || i.PackSizeId == s.Id)));
    }

    public IQueryable<Product> VisibleProducts(int customerId)
    {
        var packs = VisiblePackSizes(customerId);
        return db.Products.Where(p => packs.Any(s => s.ProductId == p.Id));
    }

    public Task<bool> IsVisibleAsync(int customerId, int packSizeId, CancellationToken cancellationToken) =>
        VisiblePackSizes(customerId).AnyAsync(s => s.Id == packSizeId, cancellationToken);
}
