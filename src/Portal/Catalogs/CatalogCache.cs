using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;
using Portal.Pricing;

namespace Portal.Catalogs;

/// The shop's catalog, search and product pages held in memory, because they read the same few things for every
/// request: which catalogs and price lists a customer has, what those catalogs contain, and what those price lists
/// ask. From the database that was nine queries and most of a page's time (issue 21). Held here:
///   - per customer: its class, its own price list and its catalogs (Shopper),
///   - per set of catalogs: the products and pack sizes they offer, with stock, sorted per language (Offer),
///   - per own price list, class and business day: the tiers of every pack size (prices).
/// Correctness first: anything these are made of that changes writes a new CatalogVersion stamp in the same
/// SaveChanges (CatalogChangeInterceptor). This instance drops everything as soon as the change is committed; every
/// instance reads the stamp at most every CheckInterval and drops everything when it differs. Prices are keyed by
/// the customer's own list and class, never shared across customers whose lists differ. Orders, carts and checkout
/// still price from the database (PriceBook): the cache is for showing, never for charging.
public sealed class CatalogCache(IServiceScopeFactory scopes, TimeProvider time) : IDisposable
{
    /// How stale a page can be on an instance that did not make the change: well inside the 2 s the issue allows.
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(500);

    public sealed record Shopper(int CustomerId, Segment Segment, int? PriceListId, string CatalogKey, IReadOnlyList<int> CatalogIds);

    public sealed record OfferedCategory(string Slug, string Name, string? NameDe, int SortOrder);

    public sealed record OfferedPack(int Id, string Sku, string Name, string? NameDe, decimal UnitsPerPack, bool IsSmallPack, Availability Availability);

    public sealed record OfferedProduct(
        int Id, string Name, string? NameDe, string Description, string? DescriptionDe, string? Manufacturer, string BaseUnit, decimal TaxRate,
        string SearchText, OfferedCategory Category, IReadOnlyList<OfferedPack> Packs)
    {
        public bool HasSmallPack { get; } = Packs.Any(p => p.IsSmallPack);
    }

    /// What a set of catalogs offers, sorted as the shop lists it for each language.
    public sealed class Offer(IReadOnlyList<OfferedProduct> products)
    {
        private readonly IReadOnlyList<OfferedProduct> english = Sorted(products, german: false);
        private readonly IReadOnlyList<OfferedProduct> german = Sorted(products, german: true);
        private readonly Dictionary<int, OfferedProduct> byId = products.ToDictionary(p => p.Id);

        public IReadOnlyList<OfferedProduct> InShopOrder(bool inGerman) => inGerman ? german : english;

        public OfferedProduct? Find(int productId) => byId.GetValueOrDefault(productId);

        // By category, then by the name the reader sees (a German-only product has no English name to sort by);
        // ordinal, as SQLite sorted it before.
        private static List<OfferedProduct> Sorted(IReadOnlyList<OfferedProduct> products, bool german) =>
            products
                .OrderBy(p => p.Category.SortOrder)
                .ThenBy(p => german ? (string.IsNullOrEmpty(p.NameDe) ? p.Name : p.NameDe) : (p.Name != "" ? p.Name : p.NameDe), StringComparer.Ordinal)
                .ThenBy(p => p.Id)
                .ToList();
    }

    private sealed record ShopperKey(int CustomerId);

    private sealed record OfferKey(string CatalogKey);

    private sealed record PricesKey(int? PriceListId, Segment Segment, DateOnly Day);

    private static long generations;

    private sealed class Generation(long? stamp, long checkedAt)
    {
        /// Unique per generation in this process: part of the keys of what is rendered from it (RenderKeyAsync).
        public long Serial { get; } = Interlocked.Increment(ref generations);

        /// null: not read yet (first use, or this instance has just changed something).
        public long? Stamp { get; } = stamp;

        /// Environment.TickCount64 of the last stamp check: a monotonic clock, not business time.
        public long CheckedAt = checkedAt;

        public ConcurrentDictionary<object, Lazy<Task<object>>> Entries { get; } = new();
    }

    private readonly SemaphoreSlim checking = new(1, 1);
    private Generation current = new(null, 0);

    public void Dispose() => checking.Dispose();

    /// Forget everything at once (this instance has committed a change).
    public void Invalidate() => Volatile.Write(ref current, new Generation(null, 0));

