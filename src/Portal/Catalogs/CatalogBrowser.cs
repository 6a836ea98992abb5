using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Pricing;
using Portal.Web;

namespace Portal.Catalogs;

/// The shop's catalog as one customer sees it: categories with what the search found in each, a forgiving search,
/// the small-packs filter, paging, and the "from €x / l" price. A search that finds nothing is recorded for product
/// management (SearchMiss): it is a need the offer does not meet yet.
public sealed class CatalogBrowser(PortalDbContext db, CatalogCache cache, TimeProvider time)
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
    /// RenderKey: what the product grid rendered from this result may be cached under (see CatalogCache.RenderKeyAsync).
    public sealed record Result(IReadOnlyList<CategoryLink> Categories, string? CategoryName, Paged<ProductCard> Products, string RenderKey);

    /// recordMissBy: the user whose search this is, when a miss should be recorded (not when the page comes back
    /// after the buyer has just told us what was missing). Reads the customer's offer and prices from the
    /// CatalogCache: no query unless the search finds nothing, or a category the search found nothing in is chosen.
    public async Task<Result> BrowseAsync(int customerId, Query query, string? recordMissBy, CancellationToken cancellationToken)
    {
        var shopper = await cache.ShopperAsync(customerId, cancellationToken);
        var german = ContentLanguage.IsGerman(System.Globalization.CultureInfo.CurrentUICulture);
        var renderKey = $"{await cache.RenderKeyAsync(shopper, cancellationToken)}|{(german ? "de" : "en")}|{query.Search}|{query.Category}|{query.SmallPacksOnly}|{query.PageNumber}";
        var offer = await cache.OfferAsync(shopper, cancellationToken);
        IEnumerable<CatalogCache.OfferedProduct> products = offer.InShopOrder(german);
        if (query.SmallPacksOnly)
        {
            products = products.Where(p => p.HasSmallPack);
        }

        // Every word must occur somewhere in name, description, manufacturer or a SKU: "weiss matt" finds
        // "Interior wall paint, white matt" by its manufacturer "Südhang" as well as by "p110".
        var words = SearchText.Fold(query.Search).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length > 0)
        {
            products = products.Where(p => words.All(word => p.SearchText.Contains(word, StringComparison.Ordinal)));
        }

        var found = products.ToList();

        // The counts per category are of what the search and the small-pack filter found, so a count never promises
        // more than a click on it shows.
        var categories = found
            .GroupBy(p => p.Category)
            .OrderBy(g => g.Key.SortOrder)
            .Select(g => new CategoryLink(g.Key.Slug, ContentLanguage.Pick(g.Key.Name, g.Key.NameDe), g.Count()))
            .ToList();
        var categoryName = categories.FirstOrDefault(c => c.Slug == query.Category)?.Name;
        if (categoryName is null && !string.IsNullOrEmpty(query.Category))
        {
            // Rather than silently widening to the whole catalog.
            categoryName = (await db.Categories.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == query.Category, cancellationToken))?.LocalName;
        }

        if (categoryName is not null)
        {
            found = found.Where(p => p.Category.Slug == query.Category).ToList();
        }

        // "From €x / l": the cheapest price per base unit among the visible pack sizes, at a single pack.
        var prices = await cache.PricesAsync(shopper, cancellationToken);
        var page = found.ToPaged(query.PageNumber, PageSize);
        var cards = page.Items.Select(p => new ProductCard(
            p.Id,
            ContentLanguage.Pick(p.Name, p.NameDe),
            p.Manufacturer,
            ContentLanguage.Pick(p.Category.Name, p.Category.NameDe),
            p.BaseUnit,
            p.Packs.Select(s => ContentLanguage.Pick(s.Name, s.NameDe)).ToList(),
            p.HasSmallPack)
        {
            FromPerUnit = p.Packs
                .Select(s => PriceCalculator.UnitPriceFor(prices.GetValueOrDefault(s.Id) ?? [], 1) is { } price ? PriceCalculator.PerBaseUnit(price, s.UnitsPerPack) : (decimal?)null)
                .Where(price => price is not null)
                .Min(),
            Availability = Availability.Best(p.Packs.Select(s => s.Availability)),
        }).ToList();

        if (recordMissBy is not null && words.Length > 0 && page.TotalCount == 0 && query.PageNumber <= 1)
        {
            db.SearchMisses.Add(new SearchMiss { Term = Term(query.Search)!, CustomerId = customerId, UserId = recordMissBy, At = time.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
        }

        return new Result(categories, categoryName, new Paged<ProductCard>(cards, page.Page, page.PageSize, page.TotalCount), renderKey);
    }

    public sealed record ProductPack(int Id, string Sku, string Name, decimal UnitsPerPack, bool IsSmallPack, Availability Availability, IReadOnlyList<PriceTier> Tiers)
    {
        public decimal? Price => Tiers.FirstOrDefault()?.UnitPrice;
    }

    public sealed record ProductDetails(int Id, string Name, string Description, string? Manufacturer, string Category, string CategorySlug, string BaseUnit, decimal TaxRate, IReadOnlyList<ProductPack> Packs);

    /// A product with the pack sizes the customer may buy and its prices for them; null outside the customer's
    /// catalogs, whatever the id.
    public async Task<ProductDetails?> ProductAsync(int customerId, int productId, CancellationToken cancellationToken)
    {
        var shopper = await cache.ShopperAsync(customerId, cancellationToken);
        if ((await cache.OfferAsync(shopper, cancellationToken)).Find(productId) is not { } product)
        {
            return null;
        }

        var prices = await cache.PricesAsync(shopper, cancellationToken);
        return new ProductDetails(
            product.Id,
            ContentLanguage.Pick(product.Name, product.NameDe),
            ContentLanguage.Pick(product.Description, product.DescriptionDe),
            product.Manufacturer,
            ContentLanguage.Pick(product.Category.Name, product.Category.NameDe),
            product.Category.Slug,
            product.BaseUnit,
            product.TaxRate,
            product.Packs.Select(s => new ProductPack(s.Id, s.Sku, ContentLanguage.Pick(s.Name, s.NameDe), s.UnitsPerPack, s.IsSmallPack, s.Availability, prices.GetValueOrDefault(s.Id) ?? [])).ToList());
    }

    /// A search term as it is kept (misses, "can't find it" requests): trimmed, at most 200 characters.
    public static string? Term(string? search) =>
        string.IsNullOrWhiteSpace(search) ? null : search.Trim()[..Math.Min(search.Trim().Length, 200)];
}
