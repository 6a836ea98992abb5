using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Data;

namespace Portal.ProductManagement;

/// Products as product managers change them: every change in the audit trail with the item's name in either
/// language, the search text kept current, a replaced picture's old file removed only once the change is saved.
public sealed class ProductEditor(PortalDbContext db, AuditTrail audit, ProductImages images)
{
    /// What the product form holds, checked by the page (a name in at least one language, a known category).
    public sealed record ProductData(string? Name, string? NameDe, string? Description, string? DescriptionDe, int CategoryId, string BaseUnit, decimal TaxPercent, string? Manufacturer);

    public sealed record PictureResult(bool Found, string? Error);

    /// Creates the product (id null) or changes it; null when there is no product with that id.
    public async Task<int?> SaveAsync(int? id, ProductData data, CancellationToken cancellationToken)
    {
        var product = id is null
            ? db.Products.Add(new Product { Name = "", BaseUnit = "" }).Entity
            : await db.Products.Include(p => p.PackSizes).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (product is null)
        {
            return null;
        }

        product.Name = data.Name?.Trim() ?? "";
        product.NameDe = Blank(data.NameDe);
        product.Description = data.Description?.Trim() ?? "";
        product.DescriptionDe = Blank(data.DescriptionDe);
        product.CategoryId = data.CategoryId;
        product.BaseUnit = data.BaseUnit.Trim();
        product.TaxRate = Math.Round(data.TaxPercent / 100, 4);
        product.Manufacturer = Blank(data.Manufacturer);
        product.SearchText = SearchText.ForProduct(product);
        audit.RecordChanges(product, AuditItemTypes.Product, AuditName(product));
        await audit.SaveChangesAsync(cancellationToken);
        return product.Id;
    }

    /// Deactivated products stay in carts, lists and past orders, shown as no longer available.
    public async Task<bool> SetActiveAsync(int id, bool active, CancellationToken cancellationToken)
    {
        var product = await db.Products.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (product is null)
        {
            return false;
        }

        product.IsActive = active;
        audit.RecordChanges(product, AuditItemTypes.Product, AuditName(product));
        await audit.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<PictureResult> SetPictureAsync(int id, IFormFile picture, CancellationToken cancellationToken)
    {
        var product = await db.Products.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (product is null)
        {
            return new PictureResult(false, null);
        }

        var saved = await images.SaveAsync(product.Id, picture, cancellationToken);
        if (saved.Error is not null)
        {
            return new PictureResult(true, saved.Error);
        }

        var old = product.ImageFile;
        product.ImageFile = saved.File;
        audit.RecordChanges(product, AuditItemTypes.Product, AuditName(product));
        await audit.SaveChangesAsync(cancellationToken);
        images.Delete(old);
        return new PictureResult(true, null);
    }

    public sealed record PackData(string Sku, string Name, string? NameDe, decimal UnitsPerPack, bool IsSmallPack, string? Gtin, decimal? WeightKg, decimal? CostPrice, int LeadTimeDays);

    /// Saved (Id), refused because another pack size has the SKU (SkuTakenBy names it), or not found (neither).
    public sealed record PackResult(int? Id, string? SkuTakenBy);

    /// Creates a pack size of the product (packId null) or changes one. A SKU is unique regardless of case.
    public async Task<PackResult> SavePackAsync(int productId, int? packId, PackData data, CancellationToken cancellationToken)
    {
        if (await SkuOwnerAsync(data.Sku, packId, cancellationToken) is { } owner)
        {
            return new PackResult(null, owner);
        }

        var product = await db.Products.Include(p => p.PackSizes).SingleOrDefaultAsync(p => p.Id == productId, cancellationToken);
        var pack = packId is null ? new PackSize { ProductId = productId, Sku = "", Name = "" } : product?.PackSizes.SingleOrDefault(s => s.Id == packId);
        if (product is null || pack is null)
        {
            return new PackResult(null, null);
        }

        pack.Sku = data.Sku;
        pack.Name = data.Name.Trim();
        pack.NameDe = Blank(data.NameDe);
        pack.UnitsPerPack = data.UnitsPerPack;
        pack.IsSmallPack = data.IsSmallPack;
        pack.Gtin = data.Gtin;
        pack.WeightKg = data.WeightKg;
        pack.CostPrice = data.CostPrice;
        pack.LeadTimeDays = data.LeadTimeDays;
        if (packId is null)
        {
            product.PackSizes.Add(pack);
        }

        product.SearchText = SearchText.ForProduct(product);
        audit.RecordChanges(pack, AuditItemTypes.PackSize, $"{AuditName(product)} – {pack.Name}");
        try
        {
            await audit.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another manager took the SKU between the check and the save.
            db.ChangeTracker.Clear();
            var raced = await SkuOwnerAsync(data.Sku, packId, cancellationToken) ?? throw new InvalidOperationException("Saving the pack size failed.");
            return new PackResult(null, raced);
        }

        return new PackResult(pack.Id, null);
    }

    public async Task<bool> SetPackActiveAsync(int packId, bool active, CancellationToken cancellationToken)
    {
        var pack = await db.PackSizes.Include(s => s.Product).SingleOrDefaultAsync(s => s.Id == packId, cancellationToken);
        if (pack is null)
        {
            return false;
        }

        pack.IsActive = active;
        audit.RecordChanges(pack, AuditItemTypes.PackSize, $"{AuditName(pack.Product!)} – {pack.Name}");
        await audit.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// Who uses a SKU already (case-insensitively: "p110-1" and "P110-1" would confuse buyers and the ERP).
    public async Task<string?> SkuOwnerAsync(string sku, int? exceptId, CancellationToken cancellationToken)
    {
        var upper = sku.ToUpperInvariant();
        var owner = await db.PackSizes.AsNoTracking()
            .Where(s => s.Sku.ToUpper() == upper && s.Id != exceptId)
            .Select(s => new { s.Product!.Name, s.Product.NameDe, Pack = s.Name, PackDe = s.NameDe })
            .FirstOrDefaultAsync(cancellationToken);
        return owner is null ? null : $"{ContentLanguage.Pick(owner.Name, owner.NameDe)} – {ContentLanguage.Pick(owner.Pack, owner.PackDe)}";
    }

    /// The audit trail names the item as written; a German-only product by its German name.
    internal static string AuditName(Product product) => product.Name.Length > 0 ? product.Name : product.NameDe ?? "";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
