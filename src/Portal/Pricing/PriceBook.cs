using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;

namespace Portal.Pricing;

/// The prices a customer pays: its own price list where it has one (and it names the pack size), else its
/// segment's list. Only lists valid on the given day count.
public sealed class PriceBook(PortalDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<PriceTier>>> TiersForAsync(int customerId, IEnumerable<int> packSizeIds, CancellationToken cancellationToken)
    {
        var ids = packSizeIds.Distinct().ToList();
        // Validity dates are the seller's calendar days, not UTC ones.
        var today = Portal.Localization.Dates.BusinessToday(time);
        var customer = await db.Customers.AsNoTracking()
            .Where(c => c.Id == customerId)
            .Select(c => new { c.PriceListId, c.Segment })
            .SingleAsync(cancellationToken);
        return await SheetAsync(db, customer.PriceListId, customer.Segment, today, ids, cancellationToken);
    }

    /// The tiers per pack size of a customer with this own price list and class on this day: of the given pack
    /// sizes, or of every pack size the lists name (the shop's CatalogCache holds those).
    public static async Task<IReadOnlyDictionary<int, IReadOnlyList<PriceTier>>> SheetAsync(PortalDbContext db, int? ownPriceListId, Segment segment, DateOnly day, IReadOnlyCollection<int>? packSizeIds, CancellationToken cancellationToken)
    {
        var entries = db.PriceListEntries.AsNoTracking();
        if (packSizeIds is not null)
        {
            entries = entries.Where(e => packSizeIds.Contains(e.PackSizeId));
        }

        var found = await entries
            .Join(db.PriceLists, e => e.PriceListId, l => l.Id, (e, l) => new { e.PackSizeId, e.MinQuantity, e.UnitPrice, List = l })
            .Where(x => (x.List.Id == ownPriceListId || x.List.Segment == segment)
                && (x.List.ValidFrom == null || x.List.ValidFrom <= day)
                && (x.List.ValidTo == null || x.List.ValidTo >= day))
            .Select(x => new { x.PackSizeId, x.MinQuantity, x.UnitPrice, IsOwn = x.List.Id == ownPriceListId })
            .ToListAsync(cancellationToken);

        return found
            .GroupBy(e => e.PackSizeId)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<PriceTier>)(g.Any(e => e.IsOwn) ? g.Where(e => e.IsOwn) : g)
                    .Select(e => new PriceTier(e.MinQuantity, e.UnitPrice))
                    .OrderBy(t => t.MinQuantity)
                    .ToList());
    }
}
