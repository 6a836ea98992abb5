using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Pricing;

namespace Portal.ProductManagement;

/// Changes to price lists, each with its audit entry. A change applies to new checkouts at once: carts are priced
/// when viewed (CartService.ViewAsync), so an open cart shows the new price with a notice, and placing the order
/// stops once to show the new prices before it goes through.
public sealed class PriceEditor(PortalDbContext db, AuditTrail audit)
{
    public sealed record TierInput(int MinQuantity, decimal UnitPrice);

    /// Replaces a pack size's tiers in a list (none: the pack has no price in that list). Answers an error key or null.
    public async Task<string?> SetTiersAsync(int priceListId, int packSizeId, IReadOnlyList<TierInput> tiers, CancellationToken cancellationToken) =>
        (await ReplaceTiersAsync(priceListId, packSizeId, tiers, cancellationToken)).Error;

    /// SetTiersAsync that also says whether anything changed (the API answers created, updated or unchanged).
    public async Task<(string? Error, bool Changed)> ReplaceTiersAsync(int priceListId, int packSizeId, IReadOnlyList<TierInput> tiers, CancellationToken cancellationToken)
    {
        if (tiers.Any(t => t.MinQuantity < 1))
        {
            return ("A tier starts at 1 pack or more.", false);
        }

        if (tiers.Any(t => t.UnitPrice < 0 || t.UnitPrice > 1_000_000))
        {
            return ("A price must be between 0 and 1,000,000.", false);
        }

        if (tiers.GroupBy(t => t.MinQuantity).Any(g => g.Count() > 1))
        {
            return ("Each minimum quantity may appear only once.", false);
        }

        if (tiers.Count > 0 && tiers.All(t => t.MinQuantity != 1))
        {
            return ("The first tier must start at 1 pack, or buyers of a single pack find no price.", false);
        }

        // A tier is a discount for buying more: a larger quantity may never cost more per pack than a smaller one.
        var ordered = tiers.OrderBy(t => t.MinQuantity).ToList();
        if (ordered.Zip(ordered.Skip(1)).Any(pair => pair.Second.UnitPrice > pair.First.UnitPrice))
        {
            return ("A larger quantity cannot cost more per pack than a smaller one: each tier's price must be at most the price before it.", false);
        }

        var list = await db.PriceLists.SingleAsync(l => l.Id == priceListId, cancellationToken);
        var sku = await db.PackSizes.Where(s => s.Id == packSizeId).Select(s => s.Sku).SingleAsync(cancellationToken);
        var existing = await db.PriceListEntries.Where(e => e.PriceListId == priceListId && e.PackSizeId == packSizeId).ToListAsync(cancellationToken);
        var changes = Apply(priceListId, packSizeId, sku, existing, tiers.Select(t => (t.MinQuantity, Math.Round(t.UnitPrice, 4))).ToList());
        if (changes.Count > 0)
        {
            audit.Record(AuditItemTypes.PriceList, Key(list.Id), list.Name, AuditAction.Changed, changes);
            await audit.SaveChangesAsync(cancellationToken);
        }

        return (null, changes.Count > 0);
    }

    public sealed record DeriveResult(int Packs, int Changed);

    public sealed record DerivedPrice(string Sku, int MinQuantity, decimal? Old, decimal New);

    public sealed record DerivePreview(int Packs, int Prices, int Changed, IReadOnlyList<DerivedPrice> Sample);

    /// What DeriveAsync would do, without doing it: how many prices it sets and changes, and a few of them old → new.
    public async Task<DerivePreview> PreviewDeriveAsync(int targetListId, int sourceListId, decimal factor, CancellationToken cancellationToken, int sampleSize = 8)
    {
        var source = await db.PriceListEntries.AsNoTracking().Where(e => e.PriceListId == sourceListId)
            .Select(e => new { e.PackSizeId, e.PackSize!.Sku, e.MinQuantity, e.UnitPrice }).ToListAsync(cancellationToken);
        var existing = await db.PriceListEntries.AsNoTracking().Where(e => e.PriceListId == targetListId)
            .ToDictionaryAsync(e => (e.PackSizeId, e.MinQuantity), e => e.UnitPrice, cancellationToken);
        var derived = source
            .Select(e => new DerivedPrice(e.Sku, e.MinQuantity, existing.TryGetValue((e.PackSizeId, e.MinQuantity), out var old) ? old : null, PriceRounding.Derive(e.UnitPrice, factor)))
            .ToList();
        var changed = derived.Where(d => d.Old != d.New).ToList();
        return new DerivePreview(source.Select(e => e.PackSizeId).Distinct().Count(), derived.Count, changed.Count,
            changed.OrderBy(d => d.Sku, StringComparer.Ordinal).ThenBy(d => d.MinQuantity).Take(sampleSize).ToList());
    }

