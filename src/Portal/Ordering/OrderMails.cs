using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Mail;

namespace Portal.Ordering;

/// Puts an order's confirmation into the outbox, in the caller's unit of work: the order and its mail are saved
/// together or not at all. The key per order and status keeps a repeated confirmation (a replayed webhook, a
/// resubmitted form) from sending twice.
public sealed class OrderMails(PortalDbContext db, Outbox outbox, MailLinks links)
{
    public async Task EnqueueConfirmationAsync(Order order, CancellationToken cancellationToken)
    {
        if (order.PlacedByUserId is null)
        {
            return;
        }

        var buyer = await db.Users.AsNoTracking()
            .Where(u => u.Id == order.PlacedByUserId && u.CustomerId == order.CustomerId)
            .Select(u => new { u.Email, u.DisplayName, u.Language })
            .SingleOrDefaultAsync(cancellationToken);
        var company = await db.Customers.Where(c => c.Id == order.CustomerId).Select(c => c.Name).SingleAsync(cancellationToken);
        var link = links.To($"/shop/orders/{Uri.EscapeDataString(order.Number)}", new Dictionary<string, string?>());
        if (buyer?.Email is not null)
        {
            await outbox.EnqueueAsync(
                OrderConfirmationMail.For(order, buyer.DisplayName, company, link),
                buyer.Email,
                buyer.DisplayName,
                buyer.Language,
                dedupeKey: $"order-{order.Number}-{order.Status}");
            return;
        }

        // Placed by inside sales on the phone (order on behalf): every active user of the company gets the
        // confirmation, so whoever called can check what was entered for them.
        var buyers = await db.Users.AsNoTracking()
            .Where(u => u.CustomerId == order.CustomerId && u.IsActive && u.Email != null)
            .OrderBy(u => u.Email)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.Language })
            .ToListAsync(cancellationToken);
        foreach (var user in buyers)
        {
            await outbox.EnqueueAsync(
                OrderConfirmationMail.For(order, user.DisplayName, company, link),
                user.Email!,
                user.DisplayName,
                user.Language,
                dedupeKey: $"order-{order.Number}-{order.Status}-{user.Id}");
        }
    }
}
