using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Localization;
using Portal.Segmentation;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Segmentation;

/// The nightly job and "recompute now" with several instances on one database: one nightly run per day whichever
/// instance gets there first, one active run at a time, and a run whose instance died is given up.
public abstract class NightlyRunTests(DatabaseKind kind) : IAsyncLifetime, IDisposable
{
    private readonly string database = kind == DatabaseKind.Postgres
        ? $"portal_test_{Guid.NewGuid():N}"
        : Path.Combine(Directory.CreateTempSubdirectory("portal-nightly-").FullName, "portal.db");

    private PortalFactory first = null!;
    private PortalFactory second = null!;

    public Task InitializeAsync()
    {
        // The tests drive each instance's rounds with their own clock. The workers stay off: a round on the real clock
        // takes the tests' runs of March 2026 for abandoned (it flaked on PostgreSQL, where the first round came late).
        first = new PortalFactory(kind, seedDemo: false, sharedDatabase: database).With("Segmentation:WorkerEnabled", "false");
        _ = first.Services;
        second = new PortalFactory(kind, seedDemo: false, sharedDatabase: database) { DropDatabaseOnDispose = false }.With("Segmentation:WorkerEnabled", "false");
        _ = second.Services;
        return Task.CompletedTask;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static SegmentationRuns Runs(IServiceProvider services, DateTimeOffset now) => new(
        services.GetRequiredService<PortalDbContext>(),
        services.GetRequiredService<SegmentationRunner>(),
        services.GetRequiredService<SegmentationSettingsStore>(),
        services.GetRequiredService<IServiceScopeFactory>(),
        new FixedTime(now),
        Options.Create(new SegmentationOptions { NightlyEnabled = true, NightlyAt = new TimeOnly(2, 0) }),
        NullLogger<SegmentationRuns>.Instance);

    private static async Task<SegmentationRun?> WorkAsync(PortalFactory portal, DateTimeOffset now)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await Runs(scope.ServiceProvider, now).WorkOnceAsync(default);
    }

    [Fact]
    public async Task Two_instances_run_the_nightly_segmentation_once_a_day()
    {
        var night = Dates.FromBusinessTime(new DateTime(2026, 3, 10, 2, 30, 0));
        var beforeTwoNextDay = Dates.FromBusinessTime(new DateTime(2026, 3, 11, 1, 59, 0));

        var results = await Task.WhenAll(WorkAsync(first, night), WorkAsync(second, night));
        var later = await WorkAsync(second, night.AddHours(5));
        var early = await WorkAsync(first, beforeTwoNextDay);

        Assert.Single(results, r => r is not null);
        Assert.Null(later);
        Assert.Null(early);
        var runs = await first.WithDbAsync(db => db.SegmentationRuns.ToListAsync());
        var run = Assert.Single(runs);
        Assert.Equal((SegmentationTrigger.Nightly, SegmentationRunStatus.Completed, "2026-03-10", new DateOnly(2026, 3, 10), (string?)null),
            (run.Trigger, run.Status, run.NightlyKey, run.AsOf, run.ActiveKey));
    }

    [Fact]
    public async Task Only_one_run_is_active_and_a_run_whose_instance_stopped_is_given_up()
    {
        var now = Dates.FromBusinessTime(new DateTime(2026, 3, 10, 12, 0, 0));
        SegmentationRun? held, refused;
        await using (var scope = first.Services.CreateAsyncScope())
        {
            held = await Runs(scope.ServiceProvider, now).StartAsync(SegmentationTrigger.Manual, SegmentationRunStatus.Running, new DateOnly(2026, 3, 10), null, "a", default);
        }

        await using (var scope = second.Services.CreateAsyncScope())
        {
            refused = await Runs(scope.ServiceProvider, now).StartAsync(SegmentationTrigger.Manual, SegmentationRunStatus.Queued, new DateOnly(2026, 3, 10), null, "b", default);
        }

        await using (var scope = second.Services.CreateAsyncScope())
        {
            await Runs(scope.ServiceProvider, now.AddHours(1)).ExpireStaleAsync(default);
        }

        Assert.NotNull(held);
        Assert.Null(refused);
        var abandoned = await first.WithDbAsync(db => db.SegmentationRuns.SingleAsync(r => r.Id == held!.Id));
        Assert.Equal((SegmentationRunStatus.Failed, "Abandoned", (string?)null), (abandoned.Status, abandoned.Stage, abandoned.ActiveKey));
        await using (var scope = second.Services.CreateAsyncScope())
        {
            Assert.NotNull(await Runs(scope.ServiceProvider, now.AddHours(1)).StartAsync(SegmentationTrigger.Manual, SegmentationRunStatus.Queued, new DateOnly(2026, 3, 10), null, "b", default));
        }
    }

    [Fact]
    public async Task Of_two_instances_starting_a_run_at_the_same_moment_exactly_one_gets_it_every_time()
    {
        var now = Dates.FromBusinessTime(new DateTime(2026, 3, 10, 12, 0, 0));

        async Task<SegmentationRun?> StartAsync(PortalFactory portal, string by)
        {
            await using var scope = portal.Services.CreateAsyncScope();
            return await Runs(scope.ServiceProvider, now).StartAsync(SegmentationTrigger.Manual, SegmentationRunStatus.Queued, new DateOnly(2026, 3, 10), SegmentationMode.Threshold, by, default);
        }

        for (var round = 0; round < 20; round++)
        {
            var started = await Task.WhenAll(StartAsync(first, "a"), StartAsync(second, "b"));

            var winner = Assert.Single(started, r => r is not null)!;
            Assert.Equal(1, await first.WithDbAsync(db => db.SegmentationRuns.CountAsync(r => r.ActiveKey != null)));
            await first.WithDbAsync(db => db.SegmentationRuns.Where(r => r.Id == winner.Id).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, SegmentationRunStatus.Completed)
                .SetProperty(r => r.ActiveKey, (string?)null)));
        }

        Assert.Equal(20, await first.WithDbAsync(db => db.SegmentationRuns.CountAsync()));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
        if (kind == DatabaseKind.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(database)!, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteNightlyRunTests() : NightlyRunTests(DatabaseKind.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresNightlyRunTests() : NightlyRunTests(DatabaseKind.Postgres);
