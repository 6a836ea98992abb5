using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Ordering;

/// One step in an order's history: who decided what about it, and when. Written with the change it records (same
/// unit of work); shown to the buyer and to inside sales on the order's page.
public class OrderEvent
{
    public long Id { get; set; }
    public int OrderId { get; set; }
    public Order? Order { get; set; }
    public OrderEventKind Kind { get; set; }
    public DateTimeOffset At { get; set; }

    /// Who did it; null for the portal itself.
    public string? UserId { get; set; }

    /// The reason given (a rejection), or the facts the step was decided on (the limit, the quote number), stored as
    /// typed or in invariant numbers.
    public string? Note { get; set; }

    public static OrderEvent For(Order order, OrderEventKind kind, DateTimeOffset at, string? userId, string? note = null)
    {
        var history = new OrderEvent { Order = order, Kind = kind, At = at, UserId = userId, Note = note };
        if (order.Id != 0)
        {
            history.OrderId = order.Id;
        }

        return history;
    }
}

public enum OrderEventKind
{
    Placed = 0,
    ApprovalRequested = 1,
    Approved = 2,
    Rejected = 3,
    PlacedFromQuote = 4,
}

public static class OrderEventDisplay
{
    /// The English text of a step (the key of its translation).
    public static string DisplayName(this OrderEventKind kind) => kind switch
    {
        OrderEventKind.Placed => "Order placed",
        OrderEventKind.ApprovalRequested => "Approval requested",
        OrderEventKind.Approved => "Approved",
        OrderEventKind.Rejected => "Not approved",
        OrderEventKind.PlacedFromQuote => "Placed from a quote",
        _ => kind.ToString(),
    };
}

/// A step as the order pages show it, with the name of whoever took it.
public sealed record OrderHistoryEntry(DateTimeOffset At, OrderEventKind Kind, string? By, string? Note);

public static class OrderHistory
{
    public static Task<List<OrderHistoryEntry>> ForAsync(Data.PortalDbContext db, int orderId, CancellationToken cancellationToken) =>
        db.OrderEvents.AsNoTracking()
            .Where(e => e.OrderId == orderId)
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new OrderHistoryEntry(e.At, e.Kind, db.Users.Where(u => u.Id == e.UserId).Select(u => u.DisplayName).FirstOrDefault(), e.Note))
            .ToListAsync(cancellationToken);
}

internal sealed class OrderEventConfiguration : IEntityTypeConfiguration<OrderEvent>
{
    public void Configure(EntityTypeBuilder<OrderEvent> builder)
    {
        builder.HasIndex(e => new { e.OrderId, e.At });
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.Note).HasMaxLength(1000);
        builder.HasOne(e => e.Order).WithMany().HasForeignKey(e => e.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}
