using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Data;
using Portal.Web;

namespace Portal.Areas.Pm.Pages;

/// Product management's start: the range with its pack sizes, searchable and by category.
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Category { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public Paged<Row> Products { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);

    public sealed record Row(int Id, string Name, string Category, string BaseUnit, int PackSizes, int SmallPacks, bool IsActive);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync(cancellationToken);
        var query = db.Products.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = SearchText.Fold(Q);
            query = query.Where(p => p.SearchText.Contains(term));
        }

        if (Category is int category)
        {
            query = query.Where(p => p.CategoryId == category);
        }

        Products = await query
            .OrderBy(p => p.Name)
            .Select(p => new Row(p.Id, ContentLanguage.Pick(p.Name, p.NameDe), ContentLanguage.Pick(p.Category!.Name, p.Category.NameDe), p.BaseUnit, p.PackSizes.Count, p.PackSizes.Count(s => s.IsSmallPack), p.IsActive))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
    }
}
