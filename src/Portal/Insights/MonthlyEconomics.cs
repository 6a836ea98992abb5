using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;
using Portal.Localization;
using Portal.Ordering;
using Portal.Sales;
using Portal.Segmentation;

namespace Portal.Insights;

/// Is the handling effort falling? Per month (business time) and per customer class: orders, the touchless ones,
/// cost to serve, revenue and contribution, valued with the segmentation settings' cost rates, so the cockpit and
/// the customers' figures speak of the same money.
///
/// Touchless: placed through a self-service channel, with no escalation opened for it (an order a clerk edited
/// was edited through its escalation). Cancelled orders are not counted at all. The class is the customer's
/// current one: the question is how today's C customers developed.
public sealed class MonthlyEconomics(PortalDbContext db, SegmentationSettingsStore settingsStore, HandlingCostSaved handling, TimeProvider time)
{
    public sealed record Row(DateOnly Month, Segment Segment, int Orders, int TouchlessOrders, decimal CostToServe, decimal Revenue, decimal Contribution)
    {
        public string MonthKey => Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        public decimal TouchlessRate => Orders == 0 ? 0m : Math.Round((decimal)TouchlessOrders / Orders, 4, MidpointRounding.AwayFromZero);

        public decimal CostPerOrder => Orders == 0 ? 0m : Money.Round(CostToServe / Orders);

        /// Against each customer's own first three months (HandlingCostSaved); not in the monthly CSV, whose columns
        /// are fixed.
        public decimal HandlingCostSaved { get; init; }

        /// The month's orders by the channel they came in by (channels without orders are left out).
        public IReadOnlyDictionary<OrderChannel, int> OrdersByChannel { get; init; } = new Dictionary<OrderChannel, int>();
    }

    /// Which customers a report covers: all, or those of one strategy (as of the latest run) and/or one rep.
    public sealed record Filter(Strategy? Strategy = null, string? RepId = null);

    public sealed record CustomerMonth(string Number, string Name, int Orders, int TouchlessOrders, int PhoneOrders, decimal Revenue, decimal HandlingCostSaved);

    /// The figures of the last `months` months up to and including the current one, oldest first; every class has a
    /// row for every month, with zeros where nothing happened.
    public async Task<IReadOnlyList<Row>> MonthsAsync(int months, Filter filter, CancellationToken cancellationToken)
    {
        var settings = await settingsStore.LoadAsync(cancellationToken);
        var today = Dates.BusinessToday(time);
        var first = Dates.MonthOf(today).AddMonths(-(months - 1));
        var since = Dates.StartOfBusinessDay(first);

        var classOf = await Customers(filter).ToDictionaryAsync(c => c.Id, c => c.Segment, cancellationToken);
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.PlacedAt >= since && o.Status != OrderStatus.Cancelled)
            .Where(o => Customers(filter).Any(c => c.Id == o.CustomerId))
            .Select(o => new
            {
                o.Id,
                o.CustomerId,
                o.PlacedAt,
                o.Channel,
                Escalated = db.Escalations.Any(e => e.OrderId == o.Id),
            })
            .ToListAsync(cancellationToken);
        // Money is summed here, not in SQL: SQLite keeps decimals as text and cannot add them up exactly.
        var lines = (await db.OrderLines.AsNoTracking()
                .Where(l => db.Orders.Any(o => o.Id == l.OrderId && o.PlacedAt >= since && o.Status != OrderStatus.Cancelled
                    && Customers(filter).Any(c => c.Id == o.CustomerId)))
                .Select(l => new { l.OrderId, l.Quantity, l.UnitPrice, l.CostPrice })
                .ToListAsync(cancellationToken))
            .GroupBy(l => l.OrderId)
            .ToDictionary(g => g.Key, g => (
                Count: g.Count(),
                Revenue: g.Sum(l => l.Quantity * l.UnitPrice),
                RevenueWithCost: g.Where(l => l.CostPrice is not null).Sum(l => l.Quantity * l.UnitPrice),
                CostOfGoods: g.Where(l => l.CostPrice is not null).Sum(l => l.Quantity * l.CostPrice!.Value)));
        var noLines = (Count: 0, Revenue: 0m, RevenueWithCost: 0m, CostOfGoods: 0m);
        var escalations = await db.Escalations.AsNoTracking().Where(e => e.CreatedAt >= since && Customers(filter).Any(c => c.Id == e.CustomerId))
            .Select(e => new { e.CustomerId, e.CreatedAt }).ToListAsync(cancellationToken);
        var contacts = await db.Touches.AsNoTracking()
            .Where(t => t.At >= since && (t.Kind == TouchKind.Call || t.Kind == TouchKind.Visit) && Customers(filter).Any(c => c.Id == t.CustomerId))
            .Select(t => new { t.CustomerId, t.At, t.Kind }).ToListAsync(cancellationToken);

