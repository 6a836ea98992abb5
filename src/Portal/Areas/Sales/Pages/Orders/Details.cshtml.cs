using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Ordering;
using Portal.Payments;
using Portal.Sales;

namespace Portal.Areas.Sales.Pages.Orders;

/// An order as inside sales sees it, with its payments; cancelling goes through OrderCancellation.
public sealed class DetailsModel(PortalDbContext db, OrderCancellation cancellation, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Please give a reason.")]
    [StringLength(500)]
    public string? CancelReason { get; set; }

    public Order Order { get; private set; } = null!;
    public string CustomerName { get; private set; } = "";
    public string CustomerNumber { get; private set; } = "";
    public IReadOnlyList<Payment> Payments { get; private set; } = [];
    public IReadOnlyList<OrderHistoryEntry> History { get; private set; } = [];

    public bool CanCancel => OrderCancellation.CanCancel(Order);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        switch (await cancellation.CancelAsync(Order.Id, CancelReason!, cancellationToken))
        {
            case CancellationResult.NotCancellable:
                ModelState.AddModelError("", t["This order can no longer be cancelled."]);
                return Page();
            case CancellationResult.RefundFailed:
                ModelState.AddModelError("", t["Stripe did not accept the refund, so the order was not cancelled. Please try again later."]);
                return Page();
        }

        TempData["Notice"] = t["Order {0} has been cancelled.", Order.Number].Value;
        return RedirectToPage(new { number = Order.Number });
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines.OrderBy(l => l.LineNumber)).Include(o => o.Customer)
            .SingleOrDefaultAsync(o => o.Number == Number, cancellationToken);
        if (order is null)
        {
            return false;
        }

        Order = order;
        CustomerName = order.Customer!.Name;
        CustomerNumber = order.Customer.Number;
        History = await OrderHistory.ForAsync(db, order.Id, cancellationToken);
        Payments = await db.Payments.AsNoTracking().Where(p => p.OrderId == order.Id).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        return true;
    }
}
