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
        // Without migrate-on-start an operator runs `portal migrate` (which also creates the roles) in a deploy step.
        if (databaseOptions.Value.MigrateOnStart)
        {
            await MigrateAsync(cancellationToken);
            await EnsureRolesAsync();
            await Care.Journeys.JourneyDefaults.EnsureAsync(db, time, cancellationToken);
        }

        // The demo is for trying the portal out: on by default in Development, never in Production unless asked for.
        var seed = portalOptions.Value.SeedDemo ?? environment.IsDevelopment();
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

    /// All or nothing, and safe when several instances start on one empty database at once: the loser of the race
    /// hits a unique key, rolls back and finds the winner's demo.
    public async Task SeedDemoAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await demo.SeedAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
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
            // Before anything opens a connection to it: a missing database is not an error on a first start.
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

        // Several instances may start at once. EF Core's own migration lock did not stop two of them from applying
        // the same migration on PostgreSQL (seen in the concurrent-start test), so the whole migration runs under a
        // session advisory lock on the context's own connection; the second instance waits and finds nothing to do.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(7406351)", cancellationToken);
            try
            {
                await db.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(7406351)", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
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
