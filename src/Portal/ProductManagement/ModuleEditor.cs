using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;
using Portal.ServiceModules;

namespace Portal.ProductManagement;

/// Service modules as product managers change them: what a module is, which segments may book it at which price,
/// and what a bundle holds. Prices and contents are child rows; the audit entry names them as "Price A" and
/// "Contents" so the history reads like the form.
public sealed partial class ModuleEditor(PortalDbContext db, AuditTrail audit)
{
    public const int MaxBundleItems = 50;

    /// A "SKU quantity" line of a bundle's contents as typed, with its line number for the message.
    public sealed record BundleLine(int LineNumber, string Sku, int Quantity);

    public sealed record ModuleData(string Code, ModuleKind Kind, string Name, string? NameDe, string? Description, string? DescriptionDe,
        int SortOrder, bool IsActive, IReadOnlyDictionary<Segment, decimal> Prices, IReadOnlyList<BundleLine> BundleItems);

    public sealed record SaveResult(bool Found, IReadOnlyList<FieldError> Errors);

    /// Everything that would stop SaveAsync, without saving: the page shows these with its own input errors at once.
    public async Task<IReadOnlyList<FieldError>> CheckAsync(int? id, ModuleData data, CancellationToken cancellationToken) =>
        (await ResolveAsync(id, data, cancellationToken)).Errors;

    public async Task<SaveResult> SaveAsync(int? id, ModuleData data, CancellationToken cancellationToken)
    {
        ServiceModule? module = null;
        if (id is not null)
        {
            module = await db.ServiceModules.Include(m => m.Prices).Include(m => m.BundleItems).SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
            if (module is null)
            {
                return new SaveResult(false, []);
            }
        }

        var (errors, items) = await ResolveAsync(id, data, cancellationToken);
        if (errors.Count > 0)
        {
            return new SaveResult(true, errors);
        }

        var oldPrices = module?.Prices.ToDictionary(p => p.Segment, p => p.NetPrice) ?? [];
        var oldContents = module is null ? "" : await ContentsAsync(module.BundleItems.Select(i => (i.PackSizeId, i.Quantity)), cancellationToken);
        module ??= db.ServiceModules.Add(new ServiceModule { Code = data.Code, Name = "" }).Entity;
        module.Code = data.Code;
        module.Kind = data.Kind;
        module.Name = data.Name.Trim();
        module.NameDe = string.IsNullOrWhiteSpace(data.NameDe) ? null : data.NameDe.Trim();
        module.Description = data.Description?.Trim() ?? "";
        module.DescriptionDe = string.IsNullOrWhiteSpace(data.DescriptionDe) ? null : data.DescriptionDe.Trim();
        module.SortOrder = data.SortOrder;
        module.IsActive = data.IsActive;
        module.Prices.RemoveAll(p => !data.Prices.ContainsKey(p.Segment));
        foreach (var (segment, price) in data.Prices)
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
            decimal? after = data.Prices.TryGetValue(segment, out var n) ? n : null;
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
        return new SaveResult(true, []);
    }

    /// The checks, and a bundle's contents as pack size id → quantity.
    private async Task<(List<FieldError> Errors, Dictionary<int, int> Items)> ResolveAsync(int? id, ModuleData data, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (data.Code.Length > 0 && !CodePattern().IsMatch(data.Code))
        {
            errors.Add(new FieldError("Code", "Letters, digits and hyphens only."));
        }
        else if (data.Code.Length > 0 && await db.ServiceModules.AnyAsync(m => m.Code == data.Code && m.Id != (id ?? 0), cancellationToken))
        {
            errors.Add(new FieldError("Code", "Another module already has this code."));
        }

        if (!Enum.IsDefined(data.Kind))
        {
            errors.Add(new FieldError("Kind", "Please choose a kind."));
        }

        if (data.Kind == ModuleKind.DropShip && data.IsActive
            && await db.ServiceModules.AnyAsync(m => m.Kind == ModuleKind.DropShip && m.IsActive && m.Id != (id ?? 0), cancellationToken))
        {
            errors.Add(new FieldError("Kind", "There is already an active partner drop-ship module; change that one instead."));
        }

        var items = new Dictionary<int, int>();
        if (data.Kind != ModuleKind.Bundle)
        {
            return (errors, items);
        }

        if (data.BundleItems.Count > MaxBundleItems)
        {
            errors.Add(new FieldError("BundleItems", "At most {0} pack sizes per bundle.", MaxBundleItems));
        }

        var skus = data.BundleItems.Select(w => w.Sku).Distinct().ToList();
        var packs = await db.PackSizes.AsNoTracking().Where(s => skus.Contains(s.Sku))
            .Select(s => new { s.Id, s.Sku, s.Product!.TaxRate }).ToDictionaryAsync(s => s.Sku, cancellationToken);
        foreach (var line in data.BundleItems)
        {
            if (!packs.TryGetValue(line.Sku, out var pack))
            {
                errors.Add(new FieldError("BundleItems", "Line {0}: there is no pack size {1}.", line.LineNumber, line.Sku));
            }
            else if (!items.TryAdd(pack.Id, line.Quantity))
            {
                errors.Add(new FieldError("BundleItems", "Line {0}: {1} is listed twice.", line.LineNumber, line.Sku));
            }
        }

        // One bundle price carries one VAT rate; mixing rates would need a split an invoice cannot show.
        if (packs.Values.Select(p => p.TaxRate).Distinct().Count() > 1)
        {
            errors.Add(new FieldError("BundleItems", "All pack sizes of a bundle must have the same VAT rate."));
        }

        return (errors, items);
    }

    private async Task<string> ContentsAsync(IEnumerable<(int PackSizeId, int Quantity)> items, CancellationToken cancellationToken)
    {
        var list = items.ToList();
        var ids = list.Select(i => i.PackSizeId).ToList();
        var skus = await db.PackSizes.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Sku, cancellationToken);
        return string.Join(", ", list.Select(i => $"{skus.GetValueOrDefault(i.PackSizeId)} {i.Quantity}").Order(StringComparer.Ordinal));
    }

    public static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Z0-9-]+$")]
    private static partial Regex CodePattern();
}
