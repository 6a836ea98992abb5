using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Catalogs;
using Portal.Customers;
using Portal.Data;
using Portal.Localization;
using Portal.Pricing;
using Portal.ProductManagement;
using Portal.Web;

namespace Portal.Areas.Pm.Pages.PriceLists;

/// One price list: validity and who it is for, its prices per pack size and tier, a price for one SKU, and the bulk
/// rule that derives the whole list from another (e.g. small customers = standard × 1.15, rounded up to .x9).
public sealed class EditModel(PortalDbContext db, AuditTrail audit, PriceEditor editor, PriceListEditor lists, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public PriceList List { get; private set; } = null!;
    public Paged<PackRow> Packs { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);
    public IReadOnlyList<(int Id, string Name)> OtherLists { get; private set; } = [];
    public IReadOnlyList<Customer> Customers { get; private set; } = [];
    public AuditHistory? History { get; private set; }

    public sealed record PackRow(int PackId, string Sku, string Product, string Pack, bool IsActive)
    {
        public IReadOnlyList<PriceTier> Tiers { get; set; } = [];
    }

    [TempData(Key = "PmNotice")]
    public string? Notice { get; set; }

    public string? Error { get; private set; }

    /// What the manager typed, kept when the form comes back with an error.
    public Dictionary<string, string?> Typed { get; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostDetailsAsync(string? name, Segment? segment, DateOnly? validFrom, DateOnly? validTo, CancellationToken cancellationToken) =>
        await AnswerAsync(await lists.SaveDetailsAsync(Id, name, segment, validFrom, validTo, cancellationToken), cancellationToken);

    /// Old → new of each tier that moves by more than PriceEditor.PlausibleFactor, shown for confirmation before saving.
    public IReadOnlyList<string>? PriceJumps { get; private set; }

    public async Task<IActionResult> OnPostPriceAsync(string? sku, string? price1, string? min2, string? price2, string? min3, string? price3, bool confirmed, CancellationToken cancellationToken)
    {
        foreach (var (key, value) in new[] { ("sku", sku), ("price1", price1), ("min2", min2), ("price2", price2), ("min3", min3), ("price3", price3) })
        {
            Typed[key] = value;
        }

        var upper = sku?.Trim().ToUpperInvariant() ?? "";
        var packId = await db.PackSizes.Where(s => s.Sku.ToUpper() == upper).Select(s => (int?)s.Id).SingleOrDefaultAsync(cancellationToken);
        if (packId is null)
        {
            return await FailAsync(t["No pack size has the article number {0}.", sku ?? ""], cancellationToken);
        }

        var tiers = new List<PriceEditor.TierInput>();
        foreach (var (min, price) in new[] { ("1", price1), (min2, price2), (min3, price3) })
        {
            if (string.IsNullOrWhiteSpace(price) && (min == "1" || string.IsNullOrWhiteSpace(min)))
            {
                continue;
            }

            if (!NumberInput.TryParseWhole(min, out var minQuantity))
            {
                return await FailAsync(t["Please enter each tier as a whole minimum quantity and a price."], cancellationToken);
            }

            if (!NumberInput.TryParseAmount(price, CultureInfo.CurrentCulture, out var unitPrice))
            {
                var (small, large) = NumberInput.Examples(CultureInfo.CurrentCulture);
                return await FailAsync(t["\"{0}\" is not a price. Please write it like {1} or {2}.", price ?? "", small, large], cancellationToken);
            }

            tiers.Add(new PriceEditor.TierInput(minQuantity, unitPrice));
        }

        if (!confirmed && await editor.JumpsAsync(Id, packId.Value, tiers, cancellationToken) is { Count: > 0 } jumps)
        {
            PriceJumps = jumps.Select(jump => (jump.MinQuantity == 1 ? t["From {0} pack: {1} → {2}", jump.MinQuantity, Money.Format(jump.Old), Money.Format(jump.New)] : t["From {0} packs: {1} → {2}", jump.MinQuantity, Money.Format(jump.Old), Money.Format(jump.New)]).Value).ToList();
            await LoadAsync(cancellationToken);
            return Page();
        }

        var error = await editor.SetTiersAsync(Id, packId.Value, tiers, cancellationToken);
        return error is null
            ? Done(tiers.Count == 0 ? t["The price was removed."] : t["The price was saved. It applies to new checkouts; open carts show the new price."])
            : await FailAsync(t[error], cancellationToken);
    }

    /// The bulk rule's effect before it applies; set when the rule was asked for but not yet confirmed.
    public PriceEditor.DerivePreview? Preview { get; private set; }

    public int PreviewSourceId { get; private set; }

    public async Task<IActionResult> OnPostDeriveAsync(int sourceId, string? factor, bool confirmed, CancellationToken cancellationToken)
    {
        Typed["factor"] = factor;
        if (sourceId == Id || !await db.PriceLists.AnyAsync(l => l.Id == sourceId, cancellationToken))
        {
            return await FailAsync(t["Please choose another price list as the base."], cancellationToken);
        }

        if (!NumberInput.TryParseAmount(factor, CultureInfo.CurrentCulture, out var value) || value <= 0 || value > 10)
        {
            return await FailAsync(t["The factor must be a number above 0 and at most 10, e.g. 1.15."], cancellationToken);
        }

        if (!confirmed)
        {
            // Hundreds of prices change at once: show how many and a sample first (works without JavaScript).
            Preview = await editor.PreviewDeriveAsync(Id, sourceId, value, cancellationToken);
            PreviewSourceId = sourceId;
            await LoadAsync(cancellationToken);
            return Page();
        }

        var result = await editor.DeriveAsync(Id, sourceId, value, cancellationToken);
        Notice = t["{0} prices of {1} pack sizes were recalculated.", result.Changed, result.Packs];
        return RedirectToPage(new { id = Id });
    }

    public async Task<IActionResult> OnPostAddCustomerAsync(string? number, CancellationToken cancellationToken) =>
        await AnswerAsync(await lists.AddCustomerAsync(Id, number, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostRemoveCustomerAsync(int customerId, CancellationToken cancellationToken) =>
        await AnswerAsync(await lists.RemoveCustomerAsync(Id, customerId, cancellationToken), cancellationToken);

    private Task<IActionResult> AnswerAsync(EditOutcome outcome, CancellationToken cancellationToken) =>
        this.AnswerEditAsync(outcome, t, error => FailAsync(error, cancellationToken), Done);

    private IActionResult Done(string notice)
    {
        Notice = notice;
        return RedirectToPage(new { id = Id, q = Q });
    }

    private async Task<IActionResult> FailAsync(string error, CancellationToken cancellationToken)
    {
        Error = error;
        await LoadAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var list = await db.PriceLists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == Id, cancellationToken);
        if (list is null)
        {
            return false;
        }

        List = list;
        var packs = db.PackSizes.AsNoTracking().Where(s => db.PriceListEntries.Any(e => e.PriceListId == Id && e.PackSizeId == s.Id));
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = SearchText.Fold(Q);
            packs = packs.Where(s => s.Product!.SearchText.Contains(term));
        }

        Packs = await packs.OrderBy(s => s.Product!.Name).ThenBy(s => s.UnitsPerPack)
            .Select(s => new PackRow(s.Id, s.Sku, ContentLanguage.Pick(s.Product!.Name, s.Product.NameDe), ContentLanguage.Pick(s.Name, s.NameDe), s.IsActive && s.Product.IsActive))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
        var ids = Packs.Items.Select(r => r.PackId).ToList();
        var entries = (await db.PriceListEntries.AsNoTracking().Where(e => e.PriceListId == Id && ids.Contains(e.PackSizeId)).ToListAsync(cancellationToken)).ToLookup(e => e.PackSizeId);
        foreach (var row in Packs.Items)
        {
            row.Tiers = entries[row.PackId].OrderBy(e => e.MinQuantity).Select(e => new PriceTier(e.MinQuantity, e.UnitPrice)).ToList();
        }

        OtherLists = (await db.PriceLists.AsNoTracking().Where(l => l.Id != Id).OrderBy(l => l.Name).Select(l => new { l.Id, l.Name }).ToListAsync(cancellationToken))
            .Select(l => (l.Id, l.Name)).ToList();
        Customers = await db.Customers.AsNoTracking().Where(c => c.PriceListId == Id).OrderBy(c => c.Name).ToListAsync(cancellationToken);
        History = await audit.HistoryAsync(AuditItemTypes.PriceList, PriceEditor.Key(Id), cancellationToken, 5);
        return true;
    }
}
