using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Customers;
using Portal.Data;

namespace Portal.ProductManagement;

/// Catalogs as product managers change them: what is in one (whole products or single pack sizes) and who sees it
/// (segments and named customers). Every change is one audit entry on the catalog, so its history reads like the
/// page.
public sealed class CatalogEditor(PortalDbContext db, AuditTrail audit)
{
    public async Task<bool> CodeTakenAsync(string code, CancellationToken cancellationToken) =>
        await db.Catalogs.AnyAsync(c => c.Code == code, cancellationToken);

    /// A new catalog starts empty and unassigned: nobody sees it until it has contents and an audience.
    public async Task<int> CreateAsync(string code, string name, CancellationToken cancellationToken)
    {
        var catalog = db.Catalogs.Add(new Catalog { Code = code, Name = name.Trim() }).Entity;
        audit.RecordChanges(catalog, AuditItemTypes.Catalog, catalog.Name);
        await audit.SaveChangesAsync(cancellationToken);
        return catalog.Id;
    }

    public async Task<EditOutcome> SaveDetailsAsync(int id, string? name, string? description, CancellationToken cancellationToken)
    {
        var catalog = await db.Catalogs.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (catalog is null)
        {
            return EditOutcome.NotFound;
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > 200 || description?.Length > 2000)
        {
            return EditOutcome.Refused("Please enter a name (at most 200 characters) and a description of at most 2,000.");
        }

        catalog.Name = name.Trim();
        catalog.Description = description?.Trim() ?? "";
        audit.RecordChanges(catalog, AuditItemTypes.Catalog, catalog.Name);
        await audit.SaveChangesAsync(cancellationToken);
        return EditOutcome.Done("The catalog was saved.");
    }

    /// Puts a product in: one pack size by its SKU, or with wholeProduct every pack size of the SKU's product (which
    /// replaces its single pack sizes in the catalog).
    public async Task<EditOutcome> AddAsync(int id, string? sku, bool wholeProduct, CancellationToken cancellationToken)
    {
        var catalog = await db.Catalogs.Include(c => c.Items).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (catalog is null)
        {
            return EditOutcome.NotFound;
        }

        var upper = sku?.Trim().ToUpperInvariant() ?? "";
        var pack = await db.PackSizes.AsNoTracking().Include(s => s.Product).SingleOrDefaultAsync(s => s.Sku.ToUpper() == upper, cancellationToken);
        if (pack is null)
        {
            return EditOutcome.Refused("No pack size has the article number {0}.", sku ?? "");
        }

        var product = ProductEditor.AuditName(pack.Product!);
        int? packId = wholeProduct ? null : pack.Id;
        if (catalog.Items.Any(i => i.ProductId == pack.ProductId && (i.PackSizeId == null || i.PackSizeId == packId)))
        {
            return EditOutcome.Refused("{0} is in this catalog already.", wholeProduct ? product : $"{product} – {pack.Name}");
        }

        if (wholeProduct)
        {
            db.CatalogItems.RemoveRange(catalog.Items.Where(i => i.ProductId == pack.ProductId));
        }

        db.CatalogItems.Add(new CatalogItem { CatalogId = catalog.Id, ProductId = pack.ProductId, PackSizeId = packId });
        var what = wholeProduct ? $"{product} (all pack sizes)" : $"{product} – {pack.Name} ({pack.Sku})";
        audit.Record(AuditItemTypes.Catalog, Key(id), catalog.Name, AuditAction.Changed, [new FieldChange("Added", null, what)]);
        await audit.SaveChangesAsync(cancellationToken);
        return EditOutcome.Done("{0} was put into the catalog.", what);
    }

