using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;
using Portal.Segmentation;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Segmentation;

/// The bulk insert behind the segmentation's results (SQLite: bound by position through SQLite's own API) stores
/// every value exactly as EF's own SaveChanges does: the same text for decimals and days, nulls, enums as text,
/// so the rows read back and compare in SQL like rows EF wrote.
public sealed class BulkInsertTests : IDisposable
{
    private readonly PortalFactory portal = new(DatabaseKind.Sqlite, seedDemo: false);

    public static TheoryData<decimal> Amounts => [0m, 12m, 12.50m, -0.5m, 1234567.8912m, 0.0001m, -98765.4300m, 100m, 79228162514264.3375m];

    [Theory]
    [MemberData(nameof(Amounts))]
    public async Task Rows_written_in_bulk_are_stored_as_ef_stores_them(decimal amount)
    {
        var (viaEf, viaBulk) = await portal.WithDbAsync(async db =>
        {
            var customers = new[] { new Customer { Number = "EF", Name = "EF" }, new Customer { Number = "BULK", Name = "Bulk" } };
            db.Customers.AddRange(customers);
            await db.SaveChangesAsync();
            db.CustomerFigures.Add(Figures(customers[0].Id, amount));
            await db.SaveChangesAsync();
            await db.InsertAsync([Figures(customers[1].Id, amount)], CancellationToken.None);
            return (customers[0].Id, customers[1].Id);
        });

        var stored = await portal.WithDbAsync(db => db.Database
            .SqlQueryRaw<string>("""SELECT "CustomerId" || '|' || "Revenue" || '|' || typeof("Revenue") || '|' || COALESCE("KnownPotential", 'null') || '|' || "AsOf" || '|' || COALESCE("LastPurchase", 'null') || '|' || "Mode" || '|' || "ComputedSegment" || '|' || "ComputedAt" || '|' || "MedianIntervalDays" AS "Value" FROM "CustomerFigures" ORDER BY "CustomerId" """)
            .ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.Equal(stored[0][stored[0].IndexOf('|', StringComparison.Ordinal)..], stored[1][stored[1].IndexOf('|', StringComparison.Ordinal)..]);

        var back = await portal.WithDbAsync(db => db.CustomerFigures.AsNoTracking().SingleAsync(f => f.CustomerId == viaBulk));
        Assert.Equal(amount, back.Revenue);
        Assert.Null(back.KnownPotential);
        Assert.Equal(new DateOnly(2026, 11, 26), back.AsOf);
        Assert.Equal(Segment.B, back.ComputedSegment);
        Assert.Equal(1, await portal.WithDbAsync(db => db.CustomerFigures.CountAsync(f => f.CustomerId == viaEf && f.Revenue == amount)));
        Assert.Equal(1, await portal.WithDbAsync(db => db.CustomerFigures.CountAsync(f => f.CustomerId == viaBulk && f.Revenue == amount)));
    }

    private static CustomerFigures Figures(int customerId, decimal amount) => new()
    {
        CustomerId = customerId,
        RunId = 1,
        AsOf = new DateOnly(2026, 11, 26),
        Mode = SegmentationMode.Threshold,
        Revenue = amount,
        Potential = amount,
        Basis = amount,
        MedianIntervalDays = 12.5m,
        ComputedSegment = Segment.B,
        RevenueSegment = Segment.C,
        Strategy = Strategy.Develop,
        SegmentReason = "reason with ümlaut and 'quotes'",
        ComputedAt = new DateTimeOffset(2026, 11, 26, 5, 0, 0, TimeSpan.Zero),
    };

    public void Dispose() => portal.Dispose();
}
