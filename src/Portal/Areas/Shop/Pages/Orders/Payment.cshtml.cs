using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Identity;
using Portal.Ordering;
using Portal.Payments;

namespace Portal.Areas.Shop.Pages.Orders;

/// Where Stripe sends the buyer back: the payment is being confirmed (until the webhook arrives), or it was
/// cancelled or failed and the buyer can pay again or switch to another allowed method. Nothing is lost either way.
public sealed class PaymentModel(
    PortalDbContext db,
    CardPayments cardPayments,
    OrderPlacement placement,
    CustomerTerms terms,
    IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? Result { get; set; }

    public OrderStatus Status { get; private set; }
    public PaymentMethod Method { get; private set; }
    public decimal TotalGross { get; private set; }
    public PaymentStatus? LastPayment { get; private set; }
    public bool CanPayOnAccount { get; private set; }
    public bool CanPayByCard { get; private set; }
    public string? Error { get; private set; }

    public bool IsPaid => LastPayment == PaymentStatus.Paid || (Status != OrderStatus.AwaitingPayment && Status != OrderStatus.Cancelled);
    public bool IsConfirming => !IsPaid && Result == "success" && LastPayment == PaymentStatus.Pending;

    private int CustomerId => User.CustomerId()!.Value;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        return Request.IsHtmx() ? Partial("_PaymentState", this) : Page();
    }

    public async Task<IActionResult> OnPostPayAsync(CancellationToken cancellationToken)
    {
        var (outcome, url) = await cardPayments.PayAgainAsync(CustomerId, Number, $"{Request.Scheme}://{Request.Host}", User.Identity?.Name, cancellationToken);
        if (outcome == CardPayments.PayAgainOutcome.NotFound || !await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (outcome == CardPayments.PayAgainOutcome.ToStripe)
        {
            return Redirect(url!);
        }

        Error = outcome == CardPayments.PayAgainOutcome.NotWaiting
            ? t["This order is not waiting for a card payment."]
            : t["Card payment is not available right now. Please try again in a few minutes, or choose another way to pay."];
        return Page();
    }

    public async Task<IActionResult> OnPostOnAccountAsync(CancellationToken cancellationToken)
    {
        var result = await placement.SwitchToOnAccountAsync(CustomerId, Number, cancellationToken);
        if (result.Outcome == OrderPlacement.Outcome.Placed)
        {
            return RedirectToPage("/Orders/Details", new { area = "Shop", number = Number, placed = 1 });
        }

        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Error = t[result.Errors.Values.First()];
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking()
            .Where(o => o.CustomerId == CustomerId && o.Number == Number)
            .Select(o => new { o.Id, o.Status, o.PaymentMethod, o.TotalGross })
            .SingleOrDefaultAsync(cancellationToken);
        if (order is null)
        {
            return false;
        }

        (Status, Method, TotalGross) = (order.Status, order.PaymentMethod, order.TotalGross);
        LastPayment = await db.Payments.Where(p => p.OrderId == order.Id).OrderByDescending(p => p.Id).Select(p => (PaymentStatus?)p.Status).FirstOrDefaultAsync(cancellationToken);
        var allowed = (await terms.ForAsync(CustomerId, cancellationToken)).PaymentMethods;
        var waiting = Status == OrderStatus.AwaitingPayment && LastPayment != PaymentStatus.Paid;
        CanPayByCard = waiting && allowed.HasFlag(PaymentMethods.Card);
        CanPayOnAccount = waiting && allowed.HasFlag(PaymentMethods.OnAccount);
        return true;
    }
}
