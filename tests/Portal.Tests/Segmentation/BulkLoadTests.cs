using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Customers;
using Portal.Data;
using Portal.Segmentation;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Segmentation;

/// The first segmentation run's bulk load on PostgreSQL drops the table's foreign keys and secondary indexes for the
/// copy and puts them back in the same transaction: the schema is the same afterwards, every row is still checked
/// against the customers, and a rollback leaves the constraints as they were.
[Trait("Category", "Postgres")]
public sealed class BulkLoadTests : IAsyncDisposable
{
    private readonly PortalFactory portal = new(DatabaseKind.Postgres, seedDemo: false);

    [Fact]
    public async Task A_bulk_load_keeps_the_foreign_keys_and_indexes_and_stores_every_row()
    {
        var before = await SchemaAsync();
        Assert.Contains(before, d => d.Contains("FOREIGN KEY (\"CustomerId\") REFERENCES \"Customers\"(\"Id\") ON DELETE CASCADE", StringComparison.Ordinal));

        var ids = await CustomersAsync(3);
        await portal.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.LoadAsync(ids.Select(Figures).ToList(), CancellationToken.None);
            await transaction.CommitAsync();
            return 0;
        });

        Assert.Equal(before, await SchemaAsync());
        Assert.Equal(ids.Order(), await portal.WithDbAsync(db => db.CustomerFigures.Select(f => f.CustomerId).Order().ToListAsync()));
        // The foreign key is in force again: deleting a customer cascades to its figures.
        await portal.WithDbAsync(db => db.Customers.Where(c => c.Id == ids[0]).ExecuteDeleteAsync());
        Assert.Equal(2, await portal.WithDbAsync(db => db.CustomerFigures.CountAsync()));
    }

    [Fact]
    public async Task A_row_for_a_customer_that_does_not_exist_fails_the_load_and_the_rollback_keeps_the_constraints()
    {
        var before = await SchemaAsync();
        var ids = await CustomersAsync(2);
        var error = await Assert.ThrowsAsync<PostgresException>(() => portal.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.LoadAsync(ids.Append(ids.Max() + 1000).Select(Figures).ToList(), CancellationToken.None);
            await transaction.CommitAsync();
            return 0;
        }));

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
        Assert.Equal(before, await SchemaAsync());
        Assert.Equal(0, await portal.WithDbAsync(db => db.CustomerFigures.CountAsync()));
    }

    [Fact]
    public async Task A_bulk_load_outside_a_transaction_is_refused()
    {
        var ids = await CustomersAsync(1);
        await Assert.ThrowsAsync<InvalidOperationException>(() => portal.WithDbAsync(async db =>
            await db.LoadAsync(ids.Select(Figures).ToList(), CancellationToken.None)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rows_copied_in_bulk_are_stored_as_ef_stores_them(bool nulls)
    {
        var ids = await CustomersAsync(2);
        await portal.WithDbAsync(async db =>
        {
            db.CustomerFigures.Add(Full(ids[0], nulls));
            await db.SaveChangesAsync();
            return await db.InsertAsync([Full(ids[1], nulls)], CancellationToken.None);
        });

        // Every column as the database holds it, but the customer.
        var stored = await portal.WithDbAsync(db => db.Database.SqlQueryRaw<string>("""
            SELECT (to_jsonb(f) - 'CustomerId')::text AS "Value" FROM "CustomerFigures" AS f ORDER BY "CustomerId"
            """).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.Equal(stored[0], stored[1]);
        Assert.Contains(nulls ? "\"KnownPotential\": null" : "\"KnownPotential\": 1234.57", stored[1], StringComparison.Ordinal);
        var back = await portal.WithDbAsync(db => db.CustomerFigures.AsNoTracking().SingleAsync(f => f.CustomerId == ids[1]));
        var written = Full(ids[1], nulls);
        Assert.Equal((written.Mode, written.ComputedSegment, written.Strategy, written.ComputedAt, written.Digest, written.SegmentReason, written.Margin, written.MedianIntervalDays),
            (back.Mode, back.ComputedSegment, back.Strategy, back.ComputedAt, back.Digest, back.SegmentReason, back.Margin, back.MedianIntervalDays));
    }

    /// Figures with every column set (or every nullable one null), values as a run rounds them.
    private static CustomerFigures Full(int customerId, bool nulls) => new()
    {
        CustomerId = customerId,
        RunId = 7,
        AsOf = new DateOnly(2026, 11, 26),
        Mode = SegmentationMode.Pareto,
        Revenue = 98765.43m,
        KnownPotential = nulls ? null : 1234.57m,
        Potential = -0.5m,
        Basis = 100m,
        OrderCost = 1.01m,
        LineCost = 2.02m,
        EscalationCost = 3.03m,
        CallCost = 4.04m,
        VisitCost = 5.05m,
        CostToServe = 15.15m,
        Margin = 12345678.9m,
        Contribution = -42.42m,
        Orders = 12,
        PhoneOrders = 3,
        Lines = 140,
        Escalations = 1,
        Calls = 2,
        Visits = 0,
        LastPurchase = nulls ? null : new DateOnly(2026, 11, 20),
        MedianIntervalDays = nulls ? null : 12.5m,
        ComputedSegment = Segment.A,
        RevenueSegment = Segment.B,
        Strategy = Strategy.Develop,
        SegmentReason = "reason with ümlaut, 'quotes', a tab\tand a backslash \\",
        ComputedAt = new DateTimeOffset(2026, 11, 26, 5, 0, 0, 123, TimeSpan.Zero).AddTicks(4560),
        Digest = long.MinValue + 1,
    };

    public async ValueTask DisposeAsync() => await portal.DisposeAsync();

    private async Task<List<int>> CustomersAsync(int count) => await portal.WithDbAsync(async db =>
    {
        var customers = Enumerable.Range(1, count).Select(i => new Customer { Number = $"L{i}", Name = $"Load {i}" }).ToList();
        db.Customers.AddRange(customers);
        await db.SaveChangesAsync();
        return customers.Select(c => c.Id).ToList();
    });

    /// The figures table's constraints and indexes as the database defines them.
    private Task<List<string>> SchemaAsync() => portal.WithDbAsync(db => db.Database.SqlQueryRaw<string>("""
        SELECT conname || ' ' || pg_get_constraintdef(oid) AS "Value" FROM pg_constraint WHERE conrelid = '"CustomerFigures"'::regclass
        UNION ALL
        SELECT indexdef FROM pg_indexes WHERE tablename = 'CustomerFigures'
        ORDER BY 1
        """).ToListAsync());

    private static CustomerFigures Figures(int customerId) => new()
    {
        CustomerId = customerId,
        RunId = 1,
        AsOf = new DateOnly(2026, 11, 26),
        Mode = SegmentationMode.Threshold,
        Revenue = 100m,
        Potential = 100m,
        Basis = 100m,
        ComputedSegment = Segment.B,
        RevenueSegment = Segment.C,
        Strategy = Strategy.Develop,
        SegmentReason = "test",
        ComputedAt = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero),
    };
}
