using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Data;
using Portal.ProductManagement;

namespace Portal.Areas.Pm.Pages.Products;

/// One pack size: create, edit, deactivate. A deactivated pack size stays in the database, so carts, reorder lists
/// and past orders keep pointing at it and show it as no longer available (CatalogAccess only sells active ones).
public sealed class PackSizeModel(PortalDbContext db, ProductEditor editor, AuditTrail audit, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "product")]
    public int? ProductId { get; set; }

    [BindProperty]
    public PackInput Input { get; set; } = new();

    public Product? Product { get; private set; }
    public PackSize? Pack { get; private set; }
    public AuditHistory? History { get; private set; }

    [TempData(Key = "PmNotice")]
    public string? Notice { get; set; }

    public sealed class PackInput
    {
        [Required(ErrorMessage = "Please enter an article number.")]
        [StringLength(64, ErrorMessage = "At most {1} characters.")]
        [RegularExpression("^[A-Za-z0-9._-]+$", ErrorMessage = "Letters, digits, dot, dash and underscore only.")]
        public string? Sku { get; set; }

        [Required(ErrorMessage = "Please enter a name.")]
        [StringLength(100, ErrorMessage = "At most {1} characters.")]
        public string? Name { get; set; }

        [StringLength(100, ErrorMessage = "At most {1} characters.")]
        public string? NameDe { get; set; }

        [Required(ErrorMessage = "Please enter the units per pack.")]
        [Range(typeof(decimal), "0.0001", "1000000", ParseLimitsInInvariantCulture = true, ErrorMessage = "The units per pack must be more than 0.")]
        public decimal? UnitsPerPack { get; set; }

        public bool IsSmallPack { get; set; }

        [StringLength(14, ErrorMessage = "At most {1} characters.")]
        public string? Gtin { get; set; }

        [Range(typeof(decimal), "0", "100000", ParseLimitsInInvariantCulture = true, ErrorMessage = "The weight cannot be negative.")]
        public decimal? WeightKg { get; set; }

        [Range(typeof(decimal), "0", "1000000", ParseLimitsInInvariantCulture = true, ErrorMessage = "The cost price cannot be negative.")]
        public decimal? CostPrice { get; set; }

        [Range(0, 365, ErrorMessage = "The lead time must be between 0 and 365 days.")]
        public int LeadTimeDays { get; set; } = 1;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (Pack is not null)
        {
            Input = new PackInput
            {
                Sku = Pack.Sku,
                Name = Pack.Name,
                NameDe = Pack.NameDe,
                UnitsPerPack = Pack.UnitsPerPack,
                IsSmallPack = Pack.IsSmallPack,
                Gtin = Pack.Gtin,
                WeightKg = Pack.WeightKg,
                CostPrice = Pack.CostPrice,
                LeadTimeDays = Pack.LeadTimeDays,
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var sku = Input.Sku?.Trim() ?? "";
        var gtin = string.IsNullOrWhiteSpace(Input.Gtin) ? null : Input.Gtin.Trim();
        if (gtin is not null && !Gtin.IsValid(gtin))
        {
            ModelState.AddModelError("Input.Gtin", "This is not a valid GTIN: 8, 12, 13 or 14 digits with a correct check digit.");
        }

        // Checked here as well as on saving, so that a taken SKU is named together with the form's other errors.
        if (sku.Length > 0 && await editor.SkuOwnerAsync(sku, Id, cancellationToken) is { } taken)
        {
            ModelState.AddModelError("Input.Sku", $"SKU_TAKEN|{taken}");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var data = new ProductEditor.PackData(sku, Input.Name!, Input.NameDe, Input.UnitsPerPack!.Value, Input.IsSmallPack, gtin, Input.WeightKg, Input.CostPrice, Input.LeadTimeDays);
        var result = await editor.SavePackAsync(Product!.Id, Id, data, cancellationToken);
        if (result.SkuTakenBy is { } owner)
        {
            ModelState.AddModelError("Input.Sku", $"SKU_TAKEN|{owner}");
            return Page();
        }

        if (result.Id is not { } id)
        {
            return NotFound();
        }

        Notice = Id is null ? t["The pack size was created."] : t["The pack size was saved."];
        return RedirectToPage(new { id, product = (int?)null });
    }

    public Task<IActionResult> OnPostDeactivateAsync(CancellationToken cancellationToken) => SetActiveAsync(false, cancellationToken);

    public Task<IActionResult> OnPostReactivateAsync(CancellationToken cancellationToken) => SetActiveAsync(true, cancellationToken);

    private async Task<IActionResult> SetActiveAsync(bool active, CancellationToken cancellationToken)
    {
        if (!await editor.SetPackActiveAsync(Id ?? 0, active, cancellationToken))
        {
            return NotFound();
        }

        Notice = active ? t["The pack size can be ordered again."] : t["The pack size was deactivated. Carts, lists and orders show it as no longer available."];
        return RedirectToPage(new { id = Id, product = (int?)null });
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (Id is not null)
        {
            Pack = await db.PackSizes.AsNoTracking().SingleOrDefaultAsync(s => s.Id == Id, cancellationToken);
            if (Pack is null)
            {
                return false;
            }

            ProductId = Pack.ProductId;
            History = await audit.HistoryAsync(AuditItemTypes.PackSize, Pack.Id.ToString(CultureInfo.InvariantCulture), cancellationToken, 5);
        }

        Product = await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Id == ProductId, cancellationToken);
        return Product is not null;
    }
}
