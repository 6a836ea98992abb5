using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Catalogs;
using Portal.Customers;
using Portal.Data;
using Portal.Localization;
using Portal.Ordering;
using Portal.Sales;
using Portal.Segmentation;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Segmentation;

/// The run against a real database: what the SQL sums up (the window's edges to the second, cancelled orders,
/// returns, cost prices, escalations, calls and visits) and what a stored run leaves behind.
public abstract class SegmentationRunTests(DatabaseKind kind) : IAsyncLifetime, IDisposable
{
    private static readonly DateOnly AsOf = new(2010, 12, 9);
    private readonly PortalFactory portal = new(kind, seedDemo: false);

    public Task InitializeAsync()
    {
        _ = portal.Services;
        return Task.CompletedTask;
    }

    private static DateTimeOffset Local(int year, int month, int day, int hour = 12, int minute = 0, int second = 0) =>
        Dates.FromBusinessTime(new DateTime(year, month, day, hour, minute, second));

    private async Task<int> CustomerAsync(string number, decimal? potential = null, Segment segment = Segment.C) =>
        await portal.WithDbAsync(async db =>
        {
            var customer = new Customer { Number = number, Name = $"Customer {number}", Potential = potential, Segment = segment };
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            return customer.Id;
        });

    private async Task OrderAsync(int customerId, string number, DateTimeOffset placedAt, OrderChannel channel, params (int Quantity, decimal Price, decimal? Cost)[] lines) =>
        await OrderAsync(customerId, number, placedAt, channel, OrderStatus.Completed, lines);

    private async Task OrderAsync(int customerId, string number, DateTimeOffset placedAt, OrderChannel channel, OrderStatus status, params (int Quantity, decimal Price, decimal? Cost)[] lines) =>
        await portal.WithDbAsync(async db =>
        {
            db.Orders.Add(new Order
            {
                Number = number,
                CustomerId = customerId,
                PlacedAt = placedAt,
                Channel = channel,
                Status = status,
                Lines = lines.Select((l, i) => new OrderLine { LineNumber = i + 1, Sku = $"S{i}", Description = "x", Quantity = l.Quantity, UnitPrice = l.Price, CostPrice = l.Cost, LineNet = l.Quantity * l.Price }).ToList(),
            });
            return await db.SaveChangesAsync();
        });

    private async Task<SegmentationOutcome> RunAsync(bool dryRun, SegmentationMode mode = SegmentationMode.Threshold, DateOnly? asOf = null)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        if (dryRun)
        {
            return await scope.ServiceProvider.GetRequiredService<SegmentationRunner>().RunAsync(new SegmentationRequest(asOf ?? AsOf, mode, DryRun: true), null, default);
        }

