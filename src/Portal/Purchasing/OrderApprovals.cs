using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Mail;
using Portal.Ordering;

namespace Portal.Purchasing;

/// The company admin's decision on an order waiting for approval. Approving places it for real through
/// OrderPlacement (credit check, payment, mails as usual); rejecting cancels it and tells the buyer why. Always
/// within the admin's own company: another company's order is not found. The decision is the customer's
/// self-service: no escalation, no touch.
public sealed class OrderApprovals(PortalDbContext db, OrderPlacement placement, OrderMails orderMails, Outbox outbox, MailLinks links, Api.Webhooks webhooks, TimeProvider time, ILogger<OrderApprovals> logger)
{
    public enum Outcome
    {
        Done,
        NotFound,
        AlreadyDecided,
        ReasonMissing,
    }

    public const int ReasonMaxLength = 1000;

    public Task<Outcome> ApproveAsync(int customerId, string orderNumber, string adminUserId, CancellationToken cancellationToken) =>
        DecideAsync(customerId, orderNumber, adminUserId, null, cancellationToken);

    public Task<Outcome> RejectAsync(int customerId, string orderNumber, string adminUserId, string? reason, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(reason) ? Task.FromResult(Outcome.ReasonMissing)
        : DecideAsync(customerId, orderNumber, adminUserId, Clean(reason), cancellationToken);

    private static string Clean(string reason) => reason.Trim() is var r && r.Length > ReasonMaxLength ? r[..ReasonMaxLength] : reason.Trim();

    /// One transaction: the decision is taken by a conditional update from Pending, so of two admins deciding at
    /// once only one changes the order; the other is told it is already decided.
    private async Task<Outcome> DecideAsync(int customerId, string orderNumber, string adminUserId, string? rejection, CancellationToken cancellationToken)
    {
        var approval = await db.OrderApprovals.AsNoTracking()
            .Where(a => a.CustomerId == customerId && a.Order!.Number == orderNumber && a.Order.CustomerId == customerId)
            .Select(a => new { a.Id, a.OrderId })
            .SingleOrDefaultAsync(cancellationToken);
        if (approval is null)
        {
            return Outcome.NotFound;
        }

        var now = time.GetUtcNow();
        var status = rejection is null ? ApprovalStatus.Approved : ApprovalStatus.Rejected;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var won = await db.OrderApprovals
            .Where(a => a.Id == approval.Id && a.Status == ApprovalStatus.Pending)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.Status, status).SetProperty(x => x.DecidedByUserId, adminUserId).SetProperty(x => x.DecidedAt, now).SetProperty(x => x.RejectionReason, rejection), cancellationToken);
        if (won == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return Outcome.AlreadyDecided;
        }

        var order = await db.Orders.SingleAsync(o => o.Id == approval.OrderId, cancellationToken);
        if (order.Status != OrderStatus.AwaitingApproval)
        {
            // Cancelled by inside sales meanwhile: nothing left to decide.
            await transaction.RollbackAsync(cancellationToken);
            return Outcome.AlreadyDecided;
        }

        var admin = await db.Users.AsNoTracking().Where(u => u.Id == adminUserId).Select(u => u.DisplayName).SingleAsync(cancellationToken);
        if (rejection is null)
        {
            db.OrderEvents.Add(OrderEvent.For(order, OrderEventKind.Approved, now, adminUserId));
            await placement.ReleaseAsync(order, cancellationToken);
            if (order.Status == OrderStatus.AwaitingPayment)
            {
                await EnqueueDecisionAsync(order, admin, true, null, cancellationToken);
            }
        }
        else
        {
            db.OrderEvents.Add(OrderEvent.For(order, OrderEventKind.Rejected, now, adminUserId, rejection));
            order.Status = OrderStatus.Cancelled;
            webhooks.Raise(Api.WebhookEvents.OrderCancelled, order.CustomerId, Api.Webhooks.OrderData(order, rejection));
            await EnqueueDecisionAsync(order, admin, false, rejection, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Order {Number} of customer {CustomerId} {Decision} by the company admin", order.Number, customerId, status);
        return Outcome.Done;
    }

    private async Task EnqueueDecisionAsync(Order order, string admin, bool approved, string? reason, CancellationToken cancellationToken)
    {
        var link = approved
            ? links.To($"/shop/orders/{Uri.EscapeDataString(order.Number)}/payment", new Dictionary<string, string?>())
            : orderMails.OrderLink(order);
        foreach (var buyer in await orderMails.RecipientsAsync(order, cancellationToken))
        {
            await outbox.EnqueueAsync(new ApprovalDecisionMail(buyer.DisplayName, order.Number, admin, approved, reason, link), buyer.Email, buyer.DisplayName, buyer.Language,
                dedupeKey: $"approval-{order.Number}-{(approved ? "approved" : "rejected")}-{buyer.Id}");
        }
    }
}
