using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Portal.Data;

public static class DataExtensions
{
    /// Registers PortalDbContext, pooled (a request leases a context instead of building one with its internal
    /// services), on SQLite (a file under the data folder) or PostgreSQL, as configured, with the
    /// EF interceptors the capabilities register as IInterceptor (e.g. Catalogs' CatalogChangeInterceptor), and keeps ASP.NET Core's data-protection keys in that database so every instance reads the same cookies.
    public static IHostApplicationBuilder AddPortalData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        var database = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var portal = builder.Configuration.GetSection(PortalOptions.SectionName).Get<PortalOptions>() ?? new PortalOptions();
        var dataPath = portal.ResolveDataPath(builder.Environment.ContentRootPath);

        if (database.Provider == DatabaseProvider.Postgres)
        {
            var connectionString = builder.Configuration.GetConnectionString("Portal");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Portal is empty. Set ConnectionStrings__Portal=Host=...;Database=...;Username=...;Password=...");
            }

            // The bulk loads (BulkInsert: segmentation results, imports) send tens of megabytes by binary COPY; with
            // Npgsql's default 8 KB write buffer that is a send and a wake-up of the server per 8 KB, which made the
            // client's side of a 100,000-row copy a third slower here. Unless the operator set it: 256 KB per connection.
            var npgsql = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            if (!npgsql.ContainsKey("Write Buffer Size"))
            {
                npgsql.WriteBufferSize = 256 * 1024;
            }

            // Every shop page runs the same few statements (cart count, session check, reorder lists): prepared on
            // the server after their second use, they skip parsing and planning there. Unless the operator set it
            // (e.g. 0 behind a connection pooler in transaction mode, which cannot keep prepared statements).
            if (!npgsql.ContainsKey("Max Auto Prepare"))
            {
                npgsql.MaxAutoPrepare = 64;
            }

            connectionString = npgsql.ConnectionString;

            builder.Services.AddDbContextPool<PortalDbContext, PostgresPortalDbContext>((services, options) => options
                .UseNpgsql(connectionString)
                .AddInterceptors(services.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>())
                .ConfigureWarnings(LogFailuresThroughTheirCallers));
        }
        else
        {
            var connectionString = builder.Configuration.GetConnectionString("Portal");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                Directory.CreateDirectory(dataPath);
                connectionString = $"Data Source={Path.Combine(dataPath, "portal.db")}";
            }

            builder.Services.AddDbContextPool<PortalDbContext, SqlitePortalDbContext>((services, options) => options
                .UseSqlite(connectionString)
                .AddInterceptors(services.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>())
                .AddInterceptors(new SqliteBusyWait())
                .ConfigureWarnings(LogFailuresThroughTheirCallers));
        }

        builder.Services.AddScoped<DatabaseInitializer>();
        builder.Services.AddScoped<DemoSeeder>();
        builder.Services.AddScoped<DemoPurchasing>();
        builder.Services.AddScoped<BenchmarkDataGenerator>();

        builder.Services.AddDataProtection()
            .SetApplicationName("Portal")
            .PersistKeysToDbContext<PortalDbContext>();

        builder.Services.AddHealthChecks().AddDbContextCheck<PortalDbContext>("database");
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    // EF logs every failed command and save as an error before it throws, also where the failure is the expected
    // answer: the instance that loses a race on a unique key (one active segmentation run, one nightly run, one
    // claim), or EF's own probe of a migration history table that does not exist yet. The exception still reaches
    // the caller, which logs what it means: ASP.NET for a failed request, RecurringWorker for a failed round.
    private static void LogFailuresThroughTheirCallers(Microsoft.EntityFrameworkCore.Diagnostics.WarningsConfigurationBuilder warnings) =>
        warnings.Log(
            (Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandError, LogLevel.Debug),
            (Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.SaveChangesFailed, LogLevel.Debug));
}
