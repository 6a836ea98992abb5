using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Mail;

namespace Portal.Ordering;

/// Puts an order's confirmation into the outbox, in the caller's unit of work: the order and its mail are saved
/// together or not at all. The key per order and status keeps a repeated confirmation (a replayed webhook, a
/// resubmitted form) from sending twice.
public sealed class OrderMails(PortalDbContext db, Outbox outbox, MailLinks links)
{
    public Task EnqueueConfirmationAsync(Order order, CancellationToken cancellationToken) =>
        EnqueueAsync(order, null, $"order-{order.Number}-{order.Status}", cancellationToken);

    /// The confirmation again after inside sales changed the order, with the clerk's reason. One per edit.
    public Task EnqueueChangedAsync(Order order, string reason, int editId, CancellationToken cancellationToken) =>
        EnqueueAsync(order, reason, $"order-{order.Number}-changed-{editId}", cancellationToken);

    private async Task EnqueueAsync(Order order, string? changeReason, string dedupeKey, CancellationToken cancellationToken)
    {
        if (order.PlacedByUserId is null)
        {
            return;
        }

        var buyer = await db.Users.AsNoTracking()
            .Where(u => u.Id == order.PlacedByUserId && u.CustomerId == order.CustomerId)
            .Select(u => new { u.Email, u.DisplayName, u.Language })
            .SingleOrDefaultAsync(cancellationToken);
        if (buyer?.Email is null)
        {
            // Placed by staff on the phone: the mail goes to the company's users later (order on behalf).
            return;
        }

        var company = await db.Customers.Where(c => c.Id == order.CustomerId).Select(c => c.Name).SingleAsync(cancellationToken);
        var link = links.To($"/shop/orders/{Uri.EscapeDataString(order.Number)}", new Dictionary<string, string?>());
        await outbox.EnqueueAsync(
            OrderConfirmationMail.For(order, buyer.DisplayName, company, link, changeReason),
            buyer.Email,
            buyer.DisplayName,
            buyer.Language,
            dedupeKey: dedupeKey);
    }
}
