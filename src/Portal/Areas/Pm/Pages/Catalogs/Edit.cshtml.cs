using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Catalogs;
using Portal.Customers;
using Portal.Data;
using Portal.ProductManagement;
using Portal.Web;

namespace Portal.Areas.Pm.Pages.Catalogs;

/// One catalog: its name, what is in it (whole products or single pack sizes), who sees it (segments and named
/// customers), a preview as a given customer, and its history. Every change is audited on the catalog.
public sealed class EditModel(PortalDbContext db, AuditTrail audit, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public Catalog Catalog { get; private set; } = null!;
    public Paged<ItemRow> Items { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);
    public IReadOnlyList<CustomerRow> Customers { get; private set; } = [];
    public AuditHistory? History { get; private set; }

    public sealed record ItemRow(int Id, int ProductId, string Product, string? Sku, string? Pack, bool IsActive);

    public sealed record CustomerRow(int AssignmentId, string Number, string Name, Segment Segment);

    [TempData(Key = "PmNotice")]
    public string? Notice { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostDetailsAsync(string? name, string? description, CancellationToken cancellationToken)
    {
        var catalog = await db.Catalogs.SingleOrDefaultAsync(c => c.Id == Id, cancellationToken);
        if (catalog is null)
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > 200 || description?.Length > 2000)
        {
            return await FailAsync("Please enter a name (at most 200 characters) and a description of at most 2,000.", cancellationToken);
        }

        catalog.Name = name.Trim();
        catalog.Description = description?.Trim() ?? "";
        audit.RecordChanges(catalog, AuditItemTypes.Catalog, catalog.Name);
        return await DoneAsync("The catalog was saved.", cancellationToken);
    }

    /// Puts a product in: one pack size by its SKU, or with "whole product" every pack size of the SKU's product.
    public async Task<IActionResult> OnPostAddAsync(string? sku, bool wholeProduct, CancellationToken cancellationToken)
    {
        var catalog = await db.Catalogs.Include(c => c.Items).SingleOrDefaultAsync(c => c.Id == Id, cancellationToken);
        if (catalog is null)
        {
            return NotFound();
        }

        var upper = sku?.Trim().ToUpperInvariant() ?? "";
        var pack = await db.PackSizes.AsNoTracking().Include(s => s.Product)
            .SingleOrDefaultAsync(s => s.Sku.ToUpper() == upper, cancellationToken);
        if (pack is null)
        {
            return await FailAsync(t["No pack size has the article number {0}.", sku ?? ""], cancellationToken);
        }

        int? packId = wholeProduct ? null : pack.Id;
        if (catalog.Items.Any(i => i.ProductId == pack.ProductId && (i.PackSizeId == null || i.PackSizeId == packId)))
        {
            return await FailAsync(t["{0} is in this catalog already.", wholeProduct ? pack.Product!.Name : $"{pack.Product!.Name} – {pack.Name}"], cancellationToken);
        }

        if (wholeProduct)
        {
            // The whole product replaces its single pack sizes.
            db.CatalogItems.RemoveRange(catalog.Items.Where(i => i.ProductId == pack.ProductId));
        }

        db.CatalogItems.Add(new CatalogItem { CatalogId = catalog.Id, ProductId = pack.ProductId, PackSizeId = packId });
        var what = wholeProduct ? $"{pack.Product!.Name} (all pack sizes)" : $"{pack.Product!.Name} – {pack.Name} ({pack.Sku})";
        audit.Record(AuditItemTypes.Catalog, Key, catalog.Name, AuditAction.Changed, [new FieldChange("Added", null, what)]);
        return await DoneAsync(t["{0} was put into the catalog.", what], cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveAsync(int itemId, CancellationToken cancellationToken)
    {
        var item = await db.CatalogItems.SingleOrDefaultAsync(i => i.Id == itemId && i.CatalogId == Id, cancellationToken);
        if (item is null)
        {
            return await FailAsync("This entry is no longer in the catalog.", cancellationToken);
        }

        var product = await db.Products.AsNoTracking().Where(p => p.Id == item.ProductId).Select(p => p.Name).SingleAsync(cancellationToken);
        var pack = item.PackSizeId is null ? null : await db.PackSizes.AsNoTracking().Where(s => s.Id == item.PackSizeId).Select(s => s.Name + " (" + s.Sku + ")").SingleAsync(cancellationToken);
        db.CatalogItems.Remove(item);
        var name = await db.Catalogs.Where(c => c.Id == Id).Select(c => c.Name).SingleAsync(cancellationToken);
        var what = pack is null ? $"{product} (all pack sizes)" : $"{product} – {pack}";
        audit.Record(AuditItemTypes.Catalog, Key, name, AuditAction.Changed, [new FieldChange("Removed", what, null)]);
        return await DoneAsync(t["{0} was taken out of the catalog.", what], cancellationToken);
    }

    public async Task<IActionResult> OnPostSegmentsAsync(Segment[] segments, CancellationToken cancellationToken)
    {
        var catalog = await db.Catalogs.Include(c => c.Assignments).SingleOrDefaultAsync(c => c.Id == Id, cancellationToken);
        if (catalog is null)
        {
            return NotFound();
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
            audit.Record(AuditItemTypes.Catalog, Key, catalog.Name, AuditAction.Changed, [new FieldChange("Segments", Join(before), Join(wanted))]);
        }

        return await DoneAsync("Who sees the catalog was saved.", cancellationToken);
    }

    public async Task<IActionResult> OnPostAddCustomerAsync(string? number, CancellationToken cancellationToken)
    {
        var catalog = await db.Catalogs.Include(c => c.Assignments).SingleOrDefaultAsync(c => c.Id == Id, cancellationToken);
        if (catalog is null)
        {
            return NotFound();
        }

        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Number == (number ?? "").Trim(), cancellationToken);
        if (customer is null)
        {
            return await FailAsync(t["There is no customer with the number {0}.", number ?? ""], cancellationToken);
        }

        if (catalog.Assignments.Any(a => a.CustomerId == customer.Id))
        {
            return await FailAsync(t["{0} sees this catalog already.", customer.Name], cancellationToken);
        }

        db.CatalogAssignments.Add(new CatalogAssignment { CatalogId = catalog.Id, CustomerId = customer.Id });
        audit.Record(AuditItemTypes.Catalog, Key, catalog.Name, AuditAction.Changed, [new FieldChange("Customer", null, $"{customer.Number} {customer.Name}")]);
        return await DoneAsync("Who sees the catalog was saved.", cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveCustomerAsync(int assignmentId, CancellationToken cancellationToken)
    {
        var assignment = await db.CatalogAssignments.SingleOrDefaultAsync(a => a.Id == assignmentId && a.CatalogId == Id && a.CustomerId != null, cancellationToken);
        if (assignment is not null)
        {
            var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == assignment.CustomerId, cancellationToken);
            var name = await db.Catalogs.Where(c => c.Id == Id).Select(c => c.Name).SingleAsync(cancellationToken);
            db.CatalogAssignments.Remove(assignment);
            audit.Record(AuditItemTypes.Catalog, Key, name, AuditAction.Changed, [new FieldChange("Customer", $"{customer.Number} {customer.Name}", null)]);
        }

        return await DoneAsync("Who sees the catalog was saved.", cancellationToken);
    }

    private string Key => Id.ToString(CultureInfo.InvariantCulture);

    private static string Join(IEnumerable<Segment> segments) => string.Join(", ", segments);

    private async Task<IActionResult> DoneAsync(string notice, CancellationToken cancellationToken)
    {
        await audit.SaveChangesAsync(cancellationToken);
        Notice = notice;
        return RedirectToPage(new { id = Id });
    }

    private async Task<IActionResult> FailAsync(string error, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        Error = error;
        await LoadAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var catalog = await db.Catalogs.AsNoTracking().Include(c => c.Assignments).SingleOrDefaultAsync(c => c.Id == Id, cancellationToken);
        if (catalog is null)
        {
            return false;
        }

        Catalog = catalog;
        var items = db.CatalogItems.AsNoTracking().Where(i => i.CatalogId == Id);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = SearchText.Fold(Q);
            items = items.Where(i => db.Products.Any(p => p.Id == i.ProductId && p.SearchText.Contains(term)));
        }

        var german = ContentLanguage.IsGerman(System.Globalization.CultureInfo.CurrentUICulture);
        Items = await items
            .Join(db.Products, i => i.ProductId, p => p.Id, (i, p) => new { i, p })
            .OrderBy(x => x.p.Name).ThenBy(x => x.i.PackSizeId)
            .Select(x => new ItemRow(x.i.Id, x.p.Id, ContentLanguage.Pick(x.p.Name, x.p.NameDe),
                db.PackSizes.Where(s => s.Id == x.i.PackSizeId).Select(s => s.Sku).FirstOrDefault(),
                db.PackSizes.Where(s => s.Id == x.i.PackSizeId).Select(s => german && s.NameDe != null && s.NameDe != "" ? s.NameDe : s.Name).FirstOrDefault(),
                x.p.IsActive && (x.i.PackSizeId == null || db.PackSizes.Any(s => s.Id == x.i.PackSizeId && s.IsActive))))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
        var customerIds = catalog.Assignments.Where(a => a.CustomerId != null).ToDictionary(a => a.CustomerId!.Value, a => a.Id);
        Customers = (await db.Customers.AsNoTracking().Where(c => customerIds.Keys.Contains(c.Id)).OrderBy(c => c.Name).ToListAsync(cancellationToken))
            .Select(c => new CustomerRow(customerIds[c.Id], c.Number, c.Name, c.Segment)).ToList();
        History = await audit.HistoryAsync(AuditItemTypes.Catalog, Key, cancellationToken, 5);
        return true;
    }
}
