using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Data;

/// A first start on SQLite killed while it migrates (SQLite rebuilds some tables outside a transaction) must never
/// leave a half-migrated database that the next start uses as it is: the next start redoes the migration from the
/// copy it took before, and ends with a whole database.
public sealed class InterruptedMigrationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("portal-migrate-kill-").FullName;

    private string Database => Path.Combine(folder, "data", "portal.db");

    private Dictionary<string, string> Environment => new() { ["Portal__DataPath"] = Path.Combine(folder, "data") };

    /// Starts "portal migrate" and kills the whole process after the given time, as a power cut or an impatient
    /// operator would; answers whether it was still running then.
    private async Task<bool> KillMigrateAfterAsync(TimeSpan after)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Portal.dll"));
        start.ArgumentList.Add("migrate");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in Environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExit(after);
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        return !exited;
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private string Text(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    [Fact]
    public async Task A_first_migration_killed_at_any_moment_is_completed_by_the_next_start()
    {
        var complete = await PortalProcess.RunAsync(folder, Environment, "migrate");
        Assert.True(complete.ExitCode == 0, complete.Error);
        var migrations = Scalar("SELECT COUNT(*) FROM __EFMigrationsHistory");
        var tables = Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");

        // Kill the first migration at different moments: before it starts, in the middle, near its end.
        var killedWhileRunning = 0;
        foreach (var milliseconds in new[] { 900, 1300, 1700, 2100, 2600, 3200 })
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Path.Combine(folder, "data"), recursive: true);
            if (await KillMigrateAfterAsync(TimeSpan.FromMilliseconds(milliseconds)))
            {
                killedWhileRunning++;
            }

            var next = await PortalProcess.RunAsync(folder, Environment, "migrate");

            Assert.True(next.ExitCode == 0, $"after a kill at {milliseconds} ms: {next.Error}");
            Assert.Equal(migrations, Scalar("SELECT COUNT(*) FROM __EFMigrationsHistory"));
            Assert.Equal(tables, Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"));
            Assert.Equal("ok", Text("PRAGMA integrity_check"));
            Assert.Equal(0, Scalar("SELECT COUNT(*) FROM pragma_foreign_key_check"));
            Assert.Equal(0, Scalar("SELECT COUNT(*) FROM OrderLines"));
            Assert.False(File.Exists(Database + ".migrating"), "the copy is removed once the migration is complete");
        }

        Assert.True(killedWhileRunning > 0, "no kill landed while the migration ran; the delays need adjusting for this machine");
    }

    [Fact]
    public async Task A_start_that_finds_the_copy_of_an_interrupted_migration_puts_it_back_and_migrates_again()
    {
        Assert.Equal(0, (await PortalProcess.RunAsync(folder, Environment, "migrate")).ExitCode);
        var migrations = Scalar("SELECT COUNT(*) FROM __EFMigrationsHistory");
        // The state a kill in the middle of a table rebuild leaves: a copy of the whole file from before, and a
        // database missing a table and most of its history.
        File.Copy(Database, Database + ".migrating");
        Scalar("DROP TABLE OrderLines; DELETE FROM __EFMigrationsHistory; SELECT 0");

        var next = await PortalProcess.RunAsync(folder, Environment, "migrate");

        Assert.True(next.ExitCode == 0, next.Error);
        Assert.Equal(migrations, Scalar("SELECT COUNT(*) FROM __EFMigrationsHistory"));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM OrderLines"));
        Assert.False(File.Exists(Database + ".migrating"));
    }

    [Fact]
    public async Task A_database_from_before_the_migrations_were_squashed_is_refused_with_what_to_do()
    {
        Assert.Equal(0, (await PortalProcess.RunAsync(folder, Environment, "migrate")).ExitCode);
        // Only migrations this build does not know (the history holds one row per migration since the squash).
        Scalar("DELETE FROM __EFMigrationsHistory; INSERT INTO __EFMigrationsHistory (MigrationId, ProductVersion) VALUES ('20261127023342_InitialCreate', '10.0.0'); SELECT 0");

        var next = await PortalProcess.RunAsync(folder, Environment, "migrate");

        Assert.NotEqual(0, next.ExitCode);
        Assert.Contains("before 3 December 2026", next.Error + next.Output);
        Assert.Contains("Recreate it", next.Error + next.Output);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
