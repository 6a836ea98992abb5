using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Portal.Identity;

namespace Portal.Data;

/// Brings a database to the current schema, makes sure the roles exist, and seeds the demo where that is wanted.
public sealed class DatabaseInitializer(
    PortalDbContext db,
    RoleManager<IdentityRole> roles,
    DemoSeeder demo,
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
        }

        // The demo is for trying the portal out: on by default in Development, never in Production unless asked for.
        var seed = portalOptions.Value.SeedDemo ?? environment.IsDevelopment();
        if (seed && !await db.Customers.AnyAsync(cancellationToken))
        {
            await SeedDemoAsync(cancellationToken);
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
        }
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            // Before anything opens a connection to it: a missing database is not an error on a first start.
            await EnsurePostgresDatabaseAsync(cancellationToken);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s) on {Provider}: {Migrations}", pending.Count, db.Database.ProviderName, string.Join(", ", pending));
        }

        if (!db.Database.IsNpgsql())
        {
            await db.Database.MigrateAsync(cancellationToken);
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
