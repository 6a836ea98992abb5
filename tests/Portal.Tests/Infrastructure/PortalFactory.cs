using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Portal.Data;

namespace Portal.Tests.Infrastructure;

/// The real app on a real database: a fresh SQLite file in a temp folder, or a fresh database on the PostgreSQL
/// server that ./test.sh starts (PORTAL_TEST_POSTGRES). Settings go in through UseSetting, as an operator's would.
public class PortalFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings = new();
    private FileLoggerProvider? log;

    public PortalFactory(DatabaseKind kind = DatabaseKind.Sqlite, bool seedDemo = true, string? sharedDatabase = null)
    {
        Kind = kind;
        DataPath = Directory.CreateTempSubdirectory("portal-test-").FullName;
        settings["Portal:DataPath"] = DataPath;
        settings["Portal:SeedDemo"] = seedDemo ? "true" : "false";
        // A year of month-end runs costs seconds per host; the tests of the demo's history turn it on.
        settings["Portal:DemoHistoryMonths"] = "0";
        // The eight named companies the tests speak of; the newcomer's 200-customer demo has tests of its own.
        settings["Portal:DemoCustomers"] = "8";
        settings["RateLimits:LoginPerMinute"] = "10000";
        // The nightly segmentation would reclassify a test's customers at whatever hour the tests run.
        settings["Segmentation:NightlyEnabled"] = "false";
        // On the first days of a month the summary worker would mail every opted-in demo admin; its tests turn it on.
        settings["Insights:MonthlySummary:Enabled"] = "false";
        if (kind == DatabaseKind.Postgres)
        {
            DatabaseName = sharedDatabase ?? $"portal_test_{Guid.NewGuid():N}";
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Portal"] = TestPostgres.ConnectionStringFor(DatabaseName);
        }
        else if (sharedDatabase is not null)
        {
            settings["ConnectionStrings:Portal"] = $"Data Source={sharedDatabase}";
        }
    }

    public DatabaseKind Kind { get; }
    public string DataPath { get; }
    public string? DatabaseName { get; }

    /// Development by default; "Production" to test what an operator's installation does.
    public string HostEnvironment { get; init; } = "Development";

    /// When false, the factory leaves the database for another factory that shares it.
    public bool DropDatabaseOnDispose { get; set; } = true;

    public PortalFactory With(string key, string? value)
    {
        settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(HostEnvironment);
        // The host's logs go to a file of its own (see TestLogs), not into the test run's console.
        log = new FileLoggerProvider(TestLogs.NewHostLog($"{GetType().Name}-{Kind}"));
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(log);
        });
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(ConfigureTestServices);
    }

    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    public async Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        if (Kind == DatabaseKind.Postgres && DropDatabaseOnDispose && DatabaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(TestPostgres.ConnectionStringFor("postgres"));
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        await base.DisposeAsync();
        log?.Dispose();
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finishing background task; the OS temp cleaner takes it.
        }

        GC.SuppressFinalize(this);
    }
}

public enum DatabaseKind
{
    Sqlite,
    Postgres,
}

public static class TestPostgres
{
    public const string Variable = "PORTAL_TEST_POSTGRES";

    /// The server ./test.sh starts. Tests marked Category=Postgres fail loudly without it rather than pass unseen.
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set. Run ./test.sh (it starts a PostgreSQL server), or exclude these tests with --filter Category!=Postgres.");

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, IncludeErrorDetail = true }.ConnectionString;
}
