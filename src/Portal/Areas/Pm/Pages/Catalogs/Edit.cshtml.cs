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
public sealed class EditModel(PortalDbContext db, AuditTrail audit, CatalogEditor editor, IStringLocalizer<SharedResource> t) : PageModel
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

    public async Task<IActionResult> OnPostDetailsAsync(string? name, string? description, CancellationToken cancellationToken) =>
        await AnswerAsync(await editor.SaveDetailsAsync(Id, name, description, cancellationToken), cancellationToken);

    /// Puts a product in: one pack size by its SKU, or with "whole product" every pack size of the SKU's product.
    public async Task<IActionResult> OnPostAddAsync(string? sku, bool wholeProduct, CancellationToken cancellationToken) =>
        await AnswerAsync(await editor.AddAsync(Id, sku, wholeProduct, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostRemoveAsync(int itemId, CancellationToken cancellationToken) =>
        await AnswerAsync(await editor.RemoveAsync(Id, itemId, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostSegmentsAsync(Segment[] segments, CancellationToken cancellationToken) =>
        await AnswerAsync(await editor.SetSegmentsAsync(Id, segments, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostAddCustomerAsync(string? number, CancellationToken cancellationToken) =>
        await AnswerAsync(await editor.AddCustomerAsync(Id, number, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostRemoveCustomerAsync(int assignmentId, CancellationToken cancellationToken) =>
        await AnswerAsync(await editor.RemoveCustomerAsync(Id, assignmentId, cancellationToken), cancellationToken);

    private Task<IActionResult> AnswerAsync(EditOutcome outcome, CancellationToken cancellationToken) =>
        this.AnswerEditAsync(outcome, t, error => FailAsync(error, cancellationToken), notice =>
        {
            Notice = notice;
            return RedirectToPage(new { id = Id });
        });

    private async Task<IActionResult> FailAsync(string error, CancellationToken cancellationToken)
    {
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
        History = await audit.HistoryAsync(AuditItemTypes.Catalog, CatalogEditor.Key(Id), cancellationToken, 5);
        return true;
    }
}
