using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;
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
public sealed partial class EditModel(PortalDbContext db, AuditTrail audit, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int MaxBundleItems = 50;

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
        History = await audit.HistoryAsync(AuditItemTypes.ServiceModule, module.Id.ToString(CultureInfo.InvariantCulture), cancellationToken);
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
        ServiceModule? module = null;
        if (id is not null)
        {
            module = await db.ServiceModules.Include(m => m.Prices).Include(m => m.BundleItems).SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
            if (module is null)
            {
                return NotFound();
            }
        }

        var code = Input.Code?.Trim().ToUpperInvariant() ?? "";
        if (code.Length > 0 && !CodePattern().IsMatch(code))
        {
            ModelState.AddModelError("Input.Code", t["Letters, digits and hyphens only."]);
        }
        else if (code.Length > 0 && await db.ServiceModules.AnyAsync(m => m.Code == code && m.Id != (id ?? 0), cancellationToken))
        {
            ModelState.AddModelError("Input.Code", t["Another module already has this code."]);
        }

        if (!Enum.IsDefined(Input.Kind))
        {
            ModelState.AddModelError("Input.Kind", t["Please choose a kind."]);
        }

        if (Input.Kind == ModuleKind.DropShip && Input.IsActive
            && await db.ServiceModules.AnyAsync(m => m.Kind == ModuleKind.DropShip && m.IsActive && m.Id != (id ?? 0), cancellationToken))
        {
            ModelState.AddModelError("Input.Kind", t["There is already an active partner drop-ship module; change that one instead."]);
        }

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

        var items = Input.Kind == ModuleKind.Bundle ? await ParseBundleItemsAsync(cancellationToken) : [];
        if (!ModelState.IsValid)
        {
            if (id is not null)
            {
                History = await audit.HistoryAsync(AuditItemTypes.ServiceModule, id.Value.ToString(CultureInfo.InvariantCulture), cancellationToken);
            }

            return Page();
        }

        // Prices and bundle contents are child rows: the entry names them as "Price A" and "Contents" so the
        // history reads like the form.
        var oldPrices = module?.Prices.ToDictionary(p => p.Segment, p => p.NetPrice) ?? [];
        var oldContents = module is null ? "" : await ContentsAsync(module.BundleItems.Select(i => (i.PackSizeId, i.Quantity)), cancellationToken);
        module ??= db.ServiceModules.Add(new ServiceModule { Code = code, Name = "" }).Entity;
        module.Code = code;
        module.Kind = Input.Kind;
        module.Name = Input.Name!.Trim();
        module.NameDe = string.IsNullOrWhiteSpace(Input.NameDe) ? null : Input.NameDe.Trim();
        module.Description = Input.Description?.Trim() ?? "";
        module.DescriptionDe = string.IsNullOrWhiteSpace(Input.DescriptionDe) ? null : Input.DescriptionDe.Trim();
        module.SortOrder = Input.SortOrder;
        module.IsActive = Input.IsActive;
        module.Prices.RemoveAll(p => !prices.ContainsKey(p.Segment));
        foreach (var (segment, price) in prices)
        {
            if (module.Prices.FirstOrDefault(p => p.Segment == segment) is { } existing)
            {
                existing.NetPrice = price;
            }
            else
            {
                module.Prices.Add(new ServiceModulePrice { Segment = segment, NetPrice = price });
            }
        }

        module.BundleItems.RemoveAll(i => !items.ContainsKey(i.PackSizeId));
        foreach (var (packSizeId, quantity) in items)
        {
            if (module.BundleItems.FirstOrDefault(i => i.PackSizeId == packSizeId) is { } existing)
            {
                existing.Quantity = quantity;
            }
            else
            {
                module.BundleItems.Add(new BundleItem { PackSizeId = packSizeId, Quantity = quantity });
            }
        }

        var extra = new List<FieldChange>();
        foreach (var segment in Enum.GetValues<Segment>())
        {
            decimal? before = oldPrices.TryGetValue(segment, out var o) ? o : null;
            decimal? after = prices.TryGetValue(segment, out var n) ? n : null;
            if (before != after)
            {
                extra.Add(new FieldChange($"Price {segment}", AuditTrail.Format(before), AuditTrail.Format(after)));
            }
        }

        var newContents = await ContentsAsync(items.Select(i => (i.Key, i.Value)), cancellationToken);
        if (oldContents != newContents)
        {
            extra.Add(new FieldChange("Contents", oldContents.Length == 0 ? null : oldContents, newContents.Length == 0 ? null : newContents));
        }

        audit.RecordChanges(module, AuditItemTypes.ServiceModule, module.Name, extra);
        await audit.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = t["The module {0} was saved.", module.Code].Value;
        return LocalRedirect("/pm/modules");
    }

    /// "SKU quantity" per line (quantity optional, default 1). Every bad line is named, so nothing typed is lost.
    private async Task<Dictionary<int, int>> ParseBundleItemsAsync(CancellationToken cancellationToken)
    {
        var lines = (Input.BundleItems ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var wanted = new List<(string Sku, int Quantity, int LineNumber)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split([' ', '\t', ';', ','], StringSplitOptions.RemoveEmptyEntries);
            var quantity = 1;
            if (parts.Length is < 1 or > 2 || (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out quantity) || quantity is < 1 or > 999)))
            {
                ModelState.AddModelError("Input.BundleItems", t["Line {0}: please write an article number and a quantity from 1 to 999.", i + 1]);
                continue;
            }

            wanted.Add((parts[0].ToUpperInvariant(), quantity, i + 1));
        }

        if (wanted.Count == 0 && ModelState.IsValid)
        {
            ModelState.AddModelError("Input.BundleItems", t["A bundle needs at least one pack size."]);
        }

        if (wanted.Count > MaxBundleItems)
        {
            ModelState.AddModelError("Input.BundleItems", t["At most {0} pack sizes per bundle.", MaxBundleItems]);
        }

        var skus = wanted.Select(w => w.Sku).Distinct().ToList();
        var packs = await db.PackSizes.AsNoTracking().Where(s => skus.Contains(s.Sku))
            .Select(s => new { s.Id, s.Sku, s.Product!.TaxRate }).ToDictionaryAsync(s => s.Sku, cancellationToken);
        var result = new Dictionary<int, int>();
        foreach (var (sku, quantity, lineNumber) in wanted)
        {
            if (!packs.TryGetValue(sku, out var pack))
            {
                ModelState.AddModelError("Input.BundleItems", t["Line {0}: there is no pack size {1}.", lineNumber, sku]);
            }
            else if (!result.TryAdd(pack.Id, quantity))
            {
                ModelState.AddModelError("Input.BundleItems", t["Line {0}: {1} is listed twice.", lineNumber, sku]);
            }
        }

        // One bundle price carries one VAT rate; mixing rates would need a split an invoice cannot show.
        if (packs.Values.Select(p => p.TaxRate).Distinct().Count() > 1)
        {
            ModelState.AddModelError("Input.BundleItems", t["All pack sizes of a bundle must have the same VAT rate."]);
        }

        return result;
    }

    private async Task<string> ContentsAsync(IEnumerable<(int PackSizeId, int Quantity)> items, CancellationToken cancellationToken)
    {
        var list = items.ToList();
        var ids = list.Select(i => i.PackSizeId).ToList();
        var skus = await db.PackSizes.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Sku, cancellationToken);
        return string.Join(", ", list.Select(i => $"{skus.GetValueOrDefault(i.PackSizeId)} {i.Quantity}").Order(StringComparer.Ordinal));
    }

    [GeneratedRegex("^[A-Z0-9-]+$")]
    private static partial Regex CodePattern();
}
