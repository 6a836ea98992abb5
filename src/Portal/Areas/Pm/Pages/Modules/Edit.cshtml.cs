using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Customers;
using Portal.Data;
using Portal.Localization;
using Portal.ProductManagement;
using Portal.ServiceModules;

namespace Portal.Areas.Pm.Pages.Modules;

/// Create or change a service module: what it is, which segments may book it at which price, and for a bundle
/// the pack sizes it holds (typed as "SKU quantity" lines, the way product managers keep them in their lists).
public sealed class EditModel(PortalDbContext db, AuditTrail audit, ModuleEditor editor, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public ModuleInput Input { get; set; } = new();

    public int? Id { get; private set; }
    public AuditHistory? History { get; private set; }

    public sealed class ModuleInput
    {
        [Required(ErrorMessage = "Please enter a code.")]
        [StringLength(32, ErrorMessage = "At most 32 characters.")]
        public string? Code { get; set; }

        public ModuleKind Kind { get; set; }

        [Required(ErrorMessage = "Please enter a name.")]
        [StringLength(100, ErrorMessage = "At most 100 characters.")]
        public string? Name { get; set; }

        [StringLength(100, ErrorMessage = "At most 100 characters.")]
        public string? NameDe { get; set; }

        [StringLength(500, ErrorMessage = "At most 500 characters.")]
        public string? Description { get; set; }

        [StringLength(500, ErrorMessage = "At most 500 characters.")]
        public string? DescriptionDe { get; set; }

        [Range(0, 9999, ErrorMessage = "Please enter a number from 0 to 9,999.")]
        public int SortOrder { get; set; }

        public bool IsActive { get; set; } = true;

        /// Net price per segment as typed; empty means the segment may not book the module.
        public Dictionary<Segment, string?> Prices { get; set; } = Enum.GetValues<Segment>().ToDictionary(s => s, _ => (string?)null);

        public string? BundleItems { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            return Page();
        }

        var module = await db.ServiceModules.AsNoTracking().Include(m => m.Prices).Include(m => m.BundleItems).ThenInclude(i => i.PackSize)
            .SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (module is null)
        {
            return NotFound();
        }

        Id = module.Id;
        History = await audit.HistoryAsync(AuditItemTypes.ServiceModule, ModuleEditor.Key(module.Id), cancellationToken);
        Input = new ModuleInput
        {
            Code = module.Code,
            Kind = module.Kind,
            Name = module.Name,
            NameDe = module.NameDe,
            Description = module.Description,
            DescriptionDe = module.DescriptionDe,
            SortOrder = module.SortOrder,
            IsActive = module.IsActive,
            Prices = Enum.GetValues<Segment>().ToDictionary(s => s, s => module.Prices.FirstOrDefault(p => p.Segment == s)?.NetPrice.ToString("0.00", CultureInfo.CurrentCulture)),
            BundleItems = string.Join("\n", module.BundleItems.OrderBy(i => i.Id).Select(i => $"{i.PackSize!.Sku} {i.Quantity}")),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken cancellationToken)
    {
        Id = id;
        var prices = new Dictionary<Segment, decimal>();
        foreach (var segment in Enum.GetValues<Segment>())
        {
            var text = Input.Prices.GetValueOrDefault(segment)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            if (!NumberInput.TryParseAmount(text, CultureInfo.CurrentCulture, out var price) || price < 0 || price > 100_000)
            {
                ModelState.AddModelError($"Input.Prices[{segment}]", t["Please enter a price from 0 to 100,000, or leave it empty."]);
                continue;
            }

            prices[segment] = Localization.Money.Round(price);
        }

        var data = new ModuleEditor.ModuleData(Input.Code?.Trim().ToUpperInvariant() ?? "", Input.Kind, Input.Name?.Trim() ?? "", Input.NameDe, Input.Description, Input.DescriptionDe,
            Input.SortOrder, Input.IsActive, prices, Input.Kind == ModuleKind.Bundle ? BundleLines() : []);
        var typedWell = ModelState.IsValid;
        var saved = typedWell ? await editor.SaveAsync(id, data, cancellationToken) : new ModuleEditor.SaveResult(true, await editor.CheckAsync(id, data, cancellationToken));
        if (!saved.Found)
        {
            return NotFound();
        }

        foreach (var error in saved.Errors)
        {
            ModelState.AddModelError($"Input.{error.Field}", t[error.Message, error.Arguments]);
        }

        if (!typedWell || saved.Errors.Count > 0)
        {
            if (id is not null)
            {
                History = await audit.HistoryAsync(AuditItemTypes.ServiceModule, ModuleEditor.Key(id.Value), cancellationToken);
            }

            return Page();
        }

        TempData["Notice"] = t["The module {0} was saved.", data.Code].Value;
        return RedirectToPage("/Modules/Index", new { area = "Pm" });
    }

    /// "SKU quantity" per line (quantity optional, default 1). Every bad line is named, so nothing typed is lost.
    private List<ModuleEditor.BundleLine> BundleLines()
    {
        var lines = (Input.BundleItems ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var wanted = new List<ModuleEditor.BundleLine>();
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split([' ', '\t', ';', ','], StringSplitOptions.RemoveEmptyEntries);
            var quantity = 1;
            if (parts.Length is < 1 or > 2 || (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out quantity) || quantity is < 1 or > 999)))
            {
                ModelState.AddModelError("Input.BundleItems", t["Line {0}: please write an article number and a quantity from 1 to 999.", i + 1]);
                continue;
            }

            wanted.Add(new ModuleEditor.BundleLine(i + 1, parts[0].ToUpperInvariant(), quantity));
        }

        if (wanted.Count == 0 && ModelState.IsValid)
        {
            ModelState.AddModelError("Input.BundleItems", t["A bundle needs at least one pack size."]);
        }

        return wanted;
    }
}
