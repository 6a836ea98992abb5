using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Identity;
using Portal.Mail;
using Portal.Ordering;

namespace Portal.Sales;

/// Working an escalation: claim it (one clerk wins), comment, and resolve it with an outcome. Every resolution is
/// a touch on the customer, because touches are the cost to serve.
public sealed class EscalationDesk(PortalDbContext db, OrderMails orderMails, Outbox outbox, EscalationIntake intake, Api.Webhooks webhooks, TimeProvider time)
{
    public enum ClaimResult
    {
        Claimed,
        AlreadyYours,
        TakenByAnother,
        Closed,
    }

    public Task<int> OpenCountAsync(CancellationToken cancellationToken) =>
        db.Escalations.CountAsync(e => e.Status == EscalationStatus.Open, cancellationToken);

    /// A conditional update, not read-then-write: two clerks pressing "Claim" at the same moment cannot both win.
    public async Task<ClaimResult> ClaimAsync(int escalationId, string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimed = await db.Escalations
            .Where(e => e.Id == escalationId && e.Status == EscalationStatus.Open && e.ClaimedByUserId == null)
            .ExecuteUpdateAsync(e => e.SetProperty(x => x.ClaimedByUserId, userId).SetProperty(x => x.ClaimedAt, now), cancellationToken);
        if (claimed == 1)
        {
            return ClaimResult.Claimed;
        }

        var current = await db.Escalations.AsNoTracking().Where(e => e.Id == escalationId).Select(e => new { e.Status, e.ClaimedByUserId }).SingleOrDefaultAsync(cancellationToken);
        return current is null || current.Status != EscalationStatus.Open ? ClaimResult.Closed
            : current.ClaimedByUserId == userId ? ClaimResult.AlreadyYours
            : ClaimResult.TakenByAnother;
    }

    /// Opens an escalation by hand for a customer, optionally about one of its orders. Returns the new id, or an
    /// error keyed by the field it belongs to (texts are translation keys).
    public async Task<(int? Id, string Field, string? Error)> OpenManualAsync(string customerNumber, string? orderNumber, string reason, string userId, CancellationToken cancellationToken)
    {
        var customerId = await db.Customers.Where(c => c.Number == customerNumber.Trim()).Select(c => (int?)c.Id).SingleOrDefaultAsync(cancellationToken);
        if (customerId is null)
        {
            return (null, "CustomerNumber", "No customer has this number.");
        }

        int? orderId = null;
        if (!string.IsNullOrWhiteSpace(orderNumber))
        {
            orderId = await db.Orders.Where(o => o.Number == orderNumber.Trim() && o.CustomerId == customerId).Select(o => (int?)o.Id).SingleOrDefaultAsync(cancellationToken);
            if (orderId is null)
            {
                return (null, "OrderNumber", "This customer has no order with this number.");
            }
        }

        var escalation = intake.Add(EscalationType.Manual, customerId.Value, reason.Trim(), orderId: orderId, raisedByUserId: userId);
        await db.SaveChangesAsync(cancellationToken);
        return (escalation.Id, "", null);
    }

    public async Task CommentAsync(int escalationId, string userId, string author, string text, CancellationToken cancellationToken)
    {
        db.EscalationComments.Add(new EscalationComment { EscalationId = escalationId, UserId = userId, Author = author, Text = text.Trim(), At = time.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// Resolves a claimed escalation. Messages are translation keys; null means done.
    public async Task<string?> ResolveAsync(int escalationId, string userId, EscalationOutcome outcome, string? note, CancellationToken cancellationToken)
    {
        var escalation = await db.Escalations.Include(e => e.Order).ThenInclude(o => o!.Lines).SingleOrDefaultAsync(e => e.Id == escalationId, cancellationToken);
        if (Escalation.WhyNotWorkable(escalation, userId) is { } problem)
        {
            return problem;
        }

        var order = escalation!.Order;
        var holdsOrder = order is { Status: OrderStatus.AwaitingReview };
        switch (outcome)
        {
            case EscalationOutcome.Approved when !holdsOrder:
            case EscalationOutcome.Rejected when !holdsOrder:
                return "Only an escalation that holds an order awaiting review can approve or reject it.";
            case EscalationOutcome.Rejected when string.IsNullOrWhiteSpace(note):
                return "Please give the customer a reason for the rejection.";
            case EscalationOutcome.Settled when string.IsNullOrWhiteSpace(note):
                return "Please note how it was settled.";
        }

        var now = time.GetUtcNow();
        if (outcome == EscalationOutcome.Approved)
        {
            order!.Status = OrderStatus.Confirmed;
            await orderMails.EnqueueConfirmationAsync(order, cancellationToken);
        }
        else if (outcome == EscalationOutcome.Rejected)
        {
            order!.Status = OrderStatus.Cancelled;
            webhooks.Raise(Api.WebhookEvents.OrderCancelled, order.CustomerId, Api.Webhooks.OrderData(order, note!.Trim()));
            await EnqueueRejectionAsync(order, note!.Trim(), cancellationToken);
        }

        Close(escalation, outcome, note, userId, now);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// Resolves the escalation and records the handling as a touch, in the caller's unit of work (also for work
    /// resolved elsewhere, such as a quote written for a quote request).
    public void Close(Escalation escalation, EscalationOutcome outcome, string? note, string userId, DateTimeOffset now)
    {
        escalation.Resolve(outcome, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), userId, now);
        db.Touches.Add(new Touch
        {
            CustomerId = escalation.CustomerId,
            Kind = TouchKind.EscalationHandled,
            At = now,
            UserId = userId,
            Note = TouchNotes.EscalationHandled(escalation, outcome),
        });
    }

    private async Task EnqueueRejectionAsync(Order order, string reason, CancellationToken cancellationToken)
    {
        var recipients = await orderMails.RecipientsAsync(order, cancellationToken);
        var link = orderMails.OrderLink(order);
        foreach (var user in recipients)
        {
            await outbox.EnqueueAsync(new OrderRejectedMail(user.DisplayName, order.Number, reason, link), user.Email, user.DisplayName, user.Language,
                dedupeKey: OrderMails.DedupeKey($"order-{order.Number}-Rejected", user, recipients.Count));
        }
    }
}

public static class EscalationEndpoints
{
    /// The live count in the staff navigation, polled by htmx.
    public static IEndpointRouteBuilder MapEscalationCount(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/sales/escalations/count", async (EscalationDesk desk, CancellationToken cancellationToken) =>
        {
            var count = await desk.OpenCountAsync(cancellationToken);
            return Results.Content(count == 0 ? "" : count.ToString(System.Globalization.CultureInfo.InvariantCulture), "text/plain");
        }).RequireAuthorization(Policies.Sales);
        return endpoints;
    }
}