        var runs = scope.ServiceProvider.GetRequiredService<SegmentationRuns>();
        var run = await runs.StartAsync(SegmentationTrigger.CommandLine, SegmentationRunStatus.Running, asOf ?? AsOf, mode, "test", default);
        return await runs.ExecuteAsync(run!, null, null, failSilently: false, default);
    }

    [Fact]
    public async Task The_window_counts_order_days_after_as_of_minus_12_months_up_to_as_of_without_cancelled_orders_and_with_returns()
    {
        var id = await CustomerAsync("K1");
        await OrderAsync(id, "before", Local(2009, 12, 9, 23, 59, 59), OrderChannel.Shop, (1, 1000m, null));
        await OrderAsync(id, "first", Local(2009, 12, 10, 0, 0, 0), OrderChannel.Shop, (1, 100m, 60m));
        await OrderAsync(id, "last", Local(2010, 12, 9, 23, 59, 59), OrderChannel.ReorderList, (2, 25m, null), (1, 50m, null));
        await OrderAsync(id, "after", Local(2010, 12, 10, 0, 0, 0), OrderChannel.Shop, (1, 5000m, null));
        await OrderAsync(id, "cancelled", Local(2010, 6, 1), OrderChannel.Phone, OrderStatus.Cancelled, (1, 7000m, null));
        await OrderAsync(id, "C-return", Local(2010, 7, 1), OrderChannel.Phone, (-1, 30m, null));
        await portal.WithDbAsync(async db =>
        {
            db.Escalations.AddRange(
                new Escalation { CustomerId = id, Reason = "in", CreatedAt = Local(2010, 5, 1), DueAt = Local(2010, 5, 2) },
                new Escalation { CustomerId = id, Reason = "out", CreatedAt = Local(2009, 11, 1), DueAt = Local(2009, 11, 2) });
            db.Touches.AddRange(
                new Touch { CustomerId = id, Kind = TouchKind.Call, At = Local(2010, 5, 2) },
                new Touch { CustomerId = id, Kind = TouchKind.Visit, At = Local(2010, 5, 3) },
                new Touch { CustomerId = id, Kind = TouchKind.Note, At = Local(2010, 5, 4) },
                new Touch { CustomerId = id, Kind = TouchKind.Call, At = Local(2010, 12, 10, 0, 0, 1) });
            return await db.SaveChangesAsync();
        });

        var row = Assert.Single((await RunAsync(dryRun: true)).Rows);

        // 100 + (2 × 25 + 50) − 30; the line with a cost price earns 40, the rest 70 × 0.30.
        Assert.Equal(170m, row.Evaluation.Revenue);
        Assert.Equal(40m + 21m, row.Evaluation.Margin);
        // Shop 2.00 + reorder list 2.00 + phone 25.00 + 4 lines × 0.50 + escalation 15 + call 8 + visit 120.
        Assert.Equal(new CostToServe(29m, 2m, 15m, 8m, 120m), row.Evaluation.CostToServe);
        Assert.Equal(61m - 174m, row.Evaluation.Contribution);
        Assert.Equal(new DateOnly(2010, 12, 9), row.Evaluation.LastPurchase);
    }

    [Fact]
    public async Task A_stored_run_records_figures_history_the_effective_class_and_actions_and_a_second_run_changes_nothing()
    {
        var key = await CustomerAsync("A1");
        var develop = await CustomerAsync("D1", potential: 80_000m);
        var small = await CustomerAsync("C1", segment: Segment.A);
        await OrderAsync(key, "1", Local(2010, 3, 1), OrderChannel.Shop, (10, 6_000m, null));
        await OrderAsync(develop, "2", Local(2010, 3, 1), OrderChannel.Shop, (1, 500m, null));
        foreach (var (month, channel) in new[] { (2, OrderChannel.Phone), (4, OrderChannel.Phone), (6, OrderChannel.Shop) })
        {
            await OrderAsync(small, $"3-{month}", Local(2010, month, 1), channel, (1, 40m, null));
        }

        var first = await RunAsync(dryRun: false);
        var second = await RunAsync(dryRun: false);

        var (customers, figures, history, actions) = await portal.WithDbAsync(async db => (
            await db.Customers.OrderBy(c => c.Number).ToDictionaryAsync(c => c.Number, c => c.Segment),
            await db.CustomerFigures.ToDictionaryAsync(f => f.CustomerId),
            await db.CustomerSegmentChanges.OrderBy(c => c.Id).ToListAsync(),
            await db.SegmentationActions.OrderBy(a => a.Id).ToListAsync()));
        Assert.Equal(Segment.A, customers["A1"]);
        Assert.Equal(Segment.A, customers["D1"]);
        Assert.Equal(Segment.C, customers["C1"]);
        Assert.Equal((Strategy.KeyAccount, 60_000m), (figures[key].Strategy, figures[key].Revenue));
        Assert.Equal((Strategy.Develop, Segment.C, 80_000m), (figures[develop].Strategy, figures[develop].RevenueSegment, figures[develop].Basis));
        Assert.Equal((3, 2), (figures[small].Orders, figures[small].PhoneOrders));
        Assert.Equal(3, first.Changes);
        Assert.Equal(0, second.Changes);
        Assert.True(history.Count == 3, string.Join("\n", history.Select(h => $"{h.CustomerId} {h.FromSegment}->{h.ToSegment} {h.FromStrategy}->{h.ToStrategy} {h.RunId} {h.Reason}")));
        var downgrade = history.Single(h => h.CustomerId == small);
        Assert.Equal((Segment.A, Segment.C, (Strategy?)null, (Strategy?)Strategy.SelfService), (downgrade.FromSegment, downgrade.ToSegment, downgrade.FromStrategy, downgrade.ToStrategy));
        Assert.Contains("below the small-customer threshold 1,960.00", downgrade.Reason);
        // C1: 2 of 3 orders by phone, contribution 36 − 55.5 < 0, and silent since June with a 59-day rhythm.
        Assert.Equal([SegmentationActionKind.MoveToSelfService, SegmentationActionKind.ReviewTerms, SegmentationActionKind.Reactivate], actions.Where(a => a.CustomerId == small).Select(a => a.Kind));
        Assert.Equal(0, second.ActionsCreated);
        Assert.All(actions, a => Assert.Equal(SegmentationActionStatus.Open, a.Status));
    }

    [Fact]
    public async Task A_run_rewrites_only_the_figures_that_changed_and_a_rewritten_row_carries_the_new_figures()
    {
        var same = await CustomerAsync("S1");
        var moved = await CustomerAsync("S2");
        var silent = await CustomerAsync("S3");
        await OrderAsync(same, "1", Local(2010, 3, 1), OrderChannel.Shop, (1, 500m, null));
        await OrderAsync(moved, "2", Local(2010, 3, 1), OrderChannel.Shop, (1, 500m, null));
        await RunAsync(dryRun: false);
        var before = await portal.WithDbAsync(db => db.CustomerFigures.AsNoTracking().ToDictionaryAsync(f => f.CustomerId));
        await OrderAsync(moved, "3", Local(2010, 12, 9), OrderChannel.Phone, (3, 2_000m, 1_500m));

        var second = await RunAsync(dryRun: false);

        var (runs, after) = await portal.WithDbAsync(async db => (
            await db.SegmentationRuns.OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(),
            await db.CustomerFigures.AsNoTracking().ToDictionaryAsync(f => f.CustomerId)));
        Assert.Equal(2, runs.Count);
        // Unchanged: the rows as the first run wrote them.
        Assert.All(new[] { same, silent }, id => Assert.Equal((runs[0], before[id].ComputedAt, before[id].Revenue), (after[id].RunId, after[id].ComputedAt, after[id].Revenue)));
        // Changed: 500 + 3 × 2,000, two orders (one by phone), now class B; the history has the move.
        var row = after[moved];
        Assert.Equal((runs[1], 6_500m, 2, 1, Segment.B, Strategy.InsideSales), (row.RunId, row.Revenue, row.Orders, row.PhoneOrders, row.ComputedSegment, row.Strategy));
        Assert.Equal(500m * 0.3m + 3 * 500m, row.Margin);
        Assert.Equal(1, second.Changes);
        Assert.Equal(3, await portal.WithDbAsync(db => db.CustomerFigures.CountAsync()));
    }

    [Fact]
    public async Task A_row_whose_digest_does_not_match_its_figures_is_rewritten_by_the_next_run()
    {
        var kept = await CustomerAsync("D1");
        var stale = await CustomerAsync("D2");
        await OrderAsync(kept, "1", Local(2010, 3, 1), OrderChannel.Shop, (1, 500m, null));
        await OrderAsync(stale, "2", Local(2010, 3, 1), OrderChannel.Shop, (1, 500m, null));
        await RunAsync(dryRun: false);
        // As a row written before the digest existed, or one whose figures were changed behind the run's back.
        await portal.WithDbAsync(db => db.CustomerFigures.Where(f => f.CustomerId == stale).ExecuteUpdateAsync(u => u.SetProperty(f => f.Digest, 0L).SetProperty(f => f.Revenue, 1m)));

        await RunAsync(dryRun: false);

        var (runs, after) = await portal.WithDbAsync(async db => (
            await db.SegmentationRuns.OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(),
            await db.CustomerFigures.AsNoTracking().ToDictionaryAsync(f => f.CustomerId)));
        Assert.Equal((runs[0], 500m), (after[kept].RunId, after[kept].Revenue));
        Assert.Equal((runs[1], 500m), (after[stale].RunId, after[stale].Revenue));
        Assert.Equal(after[kept].Digest, after[stale].Digest);
    }

    [Fact]
    public async Task An_override_sets_the_class_at_once_keeps_the_computed_one_beside_it_and_ends_on_its_day()
    {
        var id = await CustomerAsync("O1");
        await OrderAsync(id, "1", Local(2010, 3, 1), OrderChannel.Shop, (1, 90_000m, null));
        await RunAsync(dryRun: false);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SegmentOverrides>().SetAsync(id, Segment.B, "new buyer, volume drops", new DateOnly(2010, 12, 20), "Sabine", default);
        }

        var during = await RunAsync(dryRun: false, asOf: new DateOnly(2010, 12, 20));
        var afterwards = await RunAsync(dryRun: false, asOf: new DateOnly(2010, 12, 21));

        Assert.Equal((Segment.A, (Segment?)Segment.B, Segment.B), (during.Rows[0].Evaluation.Segment, during.Rows[0].Override, during.Rows[0].Effective));
        Assert.Equal(Strategy.InsideSales, during.Rows[0].Evaluation.Strategy);
        Assert.Equal(Strategy.KeyAccount, during.Rows[0].ComputedStrategy);
        Assert.Equal((Segment.A, (Segment?)null), (afterwards.Rows[0].Effective, afterwards.Rows[0].Override));
        var customer = await portal.WithDbAsync(db => db.Customers.SingleAsync(c => c.Id == id));
        Assert.Equal((Segment.A, (Segment?)null, (string?)null), (customer.Segment, customer.SegmentOverride, customer.OverrideReason));
        var history = await portal.WithDbAsync(db => db.CustomerSegmentChanges.Where(h => h.CustomerId == id).OrderBy(h => h.Id).ToListAsync());
        Assert.Equal([(Segment.C, Segment.A), (Segment.A, Segment.B), (Segment.B, Segment.A)], history.Select(h => (h.FromSegment!.Value, h.ToSegment)));
        Assert.Equal(("override until 2010-12-20: new buyer, volume drops", "Sabine"), (history[1].Reason, history[1].ChangedBy));
        Assert.StartsWith("override ended on 2010-12-20", history[2].Reason);
    }

    [Fact]
    public async Task An_override_saved_while_a_run_reads_is_kept_and_the_run_leaves_that_customer_to_the_next()
    {
        var id = await CustomerAsync("K9");
        var other = await CustomerAsync("K10");
        await OrderAsync(id, "big", Local(2010, 6, 1), OrderChannel.Shop, (1, 60_000m, null));
        await OrderAsync(other, "big-2", Local(2010, 6, 1), OrderChannel.Shop, (1, 60_000m, null));
        await using var scope = portal.Services.CreateAsyncScope();
        var run = await scope.ServiceProvider.GetRequiredService<SegmentationRuns>()
            .StartAsync(SegmentationTrigger.CommandLine, SegmentationRunStatus.Running, AsOf, null, "test", default);

        // Staff set K9's class after the run has read the customers and before it stores (it computes A for both).
        await scope.ServiceProvider.GetRequiredService<SegmentationRunner>().RunAsync(new SegmentationRequest(AsOf, RunId: run!.Id), async progress =>
        {
            if (progress.Stage == "Classifying")
            {
                await using var staff = portal.Services.CreateAsyncScope();
                await staff.ServiceProvider.GetRequiredService<SegmentOverrides>().SetAsync(id, Segment.B, "agreed with the owner", null, "sales@portal.example", default);
            }
        }, default);

        var (customer, figures, last) = await portal.WithDbAsync(async db => (
            await db.Customers.AsNoTracking().SingleAsync(c => c.Id == id),
            await db.CustomerFigures.AsNoTracking().AnyAsync(f => f.CustomerId == id),
            await db.CustomerSegmentChanges.AsNoTracking().Where(c => c.CustomerId == id).OrderByDescending(c => c.Id).FirstAsync()));
        Assert.Equal(Segment.B, customer.Segment);
        Assert.Equal(Segment.B, customer.SegmentOverride);
        Assert.Equal(Segment.B, last.ToSegment);
        Assert.StartsWith("override", last.Reason);
        Assert.False(figures);
        Assert.Equal(Segment.A, await portal.WithDbAsync(db => db.Customers.Where(c => c.Id == other).Select(c => c.Segment).SingleAsync()));
    }

    [Fact]
    public async Task Moving_to_C_puts_a_customer_on_the_small_customer_catalog()
    {
        var id = await CustomerAsync("M1", segment: Segment.A);
        await OrderAsync(id, "1", Local(2010, 3, 1), OrderChannel.Shop, (1, 100m, null));
        var (small, big) = await portal.WithDbAsync(async db =>
        {
            var category = new Category { Name = "Paint", Slug = "paint" };
            var smallPack = new PackSize { Sku = "P-1L", Name = "1 l" };
            var bigPack = new PackSize { Sku = "P-12L", Name = "12 l" };
            var product = new Product { Name = "Paint", BaseUnit = "l", Category = category, PackSizes = [smallPack, bigPack] };
            db.Products.Add(product);
            await db.SaveChangesAsync();
            var full = new Catalog { Code = "FULL", Name = "Full", Items = [new CatalogItem { ProductId = product.Id }], Assignments = [new CatalogAssignment { Segment = Segment.A }, new CatalogAssignment { Segment = Segment.B }] };
            var smallCatalog = new Catalog { Code = "SMALL", Name = "Small", Items = [new CatalogItem { ProductId = product.Id, PackSizeId = smallPack.Id }], Assignments = [new CatalogAssignment { Segment = Segment.C }] };
            db.Catalogs.AddRange(full, smallCatalog);
            await db.SaveChangesAsync();
            return (smallPack.Id, bigPack.Id);
        });
        Task<List<int>> VisibleAsync() => portal.WithDbAsync(db => new CatalogAccess(db).VisiblePackSizes(id).Select(s => s.Id).OrderBy(s => s).ToListAsync());
        var before = await VisibleAsync();

        await RunAsync(dryRun: false);

        Assert.Equal([small, big], before);
        Assert.Equal([small], await VisibleAsync());
    }

    [Fact]
    public async Task Pareto_mode_on_the_database_ranks_ties_by_customer_number()
    {
        foreach (var number in new[] { "9", "10", "11", "12", "8" })
        {
            var id = await CustomerAsync(number);
            await OrderAsync(id, $"o{number}", Local(2010, 5, 5), OrderChannel.Shop, (1, 100m, null));
        }

        var rows = (await RunAsync(dryRun: true, SegmentationMode.Pareto)).Rows.ToDictionary(r => r.Number, r => r.Evaluation.Segment);

        // Ranked "10", "11", "12", "8", "9" (ordinal): S = 0 … 400 of T = 500. The first four are below 400 (A);
        // "9" has S = 400, not below 0.8 × 500, but below 0.95 × 500 (B).
        Assert.Equal([Segment.A, Segment.A, Segment.A, Segment.A, Segment.B], new[] { "10", "11", "12", "8", "9" }.Select(n => rows[n]));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        portal.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteSegmentationRunTests() : SegmentationRunTests(DatabaseKind.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresSegmentationRunTests() : SegmentationRunTests(DatabaseKind.Postgres);
