using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Data;
using Portal.Identity;
using Portal.Ordering;
using Portal.Sales;

namespace Portal.Areas.Shop.Pages.Catalog;

/// A product with its pack sizes side by side: price per pack, tiers and price per base unit, so a buyer can
/// see what the small pack really costs compared with the big one.
public sealed class ProductModel(
    PortalDbContext db,
    CatalogBrowser browser,
    CustomerRequests requests,
    CartLineCount cartLines,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t) : PageModel
{
    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string? Manufacturer { get; private set; }
    public string Category { get; private set; } = "";
    public string CategorySlug { get; private set; } = "";
    public string BaseUnit { get; private set; } = "";
    public decimal TaxRate { get; private set; }
    public IReadOnlyList<CatalogBrowser.ProductPack> Packs { get; private set; } = [];
    public CallMeForm CallMe { get; private set; } = null!;


    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, null, null, cancellationToken) ? Page() : NotFound();

    /// "Please call me" about this product: one open request per product and company.
    public async Task<IActionResult> OnPostCallMeAsync(int id, string? question, CancellationToken cancellationToken)
    {
        if (question is { Length: > CustomerRequests.QuestionMaxLength })
        {
            return await LoadAsync(id, question, t["Please keep the question to {0} characters.", CustomerRequests.QuestionMaxLength], cancellationToken) ? Page() : NotFound();
        }

        var userId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
        var raised = await requests.CallMeAboutProductAsync(new(userId, User.CustomerId()!.Value), id, question, cancellationToken);
        if (raised is null)
        {
            return NotFound();
        }

        TempData["Notice"] = (raised.IsNew ? t["Thank you — we will call you about this product shortly."] : t["We already have your request and will call you about this product shortly."]).Value;
        return RedirectToPage("/Catalog/Product", new { area = "Shop", id });
    }

    private async Task<bool> LoadAsync(int id, string? question, string? error, CancellationToken cancellationToken)
    {
        var customerId = User.CustomerId()!.Value;
        if (await browser.ProductAsync(customerId, id, cancellationToken) is not { } product)
        {
            // Outside the customer's catalogs a product does not exist, whatever its id.
            return false;
        }

        (Name, Description, Manufacturer, Category, CategorySlug, BaseUnit, TaxRate, Packs) =
            (product.Name, product.Description, product.Manufacturer, product.Category, product.CategorySlug, product.BaseUnit, product.TaxRate, product.Packs);
        var userId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
        var buyer = await BuyerQuery.For(db)(db, userId, customerId, EscalationIntake.Keys.CallbackForProduct(customerId, id), cancellationToken);
        cartLines.Known(buyer?.CartLines ?? 0);
        CallMe = new CallMeForm(Url.Page("/Catalog/Product", "CallMe", new { area = "Shop", id })!, buyer?.OpenCallbackSince, question, error);
        return true;
    }

    private sealed record BuyerState(int CartLines, DateTimeOffset? OpenCallbackSince);

    // The buyer's own state on this page, the header's cart count and an open callback request about this product, in
    // one query: the product itself comes from the catalog cache, and each query of its own cost this page about a
    // tenth of its throughput under load (docs/benchmarks.md).
    private static readonly CompiledPerModel<Func<PortalDbContext, string, int, string, CancellationToken, Task<BuyerState?>>> BuyerQuery = new(() => EF.CompileAsyncQuery(
        (PortalDbContext db, string userId, int customerId, string callbackKey, CancellationToken _) => db.Users
            .Where(u => u.Id == userId)
            .Select(u => new BuyerState(
                db.Carts.Where(c => c.UserId == userId).Sum(c => c.Lines.Count + c.Bundles.Count),
                db.Escalations
                    .Where(e => e.OpenKey == callbackKey && e.CustomerId == customerId && e.Status == EscalationStatus.Open)
                    .Select(e => (DateTimeOffset?)e.CreatedAt)
                    .FirstOrDefault()))
            .SingleOrDefault()));
}
