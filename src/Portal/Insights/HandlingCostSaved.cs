using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;
using Portal.Localization;
using Portal.Ordering;
using Portal.Sales;
using Portal.Segmentation;

namespace Portal.Insights;

/// Handling cost saved: what a customer's orders and contacts of a month would have cost at its own habits of its
/// first three months on record (its baseline), less what they did cost — valued at the segmentation settings' cost
/// rates. A customer that moved from the phone to the shop saves the difference per order; one that needs fewer
/// calls, visits and escalations per order saves those. Measured per order, so a customer that simply orders less
/// saves nothing by it. Negative where a customer needs more handling than it used to; nothing during the baseline
/// months themselves.
public sealed class HandlingCostSaved(PortalDbContext db, SegmentationSettingsStore settingsStore)
{
    public const int BaselineMonths = 3;

    public sealed record OrderAt(int CustomerId, DateOnly Month, OrderChannel Channel);

    /// A call, visit or escalation, with what it costs at the settings' rates.
    public sealed record ContactAt(int CustomerId, DateOnly Month, decimal Cost);

    /// Saved per customer and month (the first of the month in business time) of the customers in the query.
    public async Task<IReadOnlyDictionary<(int CustomerId, DateOnly Month), decimal>> PerCustomerMonthAsync(IQueryable<Customer> customers, CancellationToken cancellationToken)
    {
        var settings = await settingsStore.LoadAsync(cancellationToken);
        var orders = (await db.Orders.AsNoTracking()
                .Where(o => o.Status != OrderStatus.Cancelled && customers.Any(c => c.Id == o.CustomerId))
                .Select(o => new { o.CustomerId, o.PlacedAt, o.Channel })
                .ToListAsync(cancellationToken))
            .Select(o => new OrderAt(o.CustomerId, Dates.BusinessMonth(o.PlacedAt), o.Channel));
        var escalations = (await db.Escalations.AsNoTracking().Where(e => customers.Any(c => c.Id == e.CustomerId))
                .Select(e => new { e.CustomerId, e.CreatedAt }).ToListAsync(cancellationToken))
            .Select(e => new ContactAt(e.CustomerId, Dates.BusinessMonth(e.CreatedAt), settings.EscalationCost));
        var contacts = (await db.Touches.AsNoTracking()
                .Where(t => (t.Kind == TouchKind.Call || t.Kind == TouchKind.Visit) && customers.Any(c => c.Id == t.CustomerId))
                .Select(t => new { t.CustomerId, t.At, t.Kind }).ToListAsync(cancellationToken))
            .Select(t => new ContactAt(t.CustomerId, Dates.BusinessMonth(t.At), t.Kind == TouchKind.Visit ? settings.VisitCost : settings.CallCost));
        return Compute(orders, escalations.Concat(contacts), settings);
    }

    /// The rule itself, without the database: each customer's baseline from its first BaselineMonths months with
    /// orders, then every later month against it.
    public static Dictionary<(int CustomerId, DateOnly Month), decimal> Compute(IEnumerable<OrderAt> orders, IEnumerable<ContactAt> contacts, SegmentationSettings settings)
    {
        var contactCost = contacts.GroupBy(c => c.CustomerId)
            .ToDictionary(g => g.Key, g => g.GroupBy(c => c.Month).ToDictionary(m => m.Key, m => m.Sum(c => c.Cost)));
        var saved = new Dictionary<(int CustomerId, DateOnly Month), decimal>();
        foreach (var customer in orders.GroupBy(o => o.CustomerId))
        {
            var start = customer.Min(o => o.Month);
            var end = start.AddMonths(BaselineMonths);
            var baseline = customer.Where(o => o.Month < end).ToList();
            var manualShare = (decimal)baseline.Count(o => !o.Channel.IsSelfService()) / baseline.Count;
            var expectedOrderCost = manualShare * settings.PhoneOrderCost + (1 - manualShare) * settings.ShopOrderCost;
            var costs = contactCost.GetValueOrDefault(customer.Key) ?? [];
            var baselineContacts = costs.Where(c => c.Key >= start && c.Key < end).Sum(c => c.Value);
            var contactsPerOrder = baselineContacts / baseline.Count;

            var later = customer.Where(o => o.Month >= end).GroupBy(o => o.Month).ToDictionary(g => g.Key, g => g.ToList());
            var months = later.Keys.Concat(costs.Keys.Where(month => month >= end)).Distinct();
            foreach (var month in months)
            {
                var inMonth = later.GetValueOrDefault(month) ?? [];
                var orderSaving = inMonth.Sum(o => expectedOrderCost - settings.OrderCost(o.Channel));
                var contactSaving = inMonth.Count * contactsPerOrder - costs.GetValueOrDefault(month);
                saved[(customer.Key, month)] = Money.Round(orderSaving + contactSaving);
            }
        }

        return saved;
    }
}
