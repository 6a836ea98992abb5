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

    [Fact]
    public async Task Our_binary_copy_encoding_stores_every_value_as_npgsqls_encoding_does()
    {
        decimal[] amounts =
        [
            0m, 0.00m, 1m, -1m, 0.01m, -0.01m, 0.5m, 9999m, 10000m, 10000.0001m, 12345678.9m, -98765.4321m,
            0.0001m, 0.00001m, 1e-28m, 100000000m, 123456789012345678.12m, decimal.MaxValue, decimal.MinValue, 1.10m, 2.000m,
        ];
        DateOnly[] days = [new(2000, 1, 1), new(1999, 12, 31), new(2026, 11, 26), new(1, 1, 1), new(9999, 12, 31), DateOnly.MinValue, DateOnly.MaxValue];
        DateTimeOffset[] moments =
        [
            new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 5, 0, 0, 123, TimeSpan.Zero).AddTicks(4567),
            new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(-7), new(2026, 3, 29, 3, 30, 0, TimeSpan.FromHours(2)), DateTimeOffset.MinValue, DateTimeOffset.MaxValue,
        ];
        string[] texts = ["", "plain", "ümlaut – €, 'quotes', a tab\tand a backslash \\", "日本語", new string('x', 5000)];
        var rows = Enumerable.Range(0, Math.Max(amounts.Length, Math.Max(days.Length, Math.Max(moments.Length, texts.Length)))).Select(i => (
            Id: i, Amount: amounts[i % amounts.Length], Day: days[i % days.Length], At: moments[i % moments.Length],
            Text: texts[i % texts.Length], Flag: i % 2 == 0, Big: long.MinValue + i, Null: i % 3 == 0)).ToList();

        var stored = await portal.WithDbAsync(async db =>
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await connection.OpenAsync();
            foreach (var table in new[] { "ours", "npgsql" })
            {
                await using var create = new NpgsqlCommand($"CREATE TEMP TABLE {table} (id integer, amount numeric, day date, at timestamp with time zone, text text, flag boolean, big bigint, nothing numeric)", connection);
                await create.ExecuteNonQueryAsync();
            }

            var ours = new PgCopyWriter(8);
            foreach (var row in rows)
            {
                ours.StartRow();
                ours.Write(row.Id);
                ours.Write(row.Amount);
                ours.Write(row.Day);
                ours.Write(row.At);
                ours.Write(row.Text);
                ours.Write(row.Flag);
                ours.Write(row.Big);
                if (row.Null)
                {
                    ours.WriteNull();
                }
                else
                {
                    ours.Write(row.Amount);
                }
            }

            ours.End();
            await using (var stream = await connection.BeginRawBinaryCopyAsync("COPY ours FROM STDIN (FORMAT BINARY)"))
            {
                stream.Write(ours.Written);
            }

            await using (var importer = await connection.BeginBinaryImportAsync("COPY npgsql FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var row in rows)
                {
                    await importer.StartRowAsync();
                    await importer.WriteAsync(row.Id, "integer");
                    await importer.WriteAsync(row.Amount, "numeric");
                    await importer.WriteAsync(row.Day, "date");
                    await importer.WriteAsync(row.At.ToUniversalTime(), "timestamp with time zone");
                    await importer.WriteAsync(row.Text, "text");
                    await importer.WriteAsync(row.Flag, "boolean");
                    await importer.WriteAsync(row.Big, "bigint");
                    await (row.Null ? importer.WriteNullAsync() : importer.WriteAsync(row.Amount, "numeric"));
                }

                await importer.CompleteAsync();
            }

            var tables = new List<List<string>>();
            foreach (var table in new[] { "ours", "npgsql" })
            {
                await using var select = new NpgsqlCommand($"SELECT concat_ws('|', id, amount, day, at AT TIME ZONE 'UTC', md5(text), flag, big, coalesce(nothing::text, 'null')) FROM {table} ORDER BY id", connection);
                await using var reader = await select.ExecuteReaderAsync();
                var lines = new List<string>();
                while (await reader.ReadAsync())
                {
                    lines.Add(reader.GetString(0));
                }

                tables.Add(lines);
            }

            return tables;
        });

        Assert.Equal(rows.Count, stored[0].Count);
        Assert.Equal(stored[1], stored[0]);
        // And as written: the decimals with their scale, the days and moments (infinity at either end).
        Assert.Equal(amounts.Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture)), stored[0].Take(amounts.Length).Select(l => l.Split('|')[1]));
        Assert.Equal(["-infinity", "infinity"], stored[0].Select(l => l.Split('|')[2]).Where(d => d.EndsWith("infinity", StringComparison.Ordinal)).Distinct().Order());
        Assert.Equal(["-infinity", "infinity"], stored[0].Select(l => l.Split('|')[3]).Where(d => d.EndsWith("infinity", StringComparison.Ordinal)).Distinct().Order());
        Assert.Contains(stored[0], l => l.Contains("|1999-12-31|", StringComparison.Ordinal) && l.Contains("|2026-11-26 05:00:00.123456|", StringComparison.Ordinal));
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