    /// The bulk rule: every price of the target list becomes the source list's price × factor, rounded up to .x9
    /// (PriceRounding.Derive), tier by tier. Packs the source list has no price for keep their prices in the target.
    public async Task<DeriveResult> DeriveAsync(int targetListId, int sourceListId, decimal factor, CancellationToken cancellationToken)
    {
        if (targetListId == sourceListId)
        {
            throw new ArgumentException("A list cannot be derived from itself.");
        }

        var target = await db.PriceLists.SingleAsync(l => l.Id == targetListId, cancellationToken);
        var source = await db.PriceListEntries.AsNoTracking().Where(e => e.PriceListId == sourceListId)
            .Select(e => new { e.PackSizeId, e.PackSize!.Sku, e.MinQuantity, e.UnitPrice }).ToListAsync(cancellationToken);
        var existing = (await db.PriceListEntries.Where(e => e.PriceListId == targetListId).ToListAsync(cancellationToken))
            .ToLookup(e => e.PackSizeId);
        var changes = new List<FieldChange>();
        foreach (var pack in source.GroupBy(e => (e.PackSizeId, e.Sku)))
        {
            changes.AddRange(Apply(targetListId, pack.Key.PackSizeId, pack.Key.Sku, existing[pack.Key.PackSizeId].ToList(),
                pack.Select(e => (e.MinQuantity, PriceRounding.Derive(e.UnitPrice, factor))).ToList()));
        }

        var sourceName = await db.PriceLists.Where(l => l.Id == sourceListId).Select(l => l.Name).SingleAsync(cancellationToken);
        audit.Record(AuditItemTypes.PriceList, Key(target.Id), target.Name, AuditAction.Changed,
            [new FieldChange("Rule", null, $"{sourceName} × {factor.ToString("0.####", CultureInfo.InvariantCulture)}, rounded up to .x9"), .. changes]);
        await audit.SaveChangesAsync(cancellationToken);
        return new DeriveResult(source.Select(e => e.PackSizeId).Distinct().Count(), changes.Count);
    }

    public sealed record PriceJump(int MinQuantity, decimal Old, decimal New);

    /// A typo (a missing or extra digit, a comma read the other way) moves a price by ten or a hundred; a real
    /// price change rarely by more than this.
    public const decimal PlausibleFactor = 3m;

    /// The tiers that would move by more than PlausibleFactor, to be confirmed before SetTiersAsync saves them.
    public async Task<IReadOnlyList<PriceJump>> JumpsAsync(int priceListId, int packSizeId, IReadOnlyList<TierInput> tiers, CancellationToken cancellationToken)
    {
        var current = await db.PriceListEntries.AsNoTracking().Where(e => e.PriceListId == priceListId && e.PackSizeId == packSizeId)
            .ToDictionaryAsync(e => e.MinQuantity, e => e.UnitPrice, cancellationToken);
        return tiers
            .Where(tier => current.TryGetValue(tier.MinQuantity, out var old) && old > 0 && (tier.UnitPrice > old * PlausibleFactor || tier.UnitPrice * PlausibleFactor < old))
            .Select(tier => new PriceJump(tier.MinQuantity, current[tier.MinQuantity], tier.UnitPrice))
            .ToList();
    }

    /// Brings a pack's tiers in a list to the wanted ones (tracked, not saved) and describes what changed.
    internal List<FieldChange> Apply(int priceListId, int packSizeId, string sku, List<PriceListEntry> existing, IReadOnlyList<(int MinQuantity, decimal UnitPrice)> wanted)
    {
        var changes = new List<FieldChange>();
        foreach (var entry in existing.Where(e => wanted.All(w => w.MinQuantity != e.MinQuantity)))
        {
            db.PriceListEntries.Remove(entry);
            changes.Add(new FieldChange(TierName(sku, entry.MinQuantity), AuditTrail.Format(entry.UnitPrice), null));
        }

        foreach (var (minQuantity, price) in wanted)
        {
            var entry = existing.SingleOrDefault(e => e.MinQuantity == minQuantity);
            if (entry is null)
            {
                db.PriceListEntries.Add(new PriceListEntry { PriceListId = priceListId, PackSizeId = packSizeId, MinQuantity = minQuantity, UnitPrice = price });
                changes.Add(new FieldChange(TierName(sku, minQuantity), null, AuditTrail.Format(price)));
            }
            else if (entry.UnitPrice != price)
            {
                changes.Add(new FieldChange(TierName(sku, minQuantity), AuditTrail.Format(entry.UnitPrice), AuditTrail.Format(price)));
                entry.UnitPrice = price;
            }
        }

        return changes;
    }

    private static string TierName(string sku, int minQuantity) => $"{sku} ≥ {minQuantity.ToString(CultureInfo.InvariantCulture)}";

    public static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);
}
