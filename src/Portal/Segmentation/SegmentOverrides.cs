using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;

namespace Portal.Segmentation;

/// Staff overriding a customer's class. The customer's Segment (what its catalogs and prices follow) becomes the
/// override at once; the computed class stays in its figures; every change goes into the history with its reason.
public sealed class SegmentOverrides(PortalDbContext db, Api.Webhooks webhooks, TimeProvider time)
{
    public async Task SetAsync(int customerId, Segment segment, string reason, DateOnly? until, string user, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.SingleAsync(c => c.Id == customerId, cancellationToken);
        var figures = await db.CustomerFigures.SingleOrDefaultAsync(f => f.CustomerId == customerId, cancellationToken);
        var fromSegment = customer.Segment;
        var fromStrategy = figures?.Strategy;
        customer.SegmentOverride = segment;
        customer.OverrideReason = reason;
        customer.OverrideUntil = until;
        customer.Segment = segment;
        if (figures is not null)
        {
            figures.Strategy = SegmentationModel.StrategyFor(segment, figures.RevenueSegment);
        }

        Record(new CustomerSegmentChange
        {
            CustomerId = customerId,
            At = time.GetUtcNow(),
            FromSegment = fromSegment,
            ToSegment = segment,
            FromStrategy = fromStrategy,
            ToStrategy = figures?.Strategy,
            Reason = Truncate(until is { } end
                ? SegmentationReasons.OverrideUntil.Format(end, reason)
                : SegmentationReasons.Override.Format(reason)),
            ChangedBy = user,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private void Record(CustomerSegmentChange change)
    {
        db.CustomerSegmentChanges.Add(change);
        if (change.FromSegment != change.ToSegment)
        {
            webhooks.Raise(Api.WebhookEvents.CustomerClassChanged, change.CustomerId, Api.Webhooks.ClassChangeData(change));
        }
    }

    public async Task ClearAsync(int customerId, string user, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.SingleAsync(c => c.Id == customerId, cancellationToken);
        if (customer.SegmentOverride is null)
        {
            return;
        }

        var figures = await db.CustomerFigures.SingleOrDefaultAsync(f => f.CustomerId == customerId, cancellationToken);
        var fromSegment = customer.Segment;
        var fromStrategy = figures?.Strategy;
        customer.SegmentOverride = null;
        customer.OverrideReason = null;
        customer.OverrideUntil = null;
        if (figures is not null)
        {
            customer.Segment = figures.ComputedSegment;
            figures.Strategy = SegmentationModel.StrategyFor(figures.ComputedSegment, figures.RevenueSegment);
        }

        Record(new CustomerSegmentChange
        {
            CustomerId = customerId,
            At = time.GetUtcNow(),
            FromSegment = fromSegment,
            ToSegment = customer.Segment,
            FromStrategy = fromStrategy,
            ToStrategy = figures?.Strategy,
            Reason = (figures is null ? SegmentationReasons.OverrideRemovedBeforeFirstRun : SegmentationReasons.OverrideRemoved).Format(),
            ChangedBy = user,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// Inside sales marks an action done or dismisses it. Only open actions of that customer change.
    public async Task<bool> ResolveActionAsync(int customerId, long actionId, SegmentationActionStatus status, string user, CancellationToken cancellationToken)
    {
        if (status is not (SegmentationActionStatus.Done or SegmentationActionStatus.Dismissed))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Only Done or Dismissed.");
        }

        return await db.SegmentationActions
            .Where(a => a.Id == actionId && a.CustomerId == customerId && a.Status == SegmentationActionStatus.Open)
            .ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Status, status)
                .SetProperty(a => a.ResolvedAt, time.GetUtcNow())
                .SetProperty(a => a.ResolvedBy, user), cancellationToken) == 1;
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..499] + "…";
}
