using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Data;
using Portal.ProductManagement;

namespace Portal.Areas.Pm.Pages.Products;

/// A product: create or edit its data, upload its picture, deactivate it, and see its pack sizes and history.
public sealed class EditModel(PortalDbContext db, ProductEditor editor, AuditTrail audit, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Id { get; set; }

    [BindProperty]
    public ProductInput Input { get; set; } = new();

    public IFormFile? Picture { get; set; }

    public Product? Product { get; private set; }
    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public AuditHistory? History { get; private set; }

    [TempData(Key = "PmNotice")]
    public string? Notice { get; set; }

    public sealed class ProductInput
    {
        // A name in at least one language (checked on saving); the other language falls back to it.
        [StringLength(200, ErrorMessage = "At most {1} characters.")]
        public string? Name { get; set; }

        [StringLength(200, ErrorMessage = "At most {1} characters.")]
        public string? NameDe { get; set; }

        [StringLength(4000, ErrorMessage = "At most {1} characters.")]
        public string? Description { get; set; }

        [StringLength(4000, ErrorMessage = "At most {1} characters.")]
        public string? DescriptionDe { get; set; }

        [Required(ErrorMessage = "Please choose a category.")]
        public int? CategoryId { get; set; }

        [Required(ErrorMessage = "Please enter the base unit.")]
        [StringLength(16, ErrorMessage = "At most {1} characters.")]
        public string? BaseUnit { get; set; }

        /// In percent as people write it (19, 7); stored as a fraction.
        [Required(ErrorMessage = "Please enter the VAT rate.")]
        [Range(0, 100, ErrorMessage = "The VAT rate must be between 0 and 100 %.")]
        public decimal? TaxPercent { get; set; }

        [StringLength(100, ErrorMessage = "At most {1} characters.")]
        public string? Manufacturer { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Id is not null)
        {
            if (!await LoadAsync(cancellationToken))
            {
                return NotFound();
            }

            Input = new ProductInput
            {
                Name = Product!.Name,
                NameDe = Product.NameDe,
                Description = Product.Description,
                DescriptionDe = Product.DescriptionDe,
                CategoryId = Product.CategoryId,
                BaseUnit = Product.BaseUnit,
                TaxPercent = Product.TaxRate * 100,
                Manufacturer = Product.Manufacturer,
            };
        }
        else
        {
            Input.TaxPercent = 19;
            Categories = await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync(cancellationToken);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Id is not null && !await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Categories = Categories.Count > 0 ? Categories : await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(Input.Name) && string.IsNullOrWhiteSpace(Input.NameDe))
        {
            ModelState.AddModelError("Input.Name", t["Please enter a name in at least one language."]);
        }

        if (Input.CategoryId is int categoryId && Categories.All(c => c.Id != categoryId))
        {
            ModelState.AddModelError("Input.CategoryId", t["Please choose a category."]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var data = new ProductEditor.ProductData(Input.Name, Input.NameDe, Input.Description, Input.DescriptionDe, Input.CategoryId!.Value, Input.BaseUnit!, Input.TaxPercent!.Value, Input.Manufacturer);
        if (await editor.SaveAsync(Id, data, cancellationToken) is not { } id)
        {
            return NotFound();
        }

        Notice = Id is null ? t["The product was created. Add its pack sizes now."] : t["The product was saved."];
        return RedirectToPage(new { id });
    }

    public Task<IActionResult> OnPostDeactivateAsync(CancellationToken cancellationToken) => SetActiveAsync(false, cancellationToken);

    public Task<IActionResult> OnPostReactivateAsync(CancellationToken cancellationToken) => SetActiveAsync(true, cancellationToken);

    public async Task<IActionResult> OnPostPictureAsync(IFormFile? picture, CancellationToken cancellationToken)
    {
        if (picture is null)
        {
            ModelState.AddModelError("Picture", t["Please choose a picture."]);
        }
        else
        {
            var result = await editor.SetPictureAsync(Id ?? 0, picture, cancellationToken);
            if (!result.Found)
            {
                return NotFound();
            }

            if (result.Error is null)
            {
                Notice = t["The picture was uploaded."];
                return RedirectToPage(new { id = Id });
            }

            ModelState.AddModelError("Picture", t[result.Error]);
        }

        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Input = new ProductInput { Name = Product!.Name, NameDe = Product.NameDe, Description = Product.Description, DescriptionDe = Product.DescriptionDe, CategoryId = Product.CategoryId, BaseUnit = Product.BaseUnit, TaxPercent = Product.TaxRate * 100, Manufacturer = Product.Manufacturer };
        return Page();
    }

    private async Task<IActionResult> SetActiveAsync(bool active, CancellationToken cancellationToken)
    {
        if (!await editor.SetActiveAsync(Id ?? 0, active, cancellationToken))
        {
            return NotFound();
        }

        Notice = active ? t["The product can be ordered again."] : t["The product was deactivated. Carts, lists and orders show it as no longer available."];
        return RedirectToPage(new { id = Id });
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Product = await db.Products.AsNoTracking().Include(p => p.Category).Include(p => p.PackSizes.OrderBy(s => s.UnitsPerPack))
            .SingleOrDefaultAsync(p => p.Id == Id, cancellationToken);
        if (Product is null)
        {
            return false;
        }

        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync(cancellationToken);
        History = await audit.HistoryAsync(AuditItemTypes.Product, Product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken, 5);
        return true;
    }
}
