using Microsoft.EntityFrameworkCore;
using Portal.Ordering;

namespace Portal.Data;

/// The demo's thousands of rows written without EF's insert per row (BulkInsert: several times faster on both
/// engines, in the seed's transaction).
internal static class DemoBulk
{
    /// Two years of orders and their lines, then tracked with their keys as if EF had saved them, for what the
    /// seed changes on them afterwards (escalated orders, the ERP's acknowledgements).
    public static async Task InsertOrdersAsync(PortalDbContext db, List<Order> orders, CancellationToken cancellationToken)
    {
        await db.InsertAsync(orders, cancellationToken);
        var numbers = orders.Select(o => o.Number).ToHashSet();
        var orderIds = (await db.Orders.AsNoTracking().Select(o => new { o.Id, o.Number }).ToListAsync(cancellationToken))
            .Where(o => numbers.Contains(o.Number)).ToDictionary(o => o.Number, o => o.Id);
        foreach (var order in orders)
        {
            order.Id = orderIds[order.Number];
            order.Lines.ForEach(line => line.OrderId = order.Id);
        }

        var lines = orders.SelectMany(o => o.Lines).ToList();
        await db.InsertAsync(lines, cancellationToken);
        var ids = orderIds.Values.ToHashSet();
        var lineIds = (await db.OrderLines.AsNoTracking().Select(l => new { l.Id, l.OrderId, l.LineNumber }).ToListAsync(cancellationToken))
            .Where(l => ids.Contains(l.OrderId)).ToDictionary(l => (l.OrderId, l.LineNumber), l => l.Id);
        lines.ForEach(line => line.Id = lineIds[(line.OrderId, line.LineNumber)]);
        db.Orders.AttachRange(orders);
    }
}
