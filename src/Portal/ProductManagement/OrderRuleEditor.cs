using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;
using Portal.Ordering;

namespace Portal.ProductManagement;

/// The order rules per segment that CustomerTerms applies in cart, checkout and placement, saved together with one
/// audit entry per segment that changed.
public sealed class OrderRuleEditor(PortalDbContext db, AuditTrail audit)
{
    public sealed record Amounts(decimal MinimumOrderValue, decimal SmallOrderThreshold, decimal SmallOrderSurcharge, decimal FreeDeliveryThreshold);

    /// A segment without a stored rule has the defaults (no minimum, no surcharge, never free delivery).
    public async Task<IReadOnlyDictionary<Segment, SegmentRule>> CurrentAsync(CancellationToken cancellationToken)
    {
        var rules = await db.SegmentRules.AsNoTracking().ToListAsync(cancellationToken);
        return Enum.GetValues<Segment>().ToDictionary(s => s, s => rules.FirstOrDefault(r => r.Segment == s) ?? new SegmentRule { Segment = s });
    }

    public async Task SaveAsync(IReadOnlyDictionary<Segment, Amounts> amounts, CancellationToken cancellationToken)
    {
        var rules = await db.SegmentRules.ToListAsync(cancellationToken);
        foreach (var (segment, wanted) in amounts)
        {
            var rule = rules.FirstOrDefault(r => r.Segment == segment);
            if (rule is null)
            {
                rule = db.SegmentRules.Add(new SegmentRule { Segment = segment }).Entity;
            }

            rule.MinimumOrderValue = wanted.MinimumOrderValue;
            rule.SmallOrderThreshold = wanted.SmallOrderThreshold;
            rule.SmallOrderSurcharge = wanted.SmallOrderSurcharge;
            rule.FreeDeliveryThreshold = wanted.FreeDeliveryThreshold;
            audit.RecordChanges(rule, AuditItemTypes.OrderRule, $"Segment {segment}");
        }

        await audit.SaveChangesAsync(cancellationToken);
    }
}