        Segment? SegmentOf(int customerId) => classOf.TryGetValue(customerId, out var segment) ? segment : null;

        var savedByBucket = (await handling.PerCustomerMonthAsync(Customers(filter), cancellationToken))
            .Where(s => s.Key.Month >= first && SegmentOf(s.Key.CustomerId) is not null)
            .GroupBy(s => (s.Key.Month, SegmentOf(s.Key.CustomerId)!.Value)).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));

        // One pass each: every order, escalation and contact into its (month, class) bucket.
        var ordersByBucket = orders.Where(o => SegmentOf(o.CustomerId) is not null)
            .ToLookup(o => (Dates.BusinessMonth(o.PlacedAt), SegmentOf(o.CustomerId)!.Value));
        var escalationsByBucket = escalations.Where(e => SegmentOf(e.CustomerId) is not null)
            .GroupBy(e => (Dates.BusinessMonth(e.CreatedAt), SegmentOf(e.CustomerId)!.Value)).ToDictionary(g => g.Key, g => g.Count());
        var contactsByBucket = contacts.Where(t => SegmentOf(t.CustomerId) is not null)
            .GroupBy(t => (Dates.BusinessMonth(t.At), SegmentOf(t.CustomerId)!.Value, t.Kind)).ToDictionary(g => g.Key, g => g.Count());

        var rows = new List<Row>();
        for (var month = first; month <= today; month = month.AddMonths(1))
        {
            foreach (var segment in new[] { Segment.A, Segment.B, Segment.C })
            {
                var inMonth = ordersByBucket[(month, segment)].ToList();
                var orderLines = inMonth.Select(o => lines.GetValueOrDefault(o.Id, noLines)).ToList();
                // The cost model is linear, so the month's class is costed as one customer with all its activity.
                var activity = new CustomerActivity
                {
                    Number = $"{month:yyyy-MM}-{segment}",
                    Revenue = orderLines.Sum(l => l.Revenue),
                    RevenueWithCost = orderLines.Sum(l => l.RevenueWithCost),
                    CostOfGoods = orderLines.Sum(l => l.CostOfGoods),
                    OrdersByChannel = inMonth.GroupBy(o => o.Channel).ToDictionary(g => g.Key, g => g.Count()),
                    Lines = orderLines.Sum(l => l.Count),
                    Escalations = escalationsByBucket.GetValueOrDefault((month, segment)),
                    Calls = contactsByBucket.GetValueOrDefault((month, segment, TouchKind.Call)),
                    Visits = contactsByBucket.GetValueOrDefault((month, segment, TouchKind.Visit)),
                };
                var cost = Money.Round(SegmentationModel.CostToServe(activity, settings).Total);
                var margin = SegmentationModel.Margin(activity, settings);
                rows.Add(new Row(
                    month,
                    segment,
                    inMonth.Count,
                    inMonth.Count(o => o.Channel.IsSelfService() && !o.Escalated),
                    cost,
                    Money.Round(activity.Revenue),
                    Money.Round(margin - cost))
                {
                    HandlingCostSaved = savedByBucket.GetValueOrDefault((month, segment)),
                    OrdersByChannel = activity.OrdersByChannel,
                });
            }
        }

        return rows;
    }

    /// The customers of one class behind a month's figures: what each ordered and how.
    public async Task<IReadOnlyList<CustomerMonth>> CustomersAsync(DateOnly month, Segment segment, Filter filter, CancellationToken cancellationToken)
    {
        var first = Dates.MonthOf(month);
        var from = Dates.StartOfBusinessDay(first);
        var to = Dates.StartOfBusinessDay(first.AddMonths(1));
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.PlacedAt >= from && o.PlacedAt < to && o.Status != OrderStatus.Cancelled)
            .Where(o => Customers(filter).Any(c => c.Id == o.CustomerId && c.Segment == segment))
            .Select(o => new { o.Id, o.CustomerId, o.Channel, Escalated = db.Escalations.Any(e => e.OrderId == o.Id) })
            .ToListAsync(cancellationToken);
        var ids = orders.Select(o => o.Id).ToList();
        var revenue = (await db.OrderLines.AsNoTracking().Where(l => ids.Contains(l.OrderId))
                .Select(l => new { l.OrderId, l.Quantity, l.UnitPrice }).ToListAsync(cancellationToken))
            .GroupBy(l => l.OrderId).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity * l.UnitPrice));
        // A customer that only needed handling that month (a visit, an escalation) is behind the month's saving too.
        var saved = (await handling.PerCustomerMonthAsync(Customers(filter).Where(c => c.Segment == segment), cancellationToken))
            .Where(s => s.Key.Month == first).ToDictionary(s => s.Key.CustomerId, s => s.Value);
        var customerIds = orders.Select(o => o.CustomerId).Concat(saved.Keys).Distinct().ToList();
        var names = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => (c.Number, c.Name), cancellationToken);
        var byCustomer = orders.ToLookup(o => o.CustomerId);
        return customerIds
            .Select(id => new CustomerMonth(
                names[id].Number,
                names[id].Name,
                byCustomer[id].Count(),
                byCustomer[id].Count(o => o.Channel.IsSelfService() && !o.Escalated),
                byCustomer[id].Count(o => o.Channel == OrderChannel.Phone),
                Money.Round(byCustomer[id].Sum(o => revenue.GetValueOrDefault(o.Id))),
                saved.GetValueOrDefault(id)))
            .OrderByDescending(c => c.Orders - c.TouchlessOrders).ThenBy(c => c.Name, StringComparer.CurrentCulture)
            .ToList();
    }

    /// The reps customers are assigned to, for the filter.
    public async Task<IReadOnlyList<(string Id, string Name)>> RepsAsync(CancellationToken cancellationToken) =>
        (await db.Users.AsNoTracking().Where(u => db.Customers.Any(c => c.AssignedRepId == u.Id))
            .Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken))
        .Select(u => (u.Id, u.DisplayName)).OrderBy(u => u.DisplayName, StringComparer.CurrentCulture).ToList();

    private IQueryable<Customer> Customers(Filter filter)
    {
        var customers = db.Customers.AsNoTracking();
        if (filter.Strategy is { } strategy)
        {
            customers = customers.Where(c => db.CustomerFigures.Any(f => f.CustomerId == c.Id && f.Strategy == strategy));
        }

        if (filter.RepId is { Length: > 0 } rep)
        {
            customers = customers.Where(c => c.AssignedRepId == rep);
        }

        return customers;
    }

    public sealed record AdoptionRow(string Number, string Name, DateTimeOffset? LastSelfService, DateTimeOffset? LastPhone)
    {
        public bool SelfServing(DateTimeOffset since) => LastSelfService >= since;
    }

    /// Today's C customers behind the adoption figure: when each last ordered online and by phone; those not yet
    /// online first (the ones to help), then by name.
    public async Task<(DateTimeOffset Since, IReadOnlyList<AdoptionRow> Customers)> AdoptionAsync(CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().AddDays(-90);
        var live = db.Orders.Where(o => o.Status != OrderStatus.Cancelled);
        var rows = await db.Customers.AsNoTracking().Where(c => c.Segment == Segment.C)
            .Select(c => new
            {
                c.Number,
                c.Name,
                SelfService = live.Where(o => o.CustomerId == c.Id && o.Channel != OrderChannel.Phone).Select(o => o.PlacedAt).ToList(),
                Phone = live.Where(o => o.CustomerId == c.Id && o.Channel == OrderChannel.Phone).Select(o => o.PlacedAt).ToList(),
            })
            .ToListAsync(cancellationToken);
        return (since, rows
            .Select(r => new AdoptionRow(r.Number, r.Name, r.SelfService.Count == 0 ? null : r.SelfService.Max(), r.Phone.Count == 0 ? null : r.Phone.Max()))
            .OrderBy(r => r.SelfServing(since)).ThenBy(r => r.Name, StringComparer.CurrentCulture)
            .ToList());
    }

    /// The share of today's C customers with at least one self-service order in the last 90 days.
    public Task<(int Customers, int SelfServing)> SelfServiceAdoptionAsync(CancellationToken cancellationToken) =>
        SelfServiceAdoptionAsync(null, cancellationToken);

    /// The same in the 90 days before a moment (a month's end, for the monthly summary); null is now.
    public async Task<(int Customers, int SelfServing)> SelfServiceAdoptionAsync(DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        var since = (asOf ?? time.GetUtcNow()).AddDays(-90);
        var orders = db.Orders.Where(o => o.PlacedAt >= since && o.Status != OrderStatus.Cancelled && o.Channel != OrderChannel.Phone);
        if (asOf is { } until)
        {
            orders = orders.Where(o => o.PlacedAt < until);
        }

        var small = db.Customers.AsNoTracking().Where(c => c.Segment == Segment.C);
        var customers = await small.CountAsync(cancellationToken);
        var selfServing = await small.CountAsync(c => orders.Any(o => o.CustomerId == c.Id), cancellationToken);
        return (customers, selfServing);
    }
}
