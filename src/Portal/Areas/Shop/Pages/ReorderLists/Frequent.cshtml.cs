using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Identity;

namespace Portal.Areas.Shop.Pages.ReorderLists;

/// The automatic list: what the company ordered most often in the last year, in the quantity it usually takes.
/// Bounded to the top items, so it needs no paging.
public sealed class FrequentModel(Reordering.ReorderLists lists, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int Top = 30;

    public IReadOnlyList<Reordering.ReorderLists.FrequentItem> Items { get; private set; } = [];

    private string UserId => User.FindFirst(ClaimTypes.NameIdentifier)!.Value;
    private int CustomerId => User.CustomerId()!.Value;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Items = await lists.FrequentlyOrderedAsync(CustomerId, Top, cancellationToken);

    public async Task<IActionResult> OnPostAddAllAsync(CancellationToken cancellationToken)
    {
        var items = await lists.FrequentlyOrderedAsync(CustomerId, Top, cancellationToken);
        var fill = await lists.FillCartAsync(UserId, CustomerId, items.Select(i => (i.PackSizeId, i.TypicalQuantity)).ToList(), cancellationToken);
        IndexModel.RememberFill(TempData, fill);
        return RedirectToPage("/Cart/Index", new { area = "Shop" });
    }

    public async Task<IActionResult> OnPostSaveAsync(string? name, CancellationToken cancellationToken)
    {
        var items = await lists.FrequentlyOrderedAsync(CustomerId, Top, cancellationToken);
        var created = await lists.CreateAsync(UserId, CustomerId, name, false, items.Select(i => (i.PackSizeId, i.TypicalQuantity)), cancellationToken);
        if (created.Error is not null)
        {
            TempData["Error"] = t[created.Error].Value;
            return RedirectToPage();
        }

        TempData["Notice"] = t["Saved as a reorder list."].Value;
        return RedirectToPage("/ReorderLists/Details", new { area = "Shop", id = created.ListId });
    }
}
