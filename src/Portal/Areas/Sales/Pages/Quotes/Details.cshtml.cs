using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Localization;
using Portal.Purchasing;

namespace Portal.Areas.Sales.Pages.Quotes;

/// Writing a quote a buyer asked for: a price per line (typed in either language's number format), the last day it
/// holds and a note. Saving sends the buyer a mail and resolves the quote request in the queue.
public sealed class DetailsModel(PortalDbContext db, Portal.Purchasing.Quotes quotes, TimeProvider time, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty]
    public List<decimal?> Prices { get; set; } = [];

    [BindProperty]
    public DateOnly? ValidUntil { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public Quote Quote { get; private set; } = null!;
    public string CustomerName { get; private set; } = "";
    public string CustomerNumber { get; private set; } = "";
    public string? RequestedBy { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var items = Quote.Items.OrderBy(i => i.LineNumber).ToList();
        Prices = items.Select(i => i.QuotedUnitPrice ?? (decimal?)i.ListUnitPrice).ToList();
        ValidUntil = Quote.ValidUntil ?? Dates.BusinessToday(time).AddDays(14);
        Note = Quote.QuoteNote;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            Error = ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).First();
            return Page();
        }

        var clerkId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
        var outcome = await quotes.WriteAsync(Number, clerkId, Prices, ValidUntil, Note, cancellationToken);
        if (outcome.Error is not null)
        {
            Error = t[outcome.Error];
            return Page();
        }

        TempData["Notice"] = t["Quote {0} is sent to the customer.", Number].Value;
        return RedirectToPage(new { number = Number });
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var quote = await db.Quotes.AsNoTracking().Include(q => q.Items).Include(q => q.Customer).Include(q => q.Order)
            .SingleOrDefaultAsync(q => q.Number == Number, cancellationToken);
        if (quote is null)
        {
            return false;
        }

        Quote = quote;
        CustomerName = quote.Customer!.Name;
        CustomerNumber = quote.Customer.Number;
        RequestedBy = await db.Users.AsNoTracking().Where(u => u.Id == quote.RequestedByUserId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        return true;
    }
}