    public async Task<EditOutcome> RemoveAsync(int id, int itemId, CancellationToken cancellationToken)
    {
        var item = await db.CatalogItems.SingleOrDefaultAsync(i => i.Id == itemId && i.CatalogId == id, cancellationToken);
        if (item is null)
        {
            return EditOutcome.Refused("This entry is no longer in the catalog.");
        }

        var product = ProductEditor.AuditName(await db.Products.AsNoTracking().SingleAsync(p => p.Id == item.ProductId, cancellationToken));
        var pack = item.PackSizeId is null ? null : await db.PackSizes.AsNoTracking().Where(s => s.Id == item.PackSizeId).Select(s => s.Name + " (" + s.Sku + ")").SingleAsync(cancellationToken);
        db.CatalogItems.Remove(item);
        var what = pack is null ? $"{product} (all pack sizes)" : $"{product} – {pack}";
        audit.Record(AuditItemTypes.Catalog, Key(id), await NameAsync(id, cancellationToken), AuditAction.Changed, [new FieldChange("Removed", what, null)]);
        await audit.SaveChangesAsync(cancellationToken);
        return EditOutcome.Done("{0} was taken out of the catalog.", what);
    }

    public async Task<EditOutcome> SetSegmentsAsync(int id, IEnumerable<Segment> segments, CancellationToken cancellationToken)
    {
        var catalog = await db.Catalogs.Include(c => c.Assignments).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (catalog is null)
        {
            return EditOutcome.NotFound;
        }

        var before = catalog.Assignments.Where(a => a.Segment != null).Select(a => a.Segment!.Value).OrderBy(s => s).ToList();
        var wanted = segments.Distinct().Where(Enum.IsDefined).OrderBy(s => s).ToList();
        db.CatalogAssignments.RemoveRange(catalog.Assignments.Where(a => a.Segment != null && !wanted.Contains(a.Segment.Value)));
        foreach (var segment in wanted.Except(before))
        {
            db.CatalogAssignments.Add(new CatalogAssignment { CatalogId = catalog.Id, Segment = segment });
        }

        if (!before.SequenceEqual(wanted))
        {
            audit.Record(AuditItemTypes.Catalog, Key(id), catalog.Name, AuditAction.Changed, [new FieldChange("Segments", string.Join(", ", before), string.Join(", ", wanted))]);
        }

        await audit.SaveChangesAsync(cancellationToken);
        return EditOutcome.Done("Who sees the catalog was saved.");
    }

    public async Task<EditOutcome> AddCustomerAsync(int id, string? number, CancellationToken cancellationToken)
    {
        var catalog = await db.Catalogs.Include(c => c.Assignments).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (catalog is null)
        {
            return EditOutcome.NotFound;
        }

        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Number == (number ?? "").Trim(), cancellationToken);
        if (customer is null)
        {
            return EditOutcome.Refused("There is no customer with the number {0}.", number ?? "");
        }

        if (catalog.Assignments.Any(a => a.CustomerId == customer.Id))
        {
            return EditOutcome.Refused("{0} sees this catalog already.", customer.Name);
        }

        db.CatalogAssignments.Add(new CatalogAssignment { CatalogId = catalog.Id, CustomerId = customer.Id });
        audit.Record(AuditItemTypes.Catalog, Key(id), catalog.Name, AuditAction.Changed, [new FieldChange("Customer", null, $"{customer.Number} {customer.Name}")]);
        await audit.SaveChangesAsync(cancellationToken);
        return EditOutcome.Done("Who sees the catalog was saved.");
    }

    public async Task<EditOutcome> RemoveCustomerAsync(int id, int assignmentId, CancellationToken cancellationToken)
    {
        var assignment = await db.CatalogAssignments.SingleOrDefaultAsync(a => a.Id == assignmentId && a.CatalogId == id && a.CustomerId != null, cancellationToken);
        if (assignment is not null)
        {
            var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == assignment.CustomerId, cancellationToken);
            db.CatalogAssignments.Remove(assignment);
            audit.Record(AuditItemTypes.Catalog, Key(id), await NameAsync(id, cancellationToken), AuditAction.Changed, [new FieldChange("Customer", $"{customer.Number} {customer.Name}", null)]);
            await audit.SaveChangesAsync(cancellationToken);
        }

        return EditOutcome.Done("Who sees the catalog was saved.");
    }

    private Task<string> NameAsync(int id, CancellationToken cancellationToken) =>
        db.Catalogs.Where(c => c.Id == id).Select(c => c.Name).SingleAsync(cancellationToken);

    public static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);
}
