using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.ProductManagement;
using Portal.Segmentation;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Segmentation;

/// The first run over freshly generated data takes the bulk path (BulkInsert.LoadAsync: the figures' and history's
/// secondary indexes, on PostgreSQL also their foreign keys, dropped for the load and put back in the run's
/// transaction). It must store exactly what the ordinary path stores, and leave the schema as it found it: the same
/// generated data in two databases, the first run through each path at the same moment, everything it wrote compared.
public abstract class BulkFirstRunTests(DatabaseKind kind) : IAsyncDisposable
{
    private static readonly DateOnly AsOf = new(2026, 11, 26);
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 1, 0, 0, TimeSpan.Zero);
    // No dispatcher: the events the runs write are compared as written, not as a dispatcher round left them.
    private readonly PortalFactory bulk = new PortalFactory(kind, seedDemo: false).With("Webhooks:DispatcherEnabled", "false");
    private readonly PortalFactory ordinary = new PortalFactory(kind, seedDemo: false).With("Webhooks:DispatcherEnabled", "false");

    [Fact]
    public async Task The_bulk_first_run_stores_what_the_ordinary_one_stores_and_puts_the_indexes_and_foreign_keys_back()
    {
        await GenerateAsync(bulk);
        await GenerateAsync(ordinary);
        var schemaBefore = await SchemaAsync(bulk);
        Assert.Contains(schemaBefore, d => d.Contains("FOREIGN KEY", StringComparison.OrdinalIgnoreCase) && d.Contains("CustomerFigures", StringComparison.Ordinal));
        Assert.Contains(schemaBefore, d => d.Contains("IX_CustomerFigures_Strategy", StringComparison.Ordinal));
        Assert.Contains(schemaBefore, d => d.Contains("IX_CustomerSegmentChanges_CustomerId_At", StringComparison.Ordinal));
        Assert.Contains(schemaBefore, d => d.Contains("IX_SegmentationActions", StringComparison.Ordinal));

        var viaBulk = await RunAsync(bulk, bulkLoadFrom: 1);
        var viaOrdinary = await RunAsync(ordinary, bulkLoadFrom: int.MaxValue);

        // A population where the run changes classes, writes figures with and without a known potential, a last
        // purchase and a median interval, and proposes actions: otherwise the comparison proves little.
        Assert.True(viaBulk.Changes > 100, $"{viaBulk.Changes} changes");
        Assert.True(viaBulk.ActionsCreated > 0);
        var stored = await StoredAsync(bulk);
        Assert.Equal(300, stored.Figures.Count);
        Assert.Contains(stored.Figures, f => f.Contains("\"KnownPotential\":null", StringComparison.Ordinal));
        Assert.Contains(stored.Figures, f => !f.Contains("\"KnownPotential\":null", StringComparison.Ordinal));
        Assert.Contains(stored.Figures, f => f.Contains("\"LastPurchase\":null", StringComparison.Ordinal));
        Assert.Contains(stored.Figures, f => f.Contains("\"MedianIntervalDays\":null", StringComparison.Ordinal));
        Assert.Contains(stored.Figures, f => !f.Contains("\"MedianIntervalDays\":null", StringComparison.Ordinal));
        Assert.NotEmpty(stored.Events);

        var expected = await StoredAsync(ordinary);
        Assert.Equal(viaOrdinary.Changes, viaBulk.Changes);
        Assert.Equal(viaOrdinary.ActionsCreated, viaBulk.ActionsCreated);
        Assert.Equal(expected.Figures, stored.Figures);
        Assert.Equal(expected.History, stored.History);
        Assert.Equal(expected.Customers, stored.Customers);
        Assert.Equal(expected.Actions, stored.Actions);
        Assert.Equal(expected.Events, stored.Events);
        Assert.Equal(schemaBefore, await SchemaAsync(bulk));

        // The foreign keys are in force again: figures for a customer that does not exist are refused, and deleting
        // a customer takes its figures and history with it.
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => bulk.WithDbAsync(async db =>
        {
            var figures = await db.CustomerFigures.AsNoTracking().FirstAsync();
            figures.CustomerId = 1_000_000;
            db.CustomerFigures.Add(figures);
            return await db.SaveChangesAsync();
        }));
        var withoutOrders = await bulk.WithDbAsync(db => db.CustomerFigures.Where(f => f.Orders == 0).Select(f => f.CustomerId).FirstAsync());
        await bulk.WithDbAsync(async db =>
        {
            await db.WebhookEvents.Where(e => e.CustomerId == withoutOrders).ExecuteDeleteAsync();
            return await db.Customers.Where(c => c.Id == withoutOrders).ExecuteDeleteAsync();
        });
        Assert.False(await bulk.WithDbAsync(db => db.CustomerFigures.AnyAsync(f => f.CustomerId == withoutOrders)));
        Assert.False(await bulk.WithDbAsync(db => db.CustomerSegmentChanges.AnyAsync(c => c.CustomerId == withoutOrders)));
    }

    [Fact]
    public async Task A_run_announces_class_changes_only_when_an_endpoint_listens_to_them()
    {
        await GenerateAsync(bulk, Portal.Api.WebhookEvents.OrderPlaced);
        var generated = await bulk.WithDbAsync(db => db.Customers.AsNoTracking().Select(c => new { c.Id, c.Segment }).ToListAsync());

        var unheard = await RunAsync(bulk, bulkLoadFrom: 1);
        Assert.True(unheard.Changes > 100, $"{unheard.Changes} changes");
        Assert.True(await bulk.WithDbAsync(db => db.CustomerSegmentChanges.CountAsync(c => c.FromSegment != c.ToSegment)) > 50);
        Assert.Equal(0, await bulk.WithDbAsync(db => db.WebhookEvents.CountAsync()));

        // The same moves again, now with an endpoint that listens: one event per customer whose class changed.
        var firstRunChanges = await bulk.WithDbAsync(db => db.CustomerSegmentChanges.MaxAsync(c => c.Id));
        await bulk.WithDbAsync(async db =>
        {
            foreach (var segment in generated.GroupBy(c => c.Segment))
            {
                var ids = segment.Select(c => c.Id).ToArray();
                await db.Customers.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(u => u.SetProperty(c => c.Segment, segment.Key));
            }

            return 0;
        });
        await using (var scope = bulk.Services.CreateAsyncScope())
        {
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<Portal.Api.Webhooks>().CreateAsync("https://erp.example/classes", [Portal.Api.WebhookEvents.CustomerClassChanged], "test", default));
        }

        await RunAsync(bulk, bulkLoadFrom: 1);
        var moved = await bulk.WithDbAsync(db => db.CustomerSegmentChanges.Where(c => c.Id > firstRunChanges && c.FromSegment != c.ToSegment).OrderBy(c => c.CustomerId).Select(c => (int?)c.CustomerId).ToListAsync());
        Assert.True(moved.Count > 50, $"{moved.Count} moves");
        var events = await bulk.WithDbAsync(db => db.WebhookEvents.AsNoTracking().OrderBy(e => e.CustomerId).ToListAsync());
        Assert.All(events, e => Assert.Equal(Portal.Api.WebhookEvents.CustomerClassChanged, e.Type));
        Assert.Equal(moved, events.Select(e => e.CustomerId).ToList());
    }

    private static async Task GenerateAsync(PortalFactory portal, string listensTo = Portal.Api.WebhookEvents.CustomerClassChanged)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await new BenchmarkDataGenerator(db, new FixedTime(Now)).GenerateAsync(new BenchmarkDataGenerator.Options(300, 6_000, AsOf, Products: 50), null, default);
        // Class changes are announced only to an endpoint that listens (SegmentationRunner.StoreAsync).
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<Portal.Api.Webhooks>().CreateAsync("https://erp.example/hooks", [listensTo], "test", default));
    }

    private static async Task<SegmentationOutcome> RunAsync(PortalFactory portal, int bulkLoadFrom)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<PortalDbContext>();
        var time = new FixedTime(Now);
        var runner = new SegmentationRunner(db, services.GetRequiredService<SegmentationSettingsStore>(), new Portal.Api.Webhooks(db, services.GetRequiredService<AuditTrail>(), time), time)
        {
            BulkLoadFrom = bulkLoadFrom,
        };
        return await runner.RunAsync(new SegmentationRequest(AsOf), null, default);
    }

    private sealed record Stored(List<string> Figures, List<string> History, List<string> Customers, List<string> Actions, List<string> Events);

    /// Everything a run writes, as read back through EF, without the generated ids (and the events' random ids).
    private static Task<Stored> StoredAsync(PortalFactory portal) => portal.WithDbAsync(async db => new Stored(
        Json(await db.CustomerFigures.AsNoTracking().OrderBy(f => f.CustomerId).ToListAsync()),
        Json((await db.CustomerSegmentChanges.AsNoTracking().OrderBy(c => c.CustomerId).ThenBy(c => c.Id).ToListAsync()).Select(c => { c.Id = 0; return c; })),
        Json(await db.Customers.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Segment, c.SegmentOverride, c.OverrideReason, c.OverrideUntil }).ToListAsync()),
        Json((await db.SegmentationActions.AsNoTracking().OrderBy(a => a.CustomerId).ThenBy(a => a.Kind).ToListAsync()).Select(a => { a.Id = 0; return a; })),
        (await db.WebhookEvents.AsNoTracking().OrderBy(e => e.CustomerId).ToListAsync()).Select(e =>
        {
            var payload = JsonNode.Parse(e.Payload)!.AsObject();
            Assert.Matches("^[0-9a-f]{32}$", (string)payload["id"]!);
            payload.Remove("id");
            return $"{e.Type} {e.CustomerId} {e.CreatedAt:O} {e.FannedOutAt} {payload.ToJsonString()}";
        }).ToList()));

    private static List<string> Json<T>(IEnumerable<T> rows) => rows.Select(r => JsonSerializer.Serialize(r)).ToList();

    /// The figures', history's and actions' constraints and indexes as the database defines them.
    private Task<List<string>> SchemaAsync(PortalFactory portal) => portal.WithDbAsync(db => (kind == DatabaseKind.Postgres
        ? db.Database.SqlQueryRaw<string>("""
            SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS "Value" FROM pg_constraint
            WHERE conrelid IN ('"CustomerFigures"'::regclass, '"CustomerSegmentChanges"'::regclass, '"SegmentationActions"'::regclass)
            UNION ALL
            SELECT indexdef FROM pg_indexes WHERE tablename IN ('CustomerFigures', 'CustomerSegmentChanges', 'SegmentationActions')
            """)
        : db.Database.SqlQueryRaw<string>("""
            SELECT type || ' ' || name || ' ' || COALESCE(sql, '') AS "Value" FROM sqlite_master
            WHERE tbl_name IN ('CustomerFigures', 'CustomerSegmentChanges', 'SegmentationActions')
            UNION ALL
            SELECT 'foreign key ' || "table" || '.' || "from" || ' ' || on_delete FROM pragma_foreign_key_list('SegmentationActions')
            UNION ALL
            SELECT 'foreign key ' || "table" || '.' || "from" || ' ' || on_delete FROM pragma_foreign_key_list('CustomerFigures')
            UNION ALL
            SELECT 'foreign key ' || "table" || '.' || "from" || ' ' || on_delete FROM pragma_foreign_key_list('CustomerSegmentChanges')
            """)).OrderBy(d => d).ToListAsync());

    public async ValueTask DisposeAsync()
    {
        await bulk.DisposeAsync();
        await ordinary.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

public sealed class SqliteBulkFirstRunTests() : BulkFirstRunTests(DatabaseKind.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresBulkFirstRunTests() : BulkFirstRunTests(DatabaseKind.Postgres);
