using Portal.Data;

namespace Portal.Sales;

/// A contact inside sales logs by hand from the customer 360° view (a call, a visit, a note). Each one is a touch:
/// it counts in the customer's cost to serve at the next segmentation run.
public sealed class TouchLog(PortalDbContext db, TimeProvider time)
{
    public static readonly TouchKind[] LoggedByHand = [TouchKind.Call, TouchKind.Visit, TouchKind.Note];

    public async Task LogAsync(int customerId, string? userId, TouchKind kind, string note, CancellationToken cancellationToken)
    {
        if (!LoggedByHand.Contains(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only calls, visits and notes are logged by hand; the portal records the others itself.");
        }

        db.Touches.Add(new Touch { CustomerId = customerId, Kind = kind, At = time.GetUtcNow(), UserId = userId, Note = note.Trim() });
        await db.SaveChangesAsync(cancellationToken);
    }
}
