using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Data;
using Portal.Identity;
using Portal.Pricing;
using Portal.Web;

namespace Portal.Areas.Shop.Pages.Catalog;

/// The customer's catalog: categories, a forgiving search, a small-packs filter, paging.
/// A search that finds nothing is recorded for product management.
public sealed class IndexModel(PortalDbContext db, CatalogAccess catalog, PriceBook prices, Portal.Sales.CustomerRequests requests, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Small { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    /// ?requested=1: the buyer has just sent a "Can't find it?" request for this search.
    [BindProperty(SupportsGet = true)]
    public bool Requested { get; set; }

    [BindProperty]
    public RequestInput Wish { get; set; } = new();

    public sealed class RequestInput
    {
        [Required(ErrorMessage = "Please describe what you need.")]
        [StringLength(500, ErrorMessage = "At most 500 characters.")]
        public string? Description { get; set; }

        [StringLength(100, ErrorMessage = "At most 100 characters.")]
        public string? PackSize { get; set; }

        [StringLength(50, ErrorMessage = "At most 50 characters.")]
        public string? Quantity { get; set; }
    }

    public IReadOnlyList<CategoryLink> Categories { get; private set; } = [];
    public Paged<ProductCard> Products { get; private set; } = new([], 1, 24, 0);
    public string? CategoryName { get; private set; }

    public sealed record CategoryLink(string Slug, string Name, int Count);

    public sealed record ProductCard(int Id, string Name, string? Manufacturer, string Category, string BaseUnit, IReadOnlyList<string> Packs, bool HasSmallPack)
    {
        public decimal? FromPerUnit { get; set; }
    }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(recordMiss: !Requested, cancellationToken);

    /// "Can't find it? Tell us what you need": the wish goes to inside sales as an escalation (NotInCatalog); the
    /// same wish sent twice stays one.
    public async Task<IActionResult> OnPostRequestAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync(recordMiss: false, cancellationToken);
            return Page();
        }

        var userId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
        var term = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim()[..Math.Min(Q.Trim().Length, 200)];
        await requests.NotInCatalogAsync(new(userId, User.CustomerId()!.Value), term, Wish.Description!, Wish.PackSize, Wish.Quantity, cancellationToken);
        return Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/shop/catalog", new Dictionary<string, string?> { ["q"] = term ?? "", ["requested"] = "true" }));
    }

    private async Task LoadAsync(bool recordMiss, CancellationToken cancellationToken)
    {
        var customerId = User.CustomerId()!.Value;
        var visiblePacks = catalog.VisiblePackSizes(customerId);
        var products = catalog.VisibleProducts(customerId).AsNoTracking();

        if (Small)
        {
            products = products.Where(p => visiblePacks.Any(s => s.ProductId == p.Id && s.IsSmallPack));
        }

        // Every word must occur somewhere in name, description, manufacturer or a SKU: "weiss matt" finds
        // "Interior wall paint, white matt" by its manufacturer "Südhang" as well as by "p110".
        var words = SearchText.Fold(Q).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var word in words)
        {
            products = products.Where(p => p.SearchText.Contains(word));
        }

        // The counts per category are of what the search and the small-pack filter found, so a count never promises
        // more than a click on it shows.
        Categories = await products
            .GroupBy(p => new { p.Category!.Slug, p.Category.Name, p.Category.NameDe, p.Category.SortOrder })
            .OrderBy(g => g.Key.SortOrder)
            .Select(g => new { g.Key.Slug, g.Key.Name, g.Key.NameDe, Count = g.Count() })
            .AsAsyncEnumerable()
            .Select(g => new CategoryLink(g.Slug, ContentLanguage.Pick(g.Name, g.NameDe), g.Count))
            .ToListAsync(cancellationToken);
        CategoryName = Categories.FirstOrDefault(c => c.Slug == Category)?.Name;
        if (CategoryName is null && !string.IsNullOrEmpty(Category))
        {
            // A category the search found nothing in stays chosen (and shows "nothing found"), rather than silently
            // widening to the whole catalog.
            CategoryName = (await db.Categories.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == Category, cancellationToken))?.LocalName;
        }

        if (CategoryName is not null)
        {
            products = products.Where(p => p.Category!.Slug == Category);
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
            .ToPagedAsync(PageNumber, 24, cancellationToken);

        // "From €x / l": the cheapest price per base unit among the visible pack sizes, at a single pack.
        var ids = page.Items.Select(p => p.Id).ToList();
        var packs = await visiblePacks.Where(s => ids.Contains(s.ProductId)).Select(s => new { s.Id, s.ProductId, s.UnitsPerPack }).ToListAsync(cancellationToken);
        var tiers = await prices.TiersForAsync(customerId, packs.Select(p => p.Id), cancellationToken);
        foreach (var card in page.Items)
        {
            card.FromPerUnit = packs.Where(s => s.ProductId == card.Id)
                .Select(s => PriceCalculator.UnitPriceFor(tiers.GetValueOrDefault(s.Id) ?? [], 1) is { } price ? PriceCalculator.PerBaseUnit(price, s.UnitsPerPack) : (decimal?)null)
                .Where(p => p is not null)
                .Min();
        }

        Products = page;

        if (recordMiss && words.Length > 0 && page.TotalCount == 0 && PageNumber <= 1)
        {
            db.SearchMisses.Add(new SearchMiss { Term = Q!.Trim()[..Math.Min(Q.Trim().Length, 200)], CustomerId = customerId, UserId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, At = time.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