    public Task<Shopper> ShopperAsync(int customerId, CancellationToken cancellationToken) =>
        GetAsync(new ShopperKey(customerId), async db =>
        {
            var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => new { c.Segment, c.PriceListId }).SingleAsync();
            var catalogIds = await db.CatalogAssignments.AsNoTracking()
                .Where(a => a.CustomerId == customerId || a.Segment == customer.Segment)
                .Select(a => a.CatalogId).Distinct().OrderBy(id => id).ToListAsync();
            return new Shopper(customerId, customer.Segment, customer.PriceListId, string.Join(',', catalogIds), catalogIds);
        }, cancellationToken);

    /// The active products and pack sizes in the shopper's catalogs: the same rule as CatalogAccess.VisiblePackSizes.
    public Task<Offer> OfferAsync(Shopper shopper, CancellationToken cancellationToken) =>
        GetAsync(new OfferKey(shopper.CatalogKey), async db =>
        {
            var catalogIds = shopper.CatalogIds.ToList();
            var packs = await db.PackSizes.AsNoTracking()
                .Where(s => s.IsActive && s.Product!.IsActive && db.CatalogItems.Any(i =>
                    catalogIds.Contains(i.CatalogId) && i.ProductId == s.ProductId && (i.PackSizeId == null || i.PackSizeId == s.Id)))
                .Select(s => new { s.Id, s.ProductId, s.Sku, s.Name, s.NameDe, s.UnitsPerPack, s.IsSmallPack, s.StockQuantity, s.RestockDays, s.LeadTimeDays })
                .ToListAsync();
            var productIds = packs.Select(s => s.ProductId).Distinct().ToList();
            var products = await db.Products.AsNoTracking()
                .Where(p => productIds.Contains(p.Id))
                .Select(p => new
                {
                    p.Id, p.Name, p.NameDe, p.Description, p.DescriptionDe, p.Manufacturer, p.BaseUnit, p.TaxRate, p.SearchText,
                    Category = new OfferedCategory(p.Category!.Slug, p.Category.Name, p.Category.NameDe, p.Category.SortOrder),
                })
                .ToListAsync();
            var packsOf = packs.ToLookup(s => s.ProductId);
            return new Offer(products.Select(p => new OfferedProduct(
                p.Id, p.Name, p.NameDe, p.Description, p.DescriptionDe, p.Manufacturer, p.BaseUnit, p.TaxRate, p.SearchText, p.Category,
                packsOf[p.Id].OrderBy(s => s.UnitsPerPack).ThenBy(s => s.Id)
                    .Select(s => new OfferedPack(s.Id, s.Sku, s.Name, s.NameDe, s.UnitsPerPack, s.IsSmallPack, Availability.Of(s.StockQuantity, s.RestockDays, s.LeadTimeDays)))
                    .ToList())).ToList());
        }, cancellationToken);

    /// The shopper's tiers per pack size today (PriceBook's rule: its own list where it names the pack, else its class's).
    public Task<IReadOnlyDictionary<int, IReadOnlyList<PriceTier>>> PricesAsync(Shopper shopper, CancellationToken cancellationToken)
    {
        var today = Localization.Dates.BusinessToday(time);
        return GetAsync(new PricesKey(shopper.PriceListId, shopper.Segment, today), db =>
            PriceBook.SheetAsync(db, shopper.PriceListId, shopper.Segment, today, null, CancellationToken.None), cancellationToken);
    }

    /// A key for HTML rendered from the shopper's offer and prices (the catalog's product grid): it changes whenever
    /// anything cached changes, and differs between customers whose catalogs, own price list or class differ.
    /// Taken before the data are read, so that HTML is never kept under a key newer than its data.
    public async Task<string> RenderKeyAsync(Shopper shopper, CancellationToken cancellationToken)
    {
        var generation = await GenerationAsync(cancellationToken);
        return $"{generation.Serial}|{shopper.CatalogKey}|{shopper.PriceListId}|{shopper.Segment}|{Localization.Dates.BusinessToday(time):yyyyMMdd}";
    }

    private async Task<T> GetAsync<T>(object key, Func<PortalDbContext, Task<T>> load, CancellationToken cancellationToken)
        where T : class
    {
        var generation = await GenerationAsync(cancellationToken);
        var entry = generation.Entries.GetOrAdd(key, _ => new Lazy<Task<object>>(() => LoadAsync(load)));
        try
        {
            // A request that gives up does not cancel the load others wait for.
            return (T)await entry.Value.WaitAsync(cancellationToken);
        }
        catch when (entry.Value.IsFaulted)
        {
            generation.Entries.TryRemove(new KeyValuePair<object, Lazy<Task<object>>>(key, entry));
            throw;
        }
    }

    private async Task<object> LoadAsync<T>(Func<PortalDbContext, Task<T>> load)
        where T : class
    {
        await using var scope = scopes.CreateAsyncScope();
        return await load(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    /// The current generation, after reading the stamp if the last read is older than CheckInterval. While one
    /// request reads it, the others go on with what they have (at most one check old); only when there is nothing
    /// yet do they wait.
    private async ValueTask<Generation> GenerationAsync(CancellationToken cancellationToken)
    {
        var generation = Volatile.Read(ref current);
        if (generation.Stamp is not null && IsFresh(generation))
        {
            return generation;
        }

        if (generation.Stamp is not null)
        {
            if (!checking.Wait(0, CancellationToken.None))
            {
                return generation;
            }
        }
        else
        {
            await checking.WaitAsync(cancellationToken);
        }

        try
        {
            generation = Volatile.Read(ref current);
            if (generation.Stamp is not null && IsFresh(generation))
            {
                return generation;
            }

            var stamp = await ReadStampAsync(cancellationToken);
            if (generation.Stamp == stamp)
            {
                Volatile.Write(ref generation.CheckedAt, Environment.TickCount64);
                return generation;
            }

            var next = new Generation(stamp, Environment.TickCount64);
            // An Invalidate() while the stamp was read wins: the next request reads the stamp again.
            Interlocked.CompareExchange(ref current, next, generation);
            return next;
        }
        finally
        {
            checking.Release();
        }
    }

    private static bool IsFresh(Generation generation) =>
        Environment.TickCount64 - Volatile.Read(ref generation.CheckedAt) < (long)CheckInterval.TotalMilliseconds;

    private async Task<long> ReadStampAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.CatalogVersions.AsNoTracking().Where(v => v.Id == CatalogVersion.SingleId).Select(v => v.Stamp).SingleAsync(cancellationToken);
    }
}
