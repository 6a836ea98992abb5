using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Portal.Data;
using Portal.ServiceModules;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Data;

/// An installation upgraded past the ServiceModules migration keeps the delivery options it had configured: each
/// becomes a service module with a price for exactly the segments that could book it.
public sealed class ServiceModulesMigrationTests
{
    private const string Before = "ProductManagement";

    [Fact]
    public async Task Sqlite_upgrade_carries_delivery_options_over()
    {
        var file = Path.Combine(Path.GetTempPath(), $"portal-migration-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options;
            await using var db = new SqlitePortalDbContext(options);
            await AssertCarriedOverAsync(db);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    [Trait("Category", "Postgres")]
    public async Task Postgres_upgrade_carries_delivery_options_over()
    {
        var database = $"portal_test_{Guid.NewGuid():N}";
        await using (var server = new NpgsqlConnection(TestPostgres.ServerConnectionString))
        {
            await server.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", server).ExecuteNonQueryAsync();
        }

        try
        {
            var options = new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(TestPostgres.ConnectionStringFor(database)).Options;
            await using var db = new PostgresPortalDbContext(options);
            await AssertCarriedOverAsync(db);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var server = new NpgsqlConnection(TestPostgres.ServerConnectionString);
            await server.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", server).ExecuteNonQueryAsync();
        }
    }

    private static async Task AssertCarriedOverAsync(PortalDbContext db)
    {
        var migrator = db.GetService<IMigrator>();
        var before = db.Database.GetMigrations().Single(m => m.EndsWith("_" + Before, StringComparison.Ordinal));
        await migrator.MigrateAsync(before);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "DeliveryOptions" ("Code", "Name", "Description", "NetPrice", "Segments", "SortOrder", "IsActive")
            VALUES ('standard', 'Standard delivery', '2-3 working days', 6.90, 'A,B,C', 1, TRUE),
                   ('express', 'Express', 'Next working day', 19.50, 'A, B', 2, TRUE),
                   ('pickup', 'Pickup', 'At the depot', 0.00, 'C', 3, FALSE)
            """);

        await migrator.MigrateAsync();

        var modules = await db.ServiceModules.AsNoTracking().Include(m => m.Prices).OrderBy(m => m.SortOrder).ToListAsync();
        Assert.Equal(["standard", "express", "pickup"], modules.Select(m => m.Code));
        Assert.Equal([ModuleKind.Delivery, ModuleKind.Express, ModuleKind.Pickup], modules.Select(m => m.Kind));
        Assert.Equal(["Standard delivery", "Express", "Pickup"], modules.Select(m => m.Name));
        Assert.Equal([true, true, false], modules.Select(m => m.IsActive));
        Assert.Equal("2-3 working days", modules[0].Description);
        Assert.Equal(["A:6.90", "B:6.90", "C:6.90"], Prices(modules[0]));
        Assert.Equal(["A:19.50", "B:19.50"], Prices(modules[1]));
        Assert.Equal(["C:0.00"], Prices(modules[2]));
    }

    private static string[] Prices(ServiceModule module) =>
        module.Prices.OrderBy(p => p.Segment).Select(p => $"{p.Segment}:{p.NetPrice.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}").ToArray();
}
