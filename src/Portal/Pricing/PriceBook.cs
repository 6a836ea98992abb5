using Microsoft.EntityFrameworkCore;
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

        var entries = await db.PriceListEntries.AsNoTracking()
            .Where(e => ids.Contains(e.PackSizeId))
            .Join(db.PriceLists, e => e.PriceListId, l => l.Id, (e, l) => new { e.PackSizeId, e.MinQuantity, e.UnitPrice, List = l })
            .Where(x => (x.List.Id == customer.PriceListId || x.List.Segment == customer.Segment)
                && (x.List.ValidFrom == null || x.List.ValidFrom <= today)
                && (x.List.ValidTo == null || x.List.ValidTo >= today))
            .Select(x => new { x.PackSizeId, x.MinQuantity, x.UnitPrice, IsOwn = x.List.Id == customer.PriceListId })
            .ToListAsync(cancellationToken);

        return entries
            .GroupBy(e => e.PackSizeId)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<PriceTier>)(g.Any(e => e.IsOwn) ? g.Where(e => e.IsOwn) : g)
                    .Select(e => new PriceTier(e.MinQuantity, e.UnitPrice))
                    .OrderBy(t => t.MinQuantity)
                    .ToList());
    }
}
