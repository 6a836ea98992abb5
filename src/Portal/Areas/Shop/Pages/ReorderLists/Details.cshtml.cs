using System.Security.Claims;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Catalogs;
using Portal.Data;
using Portal.Identity;
using Portal.Web;

namespace Portal.Areas.Shop.Pages.ReorderLists;

/// One reorder list: quantities edited in place, lines moved up and down or removed (htmx, each also a plain
/// post), and "Add all to cart". A list of another company, or a colleague's private list, answers 404.
public sealed class DetailsModel(Reordering.ReorderLists lists, PortalDbContext db, CatalogAccess catalog, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public bool IsPrivate { get; private set; }
    public Paged<Line> Lines { get; private set; } = new([], 1, PageSize, 0);
    public Dictionary<int, string> LineErrors { get; } = [];
    public Dictionary<int, string> TypedQuantities { get; } = [];

    public sealed record Line(int Id, int ProductId, string Sku, string Description, int Quantity, int Position, bool Discontinued, bool InCatalog);

    private string UserId => User.FindFirst(ClaimTypes.NameIdentifier)!.Value;
    private int CustomerId => User.CustomerId()!.Value;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAllAsync(int id, CancellationToken cancellationToken)
    {
        var fill = await lists.AddAllToCartAsync(UserId, CustomerId, id, cancellationToken);
        if (fill is null)
        {
            return NotFound();
        }

        IndexModel.RememberFill(TempData, fill);
        return RedirectToPage("/Cart/Index", new { area = "Shop" });
    }

    public async Task<IActionResult> OnPostQuantityAsync(int id, int lineId, string? quantity, CancellationToken cancellationToken)
    {
        var error = await lists.SetQuantityAsync(UserId, CustomerId, id, lineId, quantity, cancellationToken);
        if (error is not null)
        {
            LineErrors[lineId] = t[error];
            TypedQuantities[lineId] = quantity ?? "";
        }

        return await LinesResultAsync(id, error is null, cancellationToken);
    }

    public async Task<IActionResult> OnPostMoveAsync(int id, int lineId, string direction, CancellationToken cancellationToken)
    {
        await lists.MoveAsync(UserId, CustomerId, id, lineId, direction == "up", cancellationToken);
        return await LinesResultAsync(id, true, cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, int lineId, CancellationToken cancellationToken)
    {
        await lists.RemoveLineAsync(UserId, CustomerId, id, lineId, cancellationToken);
        return await LinesResultAsync(id, true, cancellationToken);
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken)
    {
        if (!await lists.DeleteAsync(UserId, CustomerId, id, cancellationToken))
        {
            return NotFound();
        }

        TempData["Notice"] = t["The reorder list was deleted."].Value;
        return RedirectToPage("/ReorderLists/Index", new { area = "Shop" });
    }

    private async Task<IActionResult> LinesResultAsync(int id, bool succeeded, CancellationToken cancellationToken)
    {
        if (succeeded && !Request.IsHtmx())
        {
            return RedirectToPage("/ReorderLists/Details", new { area = "Shop", id, p = PageNumber > 1 ? PageNumber : (int?)null });
        }

        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        return Request.IsHtmx() ? Partial("_Lines", this) : Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var list = await lists.Visible(UserId, CustomerId).AsNoTracking()
            .Where(l => l.Id == id)
            .Select(l => new { l.Id, l.Name, l.IsPrivate })
            .SingleOrDefaultAsync(cancellationToken);
        if (list is null)
        {
            return false;
        }

        (Id, Name, IsPrivate) = (list.Id, list.Name, list.IsPrivate);
        var visible = catalog.VisiblePackSizes(CustomerId).Select(s => s.Id);
        Lines = await db.ReorderListLines.AsNoTracking()
            .Where(l => l.ReorderListId == id)
            .OrderBy(l => l.Position).ThenBy(l => l.Id)
            .Select(l => new Line(
                l.Id,
                l.PackSize!.ProductId,
                l.PackSize.Sku,
                ContentLanguage.Pick(l.PackSize.Product!.Name, l.PackSize.Product.NameDe) + " – " + ContentLanguage.Pick(l.PackSize.Name, l.PackSize.NameDe),
                l.Quantity,
                l.Position,
                !l.PackSize.IsActive || !l.PackSize.Product.IsActive,
                visible.Contains(l.PackSizeId)))
            .ToPagedAsync(PageNumber, PageSize, cancellationToken);
        return true;
    }
}
