using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Pricing;
using Portal.Web;

namespace Portal.Catalogs;

/// The shop's catalog as one customer sees it: categories with what the search found in each, a forgiving search,
/// the small-packs filter, paging, and the "from €x / l" price. A search that finds nothing is recorded for product
/// management (SearchMiss): it is a need the offer does not meet yet.
public sealed class CatalogBrowser(PortalDbContext db, CatalogAccess catalog, PriceBook prices, TimeProvider time)
{
    public const int PageSize = 24;

    public sealed record Query(string? Search, string? Category, bool SmallPacksOnly, int PageNumber);

    public sealed record CategoryLink(string Slug, string Name, int Count);

    public sealed record ProductCard(int Id, string Name, string? Manufacturer, string Category, string BaseUnit, IReadOnlyList<string> Packs, bool HasSmallPack)
    {
        public decimal? FromPerUnit { get; set; }

        /// In stock when one of its visible pack sizes is, else the soonest it ships.
        public Availability? Availability { get; set; }
    }

    /// CategoryName is null for "all categories"; a chosen category the search found nothing in stays chosen.
    public sealed record Result(IReadOnlyList<CategoryLink> Categories, string? CategoryName, Paged<ProductCard> Products);

    /// recordMissBy: the user whose search this is, when a miss should be recorded (not when the page comes back
    /// after the buyer has just told us what was missing).
    public async Task<Result> BrowseAsync(int customerId, Query query, string? recordMissBy, CancellationToken cancellationToken)
    {
        var visiblePacks = catalog.VisiblePackSizes(customerId);
        var products = catalog.VisibleProducts(customerId).AsNoTracking();
        if (query.SmallPacksOnly)
        {
            products = products.Where(p => visiblePacks.Any(s => s.ProductId == p.Id && s.IsSmallPack));
        }

        // Every word must occur somewhere in name, description, manufacturer or a SKU: "weiss matt" finds
        // "Interior wall paint, white matt" by its manufacturer "Südhang" as well as by "p110".
        var words = SearchText.Fold(query.Search).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var word in words)
        {
            products = products.Where(p => p.SearchText.Contains(word));
        }

        // The counts per category are of what the search and the small-pack filter found, so a count never promises
        // more than a click on it shows.
        var categories = await products
            .GroupBy(p => new { p.Category!.Slug, p.Category.Name, p.Category.NameDe, p.Category.SortOrder })
            .OrderBy(g => g.Key.SortOrder)
            .Select(g => new { g.Key.Slug, g.Key.Name, g.Key.NameDe, Count = g.Count() })
            .AsAsyncEnumerable()
            .Select(g => new CategoryLink(g.Slug, ContentLanguage.Pick(g.Name, g.NameDe), g.Count))
            .ToListAsync(cancellationToken);
        var categoryName = categories.FirstOrDefault(c => c.Slug == query.Category)?.Name;
        if (categoryName is null && !string.IsNullOrEmpty(query.Category))
        {
            // Rather than silently widening to the whole catalog.
            categoryName = (await db.Categories.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == query.Category, cancellationToken))?.LocalName;
        }

        if (categoryName is not null)
        {
            products = products.Where(p => p.Category!.Slug == query.Category);
        }

        // In the order of the names the reader sees (a German-only product has no English name to sort by).
        var german = ContentLanguage.IsGerman(System.Globalization.CultureInfo.CurrentUICulture);
        var page = await products
            .OrderBy(p => p.Category!.SortOrder)
            .ThenBy(p => german ? (p.NameDe != null && p.NameDe != "" ? p.NameDe : p.Name) : (p.Name != "" ? p.Name : p.NameDe))
            .Select(p => new ProductCard(
                p.Id,
                ContentLanguage.Pick(p.Name, p.NameDe),
                p.Manufacturer,
                ContentLanguage.Pick(p.Category!.Name, p.Category.NameDe),
                p.BaseUnit,
                visiblePacks.Where(s => s.ProductId == p.Id).OrderBy(s => s.UnitsPerPack).Select(s => ContentLanguage.Pick(s.Name, s.NameDe)).ToList(),
                visiblePacks.Any(s => s.ProductId == p.Id && s.IsSmallPack)))
            .ToPagedAsync(query.PageNumber, PageSize, cancellationToken);

        // "From €x / l": the cheapest price per base unit among the visible pack sizes, at a single pack.
        var ids = page.Items.Select(p => p.Id).ToList();
        var packs = await visiblePacks.Where(s => ids.Contains(s.ProductId)).Select(s => new { s.Id, s.ProductId, s.UnitsPerPack, s.StockQuantity, s.RestockDays, s.LeadTimeDays }).ToListAsync(cancellationToken);
        var tiers = await prices.TiersForAsync(customerId, packs.Select(p => p.Id), cancellationToken);
        foreach (var card in page.Items)
        {
            card.FromPerUnit = packs.Where(s => s.ProductId == card.Id)
                .Select(s => PriceCalculator.UnitPriceFor(tiers.GetValueOrDefault(s.Id) ?? [], 1) is { } price ? PriceCalculator.PerBaseUnit(price, s.UnitsPerPack) : (decimal?)null)
                .Where(p => p is not null)
                .Min();
            card.Availability = Availability.Best(packs.Where(s => s.ProductId == card.Id).Select(s => Availability.Of(s.StockQuantity, s.RestockDays, s.LeadTimeDays)));
        }

        if (recordMissBy is not null && words.Length > 0 && page.TotalCount == 0 && query.PageNumber <= 1)
        {
            db.SearchMisses.Add(new SearchMiss { Term = Term(query.Search)!, CustomerId = customerId, UserId = recordMissBy, At = time.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
        }

        return new Result(categories, categoryName, page);
    }

    /// A search term as it is kept (misses, "can't find it" requests): trimmed, at most 200 characters.
    public static string? Term(string? search) =>
        string.IsNullOrWhiteSpace(search) ? null : search.Trim()[..Math.Min(search.Trim().Length, 200)];
}
