using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Portal.Identity;
using Portal.Localization;
using Portal.Segmentation;

namespace Portal.Data;

/// Brings a database to the current schema, makes sure the roles exist, and seeds the demo where that is wanted.
public sealed class DatabaseInitializer(
    PortalDbContext db,
    RoleManager<IdentityRole> roles,
    DemoSeeder demo,
    SegmentationRuns segmentationRuns,
    SegmentationHistory segmentationHistory,
    DemoCareJourneys demoJourneys,
    TimeProvider time,
    IOptions<DatabaseOptions> databaseOptions,
    IOptions<PortalOptions> portalOptions,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(IHostEnvironment environment, CancellationToken cancellationToken)
    {
        var migrate = databaseOptions.Value.MigrateOnStart;
        if (migrate && db.Database.IsNpgsql())
        {
            // Before anything opens a connection to it: a missing database is not an error on a first start.
            await EnsurePostgresDatabaseAsync(cancellationToken);
        }

        // The demo is for trying the portal out: on by default in Development, never in Production unless asked for.
        var seed = portalOptions.Value.SeedDemo ?? environment.IsDevelopment();
        if (!migrate && !seed)
        {
            // Nothing to do at start: the portal starts even while its database is down and /healthz reports it.
            return;
        }

        // Several instances may start at once on one empty PostgreSQL database (docker compose starts its replicas
        // together). One of them migrates and seeds while the others wait for it, then find the demo and skip it.
        await using var exclusive = await ExclusiveAsync(cancellationToken);

        // Without migrate-on-start an operator runs `portal migrate` (which also creates the roles) in a deploy step.
        if (migrate)
        {
            await MigrateAsync(cancellationToken);
            await EnsureRolesAsync();
            await Care.Journeys.JourneyDefaults.EnsureAsync(db, time, cancellationToken);
        }

        if (seed && !await db.Customers.AnyAsync(cancellationToken))
        {
            await SeedDemoAsync(cancellationToken);
        }
        else if (seed && !await db.SegmentationRuns.AnyAsync(r => r.Status == SegmentationRunStatus.Completed, cancellationToken))
        {
            // A first start stopped between the seed and its segmentation: finish what the newcomer should see.
            await ComputeDemoSegmentationAsync(cancellationToken);
        }
    }

    /// The key of the PostgreSQL session advisory lock that start-up (migration and demo seed) and `portal migrate` hold.
    private const long StartupLockKey = 7406351;

    /// On PostgreSQL, a session advisory lock on the context's own connection, held until disposed: instances that
    /// start together migrate and seed one after the other. EF Core's own migration lock did not stop two of them
    /// from applying the same migration (seen in the concurrent-start test), and a second instance seeding beside
    /// the first waited on the first one's seed transaction until Npgsql's 30 s command timeout. The lock is taken
    /// by short polls, so waiting for a long seed runs into no command timeout; it is re-entrant (the same
    /// connection may take it again, as MigrateAsync does inside InitializeAsync), and a crashed holder's session
    /// ends and releases it. On SQLite (one machine) nothing is locked.
    private async Task<IAsyncDisposable> ExclusiveAsync(CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return NotLocked.Instance;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            var waiting = false;
            while (true)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT pg_try_advisory_lock({StartupLockKey})";
                if (await command.ExecuteScalarAsync(cancellationToken) is true)
                {
                    break;
                }

                if (!waiting)
                {
                    waiting = true;
                    logger.LogInformation("Another instance is migrating or seeding the database; waiting until it is done.");
                }

                // Wall-clock time (not the TimeProvider, which a test may hold still): another process is being waited for.
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }

            if (waiting)
            {
                logger.LogInformation("The other instance is done; going on with this one's start.");
            }

            return new StartupLock(db);
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }
    }

    private sealed class StartupLock(PortalDbContext db) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({StartupLockKey})", CancellationToken.None);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private sealed class NotLocked : IAsyncDisposable
    {
        public static readonly NotLocked Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// All or nothing. On PostgreSQL the start-up lock keeps other instances out until the seed is in; on SQLite,
    /// the loser of a race between two processes on one file hits a unique key, rolls back and finds the winner's demo.
    public async Task SeedDemoAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await demo.SeedAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException) when (!db.Database.IsNpgsql() && !cancellationToken.IsCancellationRequested)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (!await db.Customers.AnyAsync(cancellationToken))
            {
                throw;
            }

            logger.LogInformation("Another instance seeded the demo at the same time; using its data.");
            return;
        }

        await ComputeDemoSegmentationAsync(cancellationToken);
    }

    /// A newcomer's first look shows the loop closed: computed classes and strategies on every customer, the 360°
    /// figures, the segment overview, the rep's care tasks and the cockpit's moves between classes (from a year of
    /// month-end runs), without waiting for tonight's run.
    private async Task ComputeDemoSegmentationAsync(CancellationToken cancellationToken)
    {
        if (await segmentationHistory.BackfillAsync(portalOptions.Value.DemoHistoryMonths, Dates.BusinessToday(time), null, cancellationToken) is null)
        {
            return;
        }

        // As today's nightly run: the worker then does not run the same day again right after the start.
        var today = Dates.BusinessToday(time);
        var run = await segmentationRuns.StartAsync(SegmentationTrigger.Nightly, SegmentationRunStatus.Running, today, null, "Demo", cancellationToken)
            ?? await segmentationRuns.StartAsync(SegmentationTrigger.Manual, SegmentationRunStatus.Running, today, null, "Demo", cancellationToken);
        if (run is null)
        {
            return;
        }

        // The run plans the reps' care tasks itself.
        await segmentationRuns.ExecuteAsync(run, null, null, failSilently: false, cancellationToken);
        await demoJourneys.SeedAsync(cancellationToken);
    }

    /// The migrations were squashed into one per provider on 2026-12-03, before any production installation. A
    /// database made by an earlier development version has migrations this build does not know and none it does;
    /// migrating it would try to create every table again. Say what to do instead of failing on a duplicate table.
    private async Task RefuseDatabaseFromBeforeTheSquashAsync(CancellationToken cancellationToken)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        if (applied.Count > 0 && !applied.Intersect(db.Database.GetMigrations()).Any())
        {
            throw new InvalidOperationException(
                "This database was created by a development version of Portal from before 3 December 2026, whose schema history this version cannot continue. " +
                "Recreate it: delete the SQLite file (see Portal:DataPath) or drop the PostgreSQL database; the next start creates it again (with the demo data where Portal:SeedDemo is on).");
        }
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            // A missing database is not an error on a first start (on start-up InitializeAsync made it already).
            await EnsurePostgresDatabaseAsync(cancellationToken);
        }

        await RefuseDatabaseFromBeforeTheSquashAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s) on {Provider}: {Migrations}", pending.Count, db.Database.ProviderName, string.Join(", ", pending));
        }

        if (!db.Database.IsNpgsql())
        {
            await MigrateSqliteAsync(pending.Count > 0, cancellationToken);
            return;
        }

        // `portal migrate` beside starting instances: under the same lock (already held when called from start-up).
        await using (await ExclusiveAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    /// SQLite cannot rebuild a table inside a transaction (EF runs "PRAGMA foreign_keys = 0" outside it), so a start
    /// stopped in the middle of such a migration would leave a half-migrated file that the next start uses as it is.
    /// Before migrating, the file is copied (VACUUM INTO, consistent also in WAL mode) to portal.db.migrating; the copy
    /// is removed once every migration is in. A start that finds the copy puts it back (an empty copy stands for "there
    /// was no database yet") and migrates again, so an interrupted migration is always redone from a whole file.
    private async Task MigrateSqliteAsync(bool pendingBefore, CancellationToken cancellationToken)
    {
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (string.IsNullOrEmpty(path) || path == ":memory:")
        {
            await db.Database.MigrateAsync(cancellationToken);
            return;
        }

        path = Path.GetFullPath(path);
        var copy = path + ".migrating";
        if (File.Exists(copy))
        {
            logger.LogWarning("An earlier start stopped while migrating {Database}; putting back the copy taken before that migration and migrating again.", path);
            await db.Database.CloseConnectionAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            DeleteDatabaseFiles(path);
            if (new FileInfo(copy).Length > 0)
            {
                File.Copy(copy, path);
            }
        }
        else if (!pendingBefore)
        {
            return;
        }

        if (!(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            File.Delete(copy);
            return;
        }

        if (!File.Exists(copy))
        {
            var partial = copy + ".partial";
            File.Delete(partial);
            if (File.Exists(path) && new FileInfo(path).Length > 0)
            {
                await db.Database.ExecuteSqlAsync($"VACUUM INTO {partial}", cancellationToken);
            }
            else
            {
                await File.WriteAllBytesAsync(partial, [], cancellationToken);
            }

            // Complete before it counts: a start stopped while copying leaves only the .partial file, and the database untouched.
            File.Move(partial, copy);
        }

        await db.Database.MigrateAsync(cancellationToken);
        File.Delete(copy);
    }

    private static void DeleteDatabaseFiles(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            File.Delete(file);
        }
    }

    /// The advisory lock needs a connection, and a connection needs the database: create it first, tolerating
    /// another instance creating it at the same moment.
    private async Task EnsurePostgresDatabaseAsync(CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken))
        {
            return;
        }

        try
        {
            await creator.CreateAsync(cancellationToken);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState is Npgsql.PostgresErrorCodes.DuplicateDatabase or Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            logger.LogInformation("Another instance created the database at the same moment.");
        }
    }

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (await roles.RoleExistsAsync(role))
            {
                continue;
            }

            try
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
            catch (DbUpdateException)
            {
                // Another instance may have created it at the same moment; anything else is a real failure.
                db.ChangeTracker.Clear();
                if (!await roles.RoleExistsAsync(role))
                {
                    throw;
                }
            }
        }
    }
}
