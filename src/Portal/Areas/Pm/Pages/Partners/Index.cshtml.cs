using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.ProductManagement;
using Portal.ServiceModules;
using Portal.Web;

namespace Portal.Areas.Pm.Pages.Partners;

/// Cooperation partners and the products each delivers directly to the customer, with the partner's lead time.
/// A product has at most one partner; its lines are drop-shipped when the customer's segment may book drop-ship.
public sealed class IndexModel(PortalDbContext db, PartnerEditor editor, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public sealed record ProductRow(int ProductId, string ProductName, string Skus, int LeadTimeDays);

    public sealed record Row(int Id, string Name, string? Email, bool IsActive, IReadOnlyList<ProductRow> Products);

    public Paged<Row> Partners { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);
    public IReadOnlyList<(int Id, string Name)> PartnerChoices { get; private set; } = [];

    [BindProperty]
    public string? NewName { get; set; }

    [BindProperty]
    public string? NewEmail { get; set; }

    [BindProperty]
    public int? AssignPartnerId { get; set; }

    [BindProperty]
    public string? AssignSku { get; set; }

    [BindProperty]
    public string? AssignLeadTime { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddPartnerAsync(CancellationToken cancellationToken)
    {
        var errors = await editor.AddAsync(NewName, NewEmail, cancellationToken);
        if (errors.Count > 0)
        {
            return await RefusedAsync(errors, cancellationToken);
        }

        TempData["Notice"] = t["The partner {0} was added.", NewName!.Trim()].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAssignAsync(CancellationToken cancellationToken)
    {
        int? leadTime = int.TryParse(AssignLeadTime, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var days) ? days : null;
        var (done, errors) = await editor.AssignAsync(AssignPartnerId, AssignSku, leadTime, cancellationToken);
        if (done is null)
        {
            return await RefusedAsync(errors, cancellationToken);
        }

        TempData["Notice"] = t["{0} is now delivered directly by {1}.", done.Product, done.Partner].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUnassignAsync(int productId, CancellationToken cancellationToken)
    {
        await editor.UnassignAsync(productId, cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostToggleAsync(int partnerId, CancellationToken cancellationToken) =>
        await editor.ToggleActiveAsync(partnerId, cancellationToken) ? RedirectToPage() : NotFound();

    private async Task<IActionResult> RefusedAsync(IReadOnlyList<FieldError> errors, CancellationToken cancellationToken)
    {
        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field, t[error.Message, error.Arguments]);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Partners = await db.Partners.AsNoTracking()
            .OrderBy(p => p.Name)
            .Select(p => new Row(p.Id, p.Name, p.Email, p.IsActive, db.PartnerProducts.Where(pp => pp.PartnerId == p.Id)
                .OrderBy(pp => pp.Product!.Name)
                .Select(pp => new ProductRow(pp.ProductId, pp.Product!.Name != "" ? pp.Product.Name : pp.Product.NameDe ?? "", "", pp.LeadTimeDays)).ToList()))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
        PartnerChoices = (await db.Partners.AsNoTracking().OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken))
            .Select(p => (p.Id, p.Name)).ToList();
    }
}
