using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Ordering;
using Portal.ProductManagement;

namespace Portal.Api;

public enum ErpChange
{
    Done,

    /// The same report again (a retried call): nothing changed, nothing sent twice.
    Unchanged,
    NotFound,
    Conflict,
    Invalid,
}

/// What a report did; Errors per request field for Invalid, Detail for Conflict.
public sealed record ErpOutcome(ErpChange Change, Order? Order = null, IDictionary<string, string[]>? Errors = null, string? Detail = null)
{
    public static ErpOutcome Refuse(string field, string message) => new(ErpChange.Invalid, Errors: new Dictionary<string, string[]> { [field] = [message] });
}

/// What the ERP reports back about an order. Each change is in the audit trail under the API client's name.
/// Only orders the feed has handed out (FeedSequence set) can be reported on: the ERP cannot know of others.
public sealed class ErpOrders(PortalDbContext db, AuditTrail audit, TimeProvider time)
{
    public const int ErpNumberLength = 64;

    /// The ERP took the order under its own number. Repeating the same number is fine (a retried call); another
    /// number for an order acknowledged already is a conflict.
    public async Task<ErpOutcome> AcknowledgeAsync(string orderNumber, string erpOrderNumber, CancellationToken cancellationToken)
    {
        var order = await FindAsync(orderNumber, cancellationToken);
        if (order is null)
        {
            return new(ErpChange.NotFound);
        }

        if (order.ErpOrderNumber is not null)
        {
            return order.ErpOrderNumber == erpOrderNumber
                ? new(ErpChange.Unchanged, order)
                : new(ErpChange.Conflict, order, Detail: $"Order {orderNumber} was acknowledged as {order.ErpOrderNumber} already.");
        }

        order.ErpOrderNumber = erpOrderNumber;
        order.AcknowledgedAt = time.GetUtcNow();
        audit.RecordChanges(order, AuditItemTypes.Order, order.Number);
        await audit.SaveChangesAsync(cancellationToken);
        return new(ErpChange.Done, order);
    }

    private async Task<Order?> FindAsync(string orderNumber, CancellationToken cancellationToken) =>
        await db.Orders.SingleOrDefaultAsync(o => o.Number == orderNumber && o.FeedSequence != null, cancellationToken);
}
