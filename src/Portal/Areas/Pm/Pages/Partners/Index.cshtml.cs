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
public sealed class IndexModel(PortalDbContext db, AuditTrail audit, IStringLocalizer<SharedResource> t) : PageModel
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
        var name = NewName?.Trim() ?? "";
        var email = string.IsNullOrWhiteSpace(NewEmail) ? null : NewEmail.Trim();
        if (name.Length is 0 or > 200)
        {
            ModelState.AddModelError(nameof(NewName), t["Please enter the partner's name (at most 200 characters)."]);
        }
        else if (await db.Partners.AnyAsync(p => p.Name == name, cancellationToken))
        {
            ModelState.AddModelError(nameof(NewName), t["A partner with this name exists already."]);
        }

        if (email is not null && (email.Length > 256 || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email)))
        {
            ModelState.AddModelError(nameof(NewEmail), t["Please enter a valid e-mail address."]);
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var created = db.Partners.Add(new Partner { Name = name, Email = email }).Entity;
        audit.RecordChanges(created, AuditItemTypes.Partner, name);
        await audit.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = t["The partner {0} was added.", name].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAssignAsync(CancellationToken cancellationToken)
    {
        var sku = AssignSku?.Trim().ToUpperInvariant() ?? "";
        var product = await db.PackSizes.Where(s => s.Sku == sku).Select(s => new { s.ProductId, s.Product!.Name }).SingleOrDefaultAsync(cancellationToken);
        var partner = await db.Partners.SingleOrDefaultAsync(p => p.Id == AssignPartnerId, cancellationToken);
        if (partner is null)
        {
            ModelState.AddModelError(nameof(AssignPartnerId), t["Please choose a partner."]);
        }

        if (product is null)
        {
            ModelState.AddModelError(nameof(AssignSku), t["There is no pack size with this article number."]);
        }

        if (!int.TryParse(AssignLeadTime, out var leadTime) || leadTime is < 1 or > 90)
        {
            ModelState.AddModelError(nameof(AssignLeadTime), t["Please enter a lead time from 1 to 90 working days."]);
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var existing = await db.PartnerProducts.Include(p => p.Partner).SingleOrDefaultAsync(p => p.ProductId == product!.ProductId, cancellationToken);
        var before = existing is null ? null : $"{existing.Partner!.Name}, {existing.LeadTimeDays}";
        if (existing is null)
        {
            db.PartnerProducts.Add(new PartnerProduct { ProductId = product!.ProductId, PartnerId = partner!.Id, LeadTimeDays = leadTime });
        }
        else
        {
            existing.PartnerId = partner!.Id;
            existing.LeadTimeDays = leadTime;
        }

        // Filed under the partner now delivering; the old partner, if another, is named in the old value.
        audit.Record(AuditItemTypes.Partner, partner.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), partner.Name, AuditAction.Changed,
            [new FieldChange($"Drop-ship {product!.Name} (partner, lead time)", before, $"{partner.Name}, {leadTime}")]);
        await audit.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = t["{0} is now delivered directly by {1}.", product!.Name, partner.Name].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUnassignAsync(int productId, CancellationToken cancellationToken)
    {
        var assignment = await db.PartnerProducts.Include(p => p.Partner).Include(p => p.Product).SingleOrDefaultAsync(p => p.ProductId == productId, cancellationToken);
        if (assignment is not null)
        {
            db.PartnerProducts.Remove(assignment);
            audit.Record(AuditItemTypes.Partner, assignment.PartnerId.ToString(System.Globalization.CultureInfo.InvariantCulture), assignment.Partner!.Name, AuditAction.Changed,
                [new FieldChange($"Drop-ship {assignment.Product!.Name} (partner, lead time)", $"{assignment.Partner.Name}, {assignment.LeadTimeDays}", null)]);
            await audit.SaveChangesAsync(cancellationToken);
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostToggleAsync(int partnerId, CancellationToken cancellationToken)
    {
        var partner = await db.Partners.SingleOrDefaultAsync(p => p.Id == partnerId, cancellationToken);
        if (partner is null)
        {
            return NotFound();
        }

        partner.IsActive = !partner.IsActive;
        audit.RecordChanges(partner, AuditItemTypes.Partner, partner.Name);
        await audit.SaveChangesAsync(cancellationToken);
        return RedirectToPage();
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
