using System.Security.Claims;
using System.Text.Json;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Identity;
using Portal.Reordering;
using Portal.Web;

namespace Portal.Areas.Shop.Pages.ReorderLists;

/// The company's reorder lists (shared ones and the user's private ones), making a new one (empty, from an order,
/// from the cart), adding a pack size from the product page, and the user's reminder switch.
public sealed class IndexModel(Reordering.ReorderLists lists, PortalDbContext db, IStringLocalizer<SharedResource> t) : PageModel
{
    public const string FillKey = "CartFill";

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public Paged<Row> Lists { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);
    public bool RemindersEnabled { get; private set; }
    public string? NameError { get; private set; }
    public string? TypedName { get; private set; }

    public sealed record Row(int Id, string Name, bool IsPrivate, int Lines, DateTimeOffset UpdatedAt);

    private string UserId => User.FindFirst(ClaimTypes.NameIdentifier)!.Value;
    private int CustomerId => User.CustomerId()!.Value;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(string? name, bool isPrivate, CancellationToken cancellationToken)
    {
        var created = await lists.CreateAsync(UserId, CustomerId, name, isPrivate, [], cancellationToken);
        if (created.Error is not null)
        {
            NameError = t[created.Error];
            TypedName = name;
            await LoadAsync(cancellationToken);
            return Page();
        }

        return RedirectToPage("/ReorderLists/Details", new { area = "Shop", id = created.ListId });
    }

    public async Task<IActionResult> OnPostFromOrderAsync(string orderNumber, string? name, bool isPrivate, CancellationToken cancellationToken)
    {
        var created = await lists.CreateFromOrderAsync(UserId, CustomerId, orderNumber ?? "", name, isPrivate, cancellationToken);
        if (created is null)
        {
            return NotFound();
        }

        if (created.Error is not null)
        {
            TempData["Error"] = t[created.Error].Value;
            return RedirectToPage("/Orders/Details", new { area = "Shop", number = orderNumber });
        }

        TempData["Notice"] = t["Saved as a reorder list."].Value;
        return RedirectToPage("/ReorderLists/Details", new { area = "Shop", id = created.ListId });
    }

    public async Task<IActionResult> OnPostFromCartAsync(string? name, bool isPrivate, CancellationToken cancellationToken)
    {
        var created = await lists.CreateFromCartAsync(UserId, CustomerId, name, isPrivate, cancellationToken);
        if (created.Error is not null)
        {
            TempData["Error"] = t[created.Error].Value;
            return RedirectToPage("/Cart/Index", new { area = "Shop" });
        }

        TempData["Notice"] = t["Saved as a reorder list."].Value;
        return RedirectToPage("/ReorderLists/Details", new { area = "Shop", id = created.ListId });
    }

    /// The answer to the product page's "add to list": what happened, and the list to look at when it worked.
    public sealed record AddedToList(string Message, int? ListId);

    /// The lists the product page's "add to list" offers, fetched by htmx when the buyer opens it: most buyers never
    /// do, and the page itself stays at one query of its own (docs/benchmarks.md).
    public async Task<IActionResult> OnGetChoicesAsync(CancellationToken cancellationToken) =>
        Partial("_ListChoices", await lists.ChoicesAsync(UserId, CustomerId, cancellationToken));

    /// From the product page: listId 0 makes a new list first.
    public async Task<IActionResult> OnPostAddLineAsync(int listId, int packSizeId, string? quantity, string? returnUrl, CancellationToken cancellationToken)
    {
        string? error = null;
        if (listId == 0)
        {
            var created = await lists.CreateAsync(UserId, CustomerId, t["My reorder list"], false, [], cancellationToken);
            listId = created.ListId!.Value;
        }

        error = await lists.AddLineAsync(UserId, CustomerId, listId, packSizeId, quantity, cancellationToken);
        var message = error is null ? t["Added to your reorder list."].Value : t[error].Value;
        if (Request.IsHtmx())
        {
            return Partial("_AddedToList", new AddedToList(message, error is null ? listId : null));
        }

        TempData[error is null ? "Notice" : "Error"] = message;
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl!) : RedirectToPage("/ReorderLists/Details", new { area = "Shop", id = listId });
    }

    public async Task<IActionResult> OnPostRemindersAsync(bool enabled, CancellationToken cancellationToken)
    {
        await lists.SetRemindersAsync(UserId, enabled, cancellationToken);
        TempData["Notice"] = (enabled ? t["Reorder reminders are on."] : t["Reorder reminders are off."]).Value;
        return RedirectToPage();
    }

    /// What "Add all to cart" and "Buy again" leave for the cart page to show: what went in, what was skipped and why.
    public static void RememberFill(ITempDataDictionary tempData, Reordering.ReorderLists.CartFill fill) =>
        tempData[FillKey] = JsonSerializer.Serialize(fill);

    public static Reordering.ReorderLists.CartFill? RecallFill(ITempDataDictionary tempData) =>
        tempData[FillKey] is string json ? JsonSerializer.Deserialize<Reordering.ReorderLists.CartFill>(json) : null;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Lists = await lists.Visible(UserId, CustomerId).AsNoTracking()
            .OrderBy(l => l.Name).ThenBy(l => l.Id)
            .Select(l => new Row(l.Id, l.Name, l.IsPrivate, l.Lines.Count, l.UpdatedAt))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
        RemindersEnabled = await db.Users.Where(u => u.Id == UserId).Select(u => u.ReorderRemindersEnabled).SingleAsync(cancellationToken);
    }
}
