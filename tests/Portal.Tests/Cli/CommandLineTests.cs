using Microsoft.Data.Sqlite;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("portal-cli-").FullName;

    private Dictionary<string, string> Environment => new() { ["Portal__DataPath"] = Path.Combine(folder, "data") };

    [Fact]
    public async Task Help_lists_the_verbs()
    {
        var result = await PortalProcess.RunAsync(folder, Environment, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("migrate", result.Output);
        Assert.Contains("seed-demo", result.Output);
        Assert.Contains("create-user", result.Output);
    }

    [Fact]
    public async Task Unknown_verb_is_an_error_not_a_web_server()
    {
        var result = await PortalProcess.RunAsync(folder, Environment, "migrat");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Unknown command 'migrat'", result.Error);
    }

    [Fact]
    public async Task Migrate_creates_the_sqlite_database_under_the_data_folder()
    {
        var result = await PortalProcess.RunAsync(folder, Environment, "migrate");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Database is up to date", result.Output);
        Assert.True(File.Exists(Path.Combine(folder, "data", "portal.db")));
        Assert.Equal(4L, CountRows("SELECT COUNT(*) FROM AspNetRoles WHERE Name IN ('Customer','CustomerAdmin','InsideSales','ProductManager') ") );
    }

    [Fact]
    public async Task Seed_demo_fills_an_empty_database_once_and_refuses_a_second_time()
    {
        var first = await PortalProcess.RunAsync(folder, Environment, "seed-demo");
        var second = await PortalProcess.RunAsync(folder, Environment, "seed-demo");

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("Demo seeded", first.Output);
        Assert.Equal(2, second.ExitCode);
        Assert.Contains("only seeded into an empty database", second.Error);
        Assert.Equal(1L, CountRows("SELECT COUNT(*) FROM Customers WHERE Name = 'Malerbetrieb Kunz'"));
        Assert.True(CountRows("SELECT COUNT(*) FROM Products") >= 40);
        // The demo as a newcomer gets it: about 200 customers, computed from two years of month-end runs and today's,
        // with figures for every customer and care tasks.
        Assert.Equal(200L, CountRows("SELECT COUNT(*) FROM Customers"));
        Assert.Equal(25L, CountRows("SELECT COUNT(*) FROM SegmentationRuns WHERE Status = 'Completed'"));
        Assert.Equal(CountRows("SELECT COUNT(*) FROM Customers"), CountRows("SELECT COUNT(*) FROM CustomerFigures"));
        Assert.True(CountRows("SELECT COUNT(*) FROM CareTasks") > 0);
        Assert.True(CountRows("SELECT COUNT(*) FROM Escalations WHERE Status = 'Open'") >= 4);
    }

    [Fact]
    public async Task Create_user_makes_a_staff_user_and_refuses_bad_input()
    {
        var created = await PortalProcess.RunAsync(folder, Environment, "create-user", "--email", "ops@portal.example", "--role", "Admin", "--name", "Ops");
        var duplicate = await PortalProcess.RunAsync(folder, Environment, "create-user", "--email", "ops@portal.example", "--role", "Admin");
        var badRole = await PortalProcess.RunAsync(folder, Environment, "create-user", "--email", "x@portal.example", "--role", "Customer");
        var weak = await PortalProcess.RunAsync(folder, Environment, "create-user", "--email", "y@portal.example", "--role", "InsideSales", "--password", "weak");

        Assert.True(created.ExitCode == 0, created.Error);
        Assert.Matches("Initial password \\(shown once\\): \\S{12,}", created.Output);
        Assert.Equal(2, duplicate.ExitCode);
        Assert.Contains("already taken", duplicate.Error);
        Assert.NotEqual(0, badRole.ExitCode);
        Assert.Contains("Customer", badRole.Error);
        Assert.Equal(2, weak.ExitCode);
        Assert.Equal(1L, CountRows("SELECT COUNT(*) FROM AspNetUsers"));
    }

    [Fact]
    public async Task Send_summary_queues_last_months_summary_for_the_opted_in_demo_admin_once()
    {
        var seeded = await PortalProcess.RunAsync(folder, Environment, "seed-demo");
        Assert.True(seeded.ExitCode == 0, seeded.Error);
        var month = Portal.Localization.Dates.BusinessToday(TimeProvider.System).AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        // Outside Development a mail's links need the portal's public address.
        var environment = new Dictionary<string, string>(Environment) { ["Mail__PublicUrl"] = "https://portal.example" };

        var first = await PortalProcess.RunAsync(folder, environment, "insights", "send-summary", "--month", month);
        var again = await PortalProcess.RunAsync(folder, environment, "insights", "send-summary");
        var future = await PortalProcess.RunAsync(folder, environment, "insights", "send-summary", "--month", "2999-01");

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains($"Monthly summary {month}: 1 mail(s) queued.", first.Output);
        Assert.Contains($"Monthly summary {month}: 0 mail(s) queued.", again.Output);
        Assert.Equal(2, future.ExitCode);
        Assert.Contains("is not over yet", future.Error);
        Assert.Equal(1L, CountRows($"SELECT COUNT(*) FROM OutboxMessages WHERE Kind = 'MonthlySummary' AND \"To\" = 'admin@portal.example' AND DedupeKey LIKE 'monthly-summary:%:{month}' AND TextBody LIKE '%https://portal.example/insights%'"));
    }

    [Fact]
    public async Task Api_client_create_prints_the_key_once_stores_only_its_hash_and_refuses_unknown_scopes()
    {
        var created = await PortalProcess.RunAsync(folder, Environment, "api-client", "create", "--name", "ERP", "--scopes", "orders:read,orders:write");
        var unknown = await PortalProcess.RunAsync(folder, Environment, "api-client", "create", "--name", "ERP 2", "--scopes", "orders:read,orders:delete");
        var revoked = await PortalProcess.RunAsync(folder, Environment, "api-client", "revoke", "--id", "1");

        Assert.True(created.ExitCode == 0, created.Error);
        Assert.Contains("Created API client 1 \"ERP\" with scopes orders:read,orders:write.", created.Output);
        var key = System.Text.RegularExpressions.Regex.Match(created.Output, @"API key \(shown once\): (pk_[A-Za-z0-9_-]{43})").Groups[1].Value;
        Assert.NotEmpty(key);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Unknown scope: orders:delete", unknown.Error);
        Assert.True(revoked.ExitCode == 0, revoked.Error);
        Assert.Equal(1L, CountRows($"SELECT COUNT(*) FROM ApiClients WHERE KeyHash = '{Portal.Api.ApiKeys.Hash(key)}' AND Scopes = 'orders:read orders:write' AND RevokedAt IS NOT NULL"));
        Assert.Equal(0L, CountRows($"SELECT COUNT(*) FROM ApiClients WHERE KeyHash LIKE '%{key[3..]}%' OR KeyPrefix = '{key}'"));
        Assert.Equal(2L, CountRows("SELECT COUNT(*) FROM AuditEntries WHERE ItemType = 'ApiClient' AND UserName = 'command line'"));
    }

    private long CountRows(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "data", "portal.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
