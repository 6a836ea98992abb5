using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Identity;
using Portal.Localization;
using Portal.Ordering;
using Portal.Purchasing;
using Portal.Web;

namespace Portal.Areas.Shop.Pages.Quotes;

/// The company's quotes: asked for from the cart, written by inside sales, accepted here into an order at the
/// quoted prices. Only the buyer's own company; another company's quote answers 404.
public sealed class IndexModel(PortalDbContext db, Portal.Purchasing.Quotes quotes, TimeProvider time, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public Paged<Row> List { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);
    public DateOnly Today { get; private set; }

    public sealed record Row(string Number, QuoteStatus Status, DateTimeOffset RequestedAt, string? RequestedBy, string? RequestNote, DateOnly? ValidUntil, string? QuoteNote, string? OrderNumber, IReadOnlyList<Item> Items)
    {
        public decimal? TotalNet => Items.All(i => i.QuotedUnitPrice is not null) ? Items.Sum(i => Money.Round(i.Quantity * i.QuotedUnitPrice!.Value)) : null;
    }

    public sealed record Item(string Sku, string Description, int Quantity, decimal ListUnitPrice, decimal? QuotedUnitPrice);

    private int CustomerId => User.CustomerId()!.Value;
    private string UserId => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var customerId = CustomerId;
        Today = Dates.BusinessToday(time);
        List = await db.Quotes.AsNoTracking().Where(q => q.CustomerId == customerId)
            .OrderByDescending(q => q.RequestedAt).ThenByDescending(q => q.Id)
            .Select(q => new Row(
                q.Number,
                q.Status,
                q.RequestedAt,
                db.Users.Where(u => u.Id == q.RequestedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
                q.RequestNote,
                q.ValidUntil,
                q.QuoteNote,
                q.Order != null ? q.Order.Number : null,
                q.Items.OrderBy(i => i.LineNumber).Select(i => new Item(i.Sku, i.Description, i.Quantity, i.ListUnitPrice, i.QuotedUnitPrice)).ToList()))
            .ToPagedAsync(PageNumber, pageSize: 10, cancellationToken: cancellationToken);
    }

    public async Task<IActionResult> OnPostRequestAsync(string? note, CancellationToken cancellationToken)
    {
        var outcome = await quotes.RequestAsync(UserId, CustomerId, note, cancellationToken);
        if (outcome.Error is not null)
        {
            TempData["Error"] = t[outcome.Error].Value;
            return RedirectToPage("/Cart/Index", new { area = "Shop" });
        }

        TempData["Notice"] = t["Thank you — your quote request {0} is with our inside sales. You get a mail when the quote is ready.", outcome.Number!].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAcceptAsync(string number, CancellationToken cancellationToken)
    {
        var outcome = await quotes.AcceptAsync(UserId, CustomerId, number, cancellationToken);
        if (outcome is { Number: null, Error: null })
        {
            return NotFound();
        }

        if (outcome.Error is not null)
        {
            TempData["Error"] = t[outcome.Error].Value;
            return RedirectToPage(new { p = PageNumber });
        }

        var awaitingCard = await db.Orders.AnyAsync(o => o.CustomerId == CustomerId && o.Number == outcome.Number && o.Status == OrderStatus.AwaitingPayment, cancellationToken);
        return awaitingCard
            ? RedirectToPage("/Orders/Payment", new { area = "Shop", number = outcome.Number })
            : RedirectToPage("/Orders/Details", new { area = "Shop", number = outcome.Number, placed = 1 });
    }
}
