using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Mail;
using Portal.Ordering;
using Portal.Payments;

namespace Portal.Sales;

public enum CancellationResult
{
    Cancelled,
    NotCancellable,

    /// Stripe refused the refund; the order stays as it was (a cancellation without its refund would be worse).
    RefundFailed,
}

/// Inside sales cancels an order: a paid card order is refunded through Stripe first, and the buyer gets a mail
/// with the reason (and the refund, where there was one) in the same unit of work as the cancellation.
public sealed class OrderCancellation(PortalDbContext db, CardPayments cardPayments, OrderMails orderMails, Outbox outbox, Api.Webhooks webhooks, ILogger<OrderCancellation> logger)
{
    public static bool CanCancel(Order order) => order.Status is not (OrderStatus.Cancelled or OrderStatus.Shipped or OrderStatus.Completed);

    public async Task<CancellationResult> CancelAsync(int orderId, string reason, CancellationToken cancellationToken)
    {
        var order = await db.Orders.SingleAsync(o => o.Id == orderId, cancellationToken);
        if (!CanCancel(order))
        {
            return CancellationResult.NotCancellable;
        }

        var refunded = false;
        if (await db.Payments.AnyAsync(p => p.OrderId == order.Id && p.Status == PaymentStatus.Paid, cancellationToken))
        {
            try
            {
                await cardPayments.RefundAsync(order, cancellationToken);
                refunded = true;
            }
            catch (Stripe.StripeException e)
            {
                logger.LogWarning("Refund for order {Number} failed: {Reason}", order.Number, e.Message);
                return CancellationResult.RefundFailed;
            }
        }

        order.Status = OrderStatus.Cancelled;
        webhooks.Raise(Api.WebhookEvents.OrderCancelled, order.CustomerId, Api.Webhooks.OrderData(order, reason));
        order.Comment = string.IsNullOrEmpty(order.Comment) ? $"Cancelled: {reason}" : $"{order.Comment}\nCancelled: {reason}";
        var recipients = await orderMails.RecipientsAsync(order, cancellationToken);
        var link = orderMails.OrderLink(order);
        foreach (var user in recipients)
        {
            await outbox.EnqueueAsync(new OrderCancelledMail(user.DisplayName, order.Number, reason, refunded ? order.TotalGross : null, link), user.Email, user.DisplayName, user.Language,
                dedupeKey: OrderMails.DedupeKey($"order-{order.Number}-Cancelled", user, recipients.Count));
        }

        await db.SaveChangesAsync(cancellationToken);
        return CancellationResult.Cancelled;
    }
}
