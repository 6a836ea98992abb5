using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Mail;
using Portal.Ordering;
using Portal.ProductManagement;
using Portal.Sales;

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

public sealed record ShipmentReport(string Carrier, string TrackingNumber, DateTimeOffset? ShippedAt, IReadOnlyList<(int LineNumber, int Quantity)> Lines);

public sealed record InvoiceReport(string Number, DateOnly InvoiceDate, DateOnly DueDate, decimal AmountGross, byte[] Pdf);

/// What the ERP reports back about an order: acknowledgement, shipments, invoices, cancellation. Each change is in
/// the audit trail under the API client's name, and the buyer hears of it by mail, in the change's unit of work.
/// Only orders the feed has handed out (FeedSequence set) can be reported on: the ERP cannot know of others.
public sealed class ErpOrders(PortalDbContext db, AuditTrail audit, OrderMails orderMails, Outbox outbox, OrderCancellation cancellation, TimeProvider time)
{
    public const int ErpNumberLength = 64;
    public const int TextLength = 100;

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

    /// A shipment of some or all outstanding packs. The same carrier and tracking number again is the same shipment
    /// (a retried call). Fully shipped, the order is Shipped; fully shipped and invoiced, Completed.
    public async Task<ErpOutcome> RecordShipmentAsync(string orderNumber, ShipmentReport report, CancellationToken cancellationToken)
    {
        var order = await FindAsync(orderNumber, cancellationToken, withLines: true);
        if (order is null)
        {
            return new(ErpChange.NotFound);
        }

        if (await db.Shipments.AsNoTracking().AnyAsync(s => s.OrderId == order.Id && s.Carrier == report.Carrier && s.TrackingNumber == report.TrackingNumber, cancellationToken))
        {
            return new(ErpChange.Unchanged, order);
        }

        if (order.Status is not (OrderStatus.Confirmed or OrderStatus.Shipped or OrderStatus.Completed))
        {
            return new(ErpChange.Conflict, order, Detail: $"Order {orderNumber} is {order.Status}: nothing to ship.");
        }

        var shipped = await db.ShipmentLines.AsNoTracking().Where(l => db.Shipments.Any(s => s.Id == l.ShipmentId && s.OrderId == order.Id)).ToListAsync(cancellationToken);
        var outstanding = Fulfilment.Outstanding(order.Lines, shipped);
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < report.Lines.Count; i++)
        {
            var (lineNumber, quantity) = report.Lines[i];
            var left = outstanding.GetValueOrDefault(lineNumber, int.MinValue);
            if (left == int.MinValue)
            {
                errors[$"lines[{i}].lineNumber"] = [$"Order {orderNumber} has no line {lineNumber} to ship."];
            }
            else if (quantity < 1 || quantity > left)
            {
                errors[$"lines[{i}].quantity"] = [$"Line {lineNumber} has {Math.Max(left, 0)} pack(s) left to ship."];
            }
            else
            {
                outstanding[lineNumber] = left - quantity;
            }
        }

        if (errors.Count > 0)
        {
            return new(ErpChange.Invalid, order, errors);
        }

        var shipment = new Shipment
        {
            OrderId = order.Id,
            Carrier = report.Carrier,
            TrackingNumber = report.TrackingNumber,
            ShippedAt = report.ShippedAt ?? time.GetUtcNow(),
            Lines = report.Lines.GroupBy(l => l.LineNumber).Select(g => new ShipmentLine { LineNumber = g.Key, Quantity = g.Sum(l => l.Quantity) }).ToList(),
        };
        db.Shipments.Add(shipment);
        var complete = outstanding.Values.All(left => left <= 0);
        var before = order.Status;
        if (complete)
        {
            order.Status = await FullyInvoicedAsync(order, 0m, cancellationToken) ? OrderStatus.Completed : OrderStatus.Shipped;
        }

        audit.Record(AuditItemTypes.Order, KeyOf(order), order.Number, AuditAction.Changed,
        [
            new("Shipment", null, $"{report.Carrier} {report.TrackingNumber}: " + string.Join(", ", shipment.Lines.Select(l => $"{l.Quantity} × {LineSku(order, l.LineNumber)}"))),
            .. StatusChange(before, order.Status),
        ]);
        var link = orderMails.OrderLink(order);
        var lines = shipment.Lines.Select(l => (order.Lines.Single(o => o.LineNumber == l.LineNumber).Description, l.Quantity)).ToList();
        var recipients = await orderMails.RecipientsAsync(order, cancellationToken);
        foreach (var user in recipients)
        {
            await outbox.EnqueueAsync(new OrderShippedMail(user.DisplayName, order.Number, report.Carrier, report.TrackingNumber, complete, lines, link), user.Email, user.DisplayName, user.Language,
                dedupeKey: OrderMails.DedupeKey($"order-{order.Number}-shipped-{ApiKeys.Hash(report.Carrier + "\n" + report.TrackingNumber)[..16]}", user, recipients.Count));
        }

