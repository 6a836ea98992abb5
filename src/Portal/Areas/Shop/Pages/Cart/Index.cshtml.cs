using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Identity;
using Portal.Ordering;

namespace Portal.Areas.Shop.Pages.Cart;

/// The cart: change a quantity or remove a line in place (htmx), every bad input answered at its line, and the
/// small-order rules in view: what is still missing for the minimum, and to avoid the surcharge.
public sealed class IndexModel(CartService carts, CustomerTerms terms, Purchasing.PurchasingLimits limits, IStringLocalizer<SharedResource> t) : PageModel
{
    public CartService.CartView Cart { get; private set; } = new([]);
    public OrderQuote Quote { get; private set; } = OrderRules.Quote([], new SegmentRule(), 0);
    public Dictionary<int, string> LineErrors { get; } = [];
    public Dictionary<int, string> TypedQuantities { get; } = [];
    public int Count => Cart.Count;
    public Purchasing.PurchasingRules.Standing Standing { get; private set; } = Purchasing.PurchasingRules.Standing.None;

    private string UserId => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
    private int CustomerId => User.CustomerId()!.Value;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(int packSizeId, string? quantity, string? returnUrl, CancellationToken cancellationToken)
    {
        var change = await carts.AddAsync(UserId, CustomerId, packSizeId, quantity, OrderChannel.Shop, cancellationToken);
        if (Request.IsHtmx())
        {
            var count = await carts.CountLinesAsync(UserId, cancellationToken);
            return Partial("_AddStatus", new AddStatus(change.Succeeded, change.Error is null ? t["Added to your cart."] : t[change.Error], count));
        }

        if (change.Succeeded)
        {
            TempData["Notice"] = t["Added to your cart."].Value;
            return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl!) : RedirectToPage("/Cart/Index", new { area = "Shop" });
        }

        TempData["Error"] = t[change.Error!].Value;
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl!) : RedirectToPage("/Cart/Index", new { area = "Shop" });
    }

    public async Task<IActionResult> OnPostQuantityAsync(int lineId, string? quantity, CancellationToken cancellationToken)
    {
        var change = await carts.SetQuantityAsync(UserId, CustomerId, lineId, quantity, cancellationToken);
        if (!change.Succeeded)
        {
            LineErrors[lineId] = t[change.Error!];
            TypedQuantities[lineId] = quantity ?? "";
        }

        return await CartResultAsync(change.Succeeded, cancellationToken);
    }

    public async Task<IActionResult> OnPostAddBundleAsync(int moduleId, string? quantity, CancellationToken cancellationToken)
    {
        var change = await carts.AddBundleAsync(UserId, CustomerId, moduleId, quantity, cancellationToken);
        if (change.Succeeded)
        {
            TempData["Notice"] = t["The bundle was added to your cart."].Value;
            return RedirectToPage("/Cart/Index", new { area = "Shop" });
        }

        TempData["Error"] = t[change.Error!].Value;
        return RedirectToPage("/Bundles/Index", new { area = "Shop" });
    }

    public async Task<IActionResult> OnPostRemoveBundleAsync(int bundleId, CancellationToken cancellationToken)
    {
        await carts.RemoveBundleAsync(UserId, bundleId, cancellationToken);
        return await CartResultAsync(true, cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveAsync(int lineId, CancellationToken cancellationToken)
    {
        await carts.RemoveAsync(UserId, lineId, cancellationToken);
        return await CartResultAsync(true, cancellationToken);
    }

    public sealed record AddStatus(bool Succeeded, string Message, int CartCount);

    private async Task<IActionResult> CartResultAsync(bool succeeded, CancellationToken cancellationToken)
    {
        if (Request.IsHtmx())
        {
            await LoadAsync(cancellationToken);
            return Partial("_Cart", this);
        }

        if (succeeded)
        {
            return RedirectToPage();
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Cart = await carts.ViewAsync(UserId, CustomerId, cancellationToken);
        Quote = (await terms.ForAsync(CustomerId, cancellationToken)).Quote(Cart, null);
        Standing = await limits.StandingAsync(UserId, cancellationToken);
    }
}
