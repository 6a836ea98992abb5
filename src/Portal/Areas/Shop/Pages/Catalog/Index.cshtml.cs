using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Catalogs;
using Portal.Identity;
using Portal.Web;

namespace Portal.Areas.Shop.Pages.Catalog;

/// The customer's catalog: categories, a forgiving search, a small-packs filter, paging.
/// A search that finds nothing is recorded for product management.
public sealed class IndexModel(CatalogBrowser browser, Portal.Sales.CustomerRequests requests) : PageModel
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

    public IReadOnlyList<CatalogBrowser.CategoryLink> Categories { get; private set; } = [];
    public Paged<CatalogBrowser.ProductCard> Products { get; private set; } = new([], 1, CatalogBrowser.PageSize, 0);
    public string? CategoryName { get; private set; }
    public string RenderKey { get; private set; } = "";

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
        var term = CatalogBrowser.Term(Q);
        await requests.NotInCatalogAsync(new(userId, User.CustomerId()!.Value), term, Wish.Description!, Wish.PackSize, Wish.Quantity, cancellationToken);
        return RedirectToPage("/Catalog/Index", new { area = "Shop", q = term, requested = "true" });
    }

    private async Task LoadAsync(bool recordMiss, CancellationToken cancellationToken)
    {
        var userId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var result = await browser.BrowseAsync(User.CustomerId()!.Value, new CatalogBrowser.Query(Q, Category, Small, PageNumber), recordMiss ? userId : null, cancellationToken);
        (Categories, CategoryName, Products, RenderKey) = (result.Categories, result.CategoryName, result.Products, result.RenderKey);
    }
}