        await db.SaveChangesAsync(cancellationToken);
        return new(ErpChange.Done, order);
    }

    /// An invoice with its PDF. The same invoice number for the same order again is a retried call; for another
    /// order it is a conflict. Fully invoiced and fully shipped, the order is Completed.
    public async Task<ErpOutcome> RecordInvoiceAsync(string orderNumber, InvoiceReport report, CancellationToken cancellationToken)
    {
        var order = await FindAsync(orderNumber, cancellationToken, withLines: true);
        if (order is null)
        {
            return new(ErpChange.NotFound);
        }

        var existing = await db.Invoices.AsNoTracking().Where(i => i.Number == report.Number).Select(i => (int?)i.OrderId).SingleOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return existing == order.Id
                ? new(ErpChange.Unchanged, order)
                : new(ErpChange.Conflict, order, Detail: $"Invoice {report.Number} belongs to another order.");
        }

        if (order.Status is not (OrderStatus.Confirmed or OrderStatus.Shipped or OrderStatus.Completed))
        {
            return new(ErpChange.Conflict, order, Detail: $"Order {orderNumber} is {order.Status}: it cannot be invoiced.");
        }

        db.Invoices.Add(new Invoice
        {
            OrderId = order.Id,
            Number = report.Number,
            InvoiceDate = report.InvoiceDate,
            DueDate = report.DueDate,
            AmountGross = report.AmountGross,
            ReceivedAt = time.GetUtcNow(),
            Document = new InvoiceDocument { Pdf = report.Pdf },
        });
        var before = order.Status;
        if (order.Status == OrderStatus.Shipped && await FullyInvoicedAsync(order, report.AmountGross, cancellationToken))
        {
            order.Status = OrderStatus.Completed;
        }

        audit.Record(AuditItemTypes.Order, KeyOf(order), order.Number, AuditAction.Changed,
        [
            new("Invoice", null, $"{report.Number} {AuditTrail.Format(report.AmountGross)} {order.Currency}, due {AuditTrail.Format(report.DueDate)}"),
            .. StatusChange(before, order.Status),
        ]);
        var link = orderMails.OrderLink(order);
        var recipients = await orderMails.RecipientsAsync(order, cancellationToken);
        foreach (var user in recipients)
        {
            await outbox.EnqueueAsync(new OrderInvoicedMail(user.DisplayName, order.Number, report.Number, report.AmountGross, report.DueDate, link), user.Email, user.DisplayName, user.Language,
                dedupeKey: OrderMails.DedupeKey($"invoice-{report.Number}", user, recipients.Count));
        }

        await db.SaveChangesAsync(cancellationToken);
        return new(ErpChange.Done, order);
    }

    /// The ERP cancels the order: the same cancellation inside sales makes (refund of a card payment, the
    /// buyer's mail with the reason), with the audit entry in its unit of work.
    public async Task<ErpOutcome> CancelAsync(string orderNumber, string reason, CancellationToken cancellationToken)
    {
        var order = await FindAsync(orderNumber, cancellationToken);
        if (order is null)
        {
            return new(ErpChange.NotFound);
        }

        if (order.Status == OrderStatus.Cancelled)
        {
            return new(ErpChange.Unchanged, order);
        }

        if (!OrderCancellation.CanCancel(order))
        {
            return new(ErpChange.Conflict, order, Detail: $"Order {orderNumber} is {order.Status} and can no longer be cancelled.");
        }

        // Saved by the cancellation's own SaveChanges, with the order and the mail; dropped with the scope if it refuses.
        audit.Record(AuditItemTypes.Order, KeyOf(order), order.Number, AuditAction.Changed,
            [.. StatusChange(order.Status, OrderStatus.Cancelled), new("Reason", null, reason)]);
        return await cancellation.CancelAsync(order.Id, reason, cancellationToken) switch
        {
            CancellationResult.Cancelled => new(ErpChange.Done, order),
            CancellationResult.RefundFailed => new(ErpChange.Conflict, order, Detail: "The card payment could not be refunded; the order stays as it was. Inside sales has to look at it."),
            _ => new(ErpChange.Conflict, order, Detail: $"Order {orderNumber} can no longer be cancelled."),
        };
    }

    private async Task<Order?> FindAsync(string orderNumber, CancellationToken cancellationToken, bool withLines = false)
    {
        var orders = db.Orders.Where(o => o.Number == orderNumber && o.FeedSequence != null);
        return await (withLines ? orders.Include(o => o.Lines) : orders).SingleOrDefaultAsync(cancellationToken);
    }

    private async Task<bool> FullyInvoicedAsync(Order order, decimal adding, CancellationToken cancellationToken)
    {
        var invoiced = await db.Invoices.Where(i => i.OrderId == order.Id).Select(i => i.AmountGross).ToListAsync(cancellationToken);
        return Fulfilment.FullyInvoiced(order.TotalGross, invoiced.Append(adding));
    }

    private static IEnumerable<FieldChange> StatusChange(OrderStatus before, OrderStatus after) =>
        before == after ? [] : [new FieldChange("Status", before.ToString(), after.ToString())];

    private static string KeyOf(Order order) => AuditTrail.Format(order.Id);

    private static string LineSku(Order order, int lineNumber) => order.Lines.Single(l => l.LineNumber == lineNumber).Sku;
}
