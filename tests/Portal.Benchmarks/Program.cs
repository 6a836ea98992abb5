using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal;
using Portal.Data;
using Portal.Localization;
using Portal.Ordering;
using Portal.Segmentation;

// The segmentation benchmark (issue 7): generate a synthetic database with `portal generate` (a child process, so
// that its memory is not counted), time the plain SQL aggregate (revenue per customer over the 12-month window,
// cancelled orders excluded) on it, then time the full recompute through the same code path as `portal segment`
// (a stored run) three times (first, repeat, next day), and report the recompute's peak memory. Prints one Markdown
// table row per run.
//
// Usage: Portal.Benchmarks --engine sqlite|postgres [--customers N] [--lines N] [--as-of yyyy-MM-dd]
//        [--work DIR] [--postgres "Host=...;Username=..."] [--database portal_bench]
var options = Arguments.Parse(args);
if (options is null)
{
    return 2;
}

var (engine, customers, lines, asOf, work, postgres, databaseName) = options;
if (GarbageCollectorMismatch() is { } mismatch)
{
    Console.Error.WriteLine($"Portal.Benchmarks: {mismatch}; the recompute would not be measured as the portal runs it.");
    return 1;
}

Directory.CreateDirectory(work);
var environment = new Dictionary<string, string>
{
    ["Portal__DataPath"] = Path.Combine(work, "data"),
    ["Logging__LogLevel__Default"] = "Warning",
    ["DOTNET_ENVIRONMENT"] = "Production",
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
    ["Segmentation__NightlyEnabled"] = "false",
    ["Insights__MonthlySummary__Enabled"] = "false",
    // The migrations' probing of a fresh database logs failed commands; they are expected.
    ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "None",
};

// PORTAL_BENCH_REUSE=1 (for iterating on the code, not for the reported figures): keep a pristine copy of the
// generated data (a template database, a copy of the SQLite file) and start from it instead of generating again.
// The generator is deterministic, so the data are the same either way.
var reuse = Environment.GetEnvironmentVariable("PORTAL_BENCH_REUSE") is "1" or "true";
var pristineName = string.Create(CultureInfo.InvariantCulture, $"{databaseName}_{customers}_{lines}_{asOf:yyyyMMdd}");
var restored = false;
if (engine == "postgres")
{
    var server = new NpgsqlConnectionStringBuilder(postgres) { Database = "postgres", Pooling = false };
    await using (var connection = new NpgsqlConnection(server.ConnectionString))
    {
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
        await using var exists = new NpgsqlCommand($"SELECT count(*) FROM pg_database WHERE datname = '{pristineName}'", connection);
        restored = reuse && (long)(await exists.ExecuteScalarAsync())! == 1;
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"{(restored ? $" TEMPLATE \"{pristineName}\"" : "")}", connection);
        await create.ExecuteNonQueryAsync();
    }

    environment["Database__Provider"] = "Postgres";
    environment["ConnectionStrings__Portal"] = new NpgsqlConnectionStringBuilder(postgres) { Database = databaseName }.ConnectionString;
}
else
{
    var data = Path.Combine(work, "data");
    if (Directory.Exists(data))
    {
        Directory.Delete(data, recursive: true);
    }

    var pristine = Path.Combine(work, pristineName + ".db");
    if (reuse && File.Exists(pristine))
    {
        Directory.CreateDirectory(data);
        File.Copy(pristine, Path.Combine(data, "portal.db"));
        restored = true;
    }
}

if (restored)
{
    Console.Error.WriteLine($"{engine}: reusing the data generated earlier ({pristineName})");
    if (engine == "postgres")
    {
        // The copy of the template leaves hundreds of megabytes to write back; not while measuring.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Database = databaseName, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection);
        await checkpoint.ExecuteNonQueryAsync();
    }
}
else
{
    Console.Error.WriteLine($"{engine}: generating {customers:N0} customers and {lines:N0} order lines as of {asOf:yyyy-MM-dd} ...");
    var generate = await RunPortalAsync(environment, "generate", "--customers", customers.ToString(CultureInfo.InvariantCulture),
        "--lines", lines.ToString(CultureInfo.InvariantCulture), "--as-of", asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    if (generate != 0)
    {
        Console.Error.WriteLine($"{engine}: portal generate failed with exit code {generate}.");
        return 1;
    }

    if (reuse && engine == "postgres")
    {
        var server = new NpgsqlConnectionStringBuilder(postgres) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{pristineName}\" TEMPLATE \"{databaseName}\"", connection);
        await create.ExecuteNonQueryAsync();
    }
    else if (reuse)
    {
        // The generator has closed its connections, so the WAL is checkpointed into the file.
        if (File.Exists(Path.Combine(work, "data", "portal.db-wal")))
        {
            throw new InvalidOperationException("The generated SQLite database still has a write-ahead log; not keeping a copy.");
        }

        File.Copy(Path.Combine(work, "data", "portal.db"), Path.Combine(work, pristineName + ".db"), overwrite: true);
    }
}

// The same host and services as the portal executable, on the generated database.
foreach (var (key, value) in environment)
{
    Environment.SetEnvironmentVariable(key, value);
}

var app = PortalHost.CreateBuilder([]).Build();
await using var scope = app.Services.CreateAsyncScope();
var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
if (restored)
{
    // Data kept from an earlier run may predate a migration of the code measured now.
    await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(default);
}

// Warm up both paths' fixed costs (EF model, connection, JIT of the query pipeline) outside the clock.
_ = await db.Customers.CountAsync();
_ = await db.SegmentationRuns.CountAsync();

var months = (await scope.ServiceProvider.GetRequiredService<SegmentationSettingsStore>().LoadAsync(default)).WindowMonths;
var runs = scope.ServiceProvider.GetRequiredService<SegmentationRuns>();

// Three stored runs one after the other: the first over the freshly generated data (every customer changes class,
// the worst case), the same day again (nothing changes: what a repeated run costs) and the next day (the nightly
// case: the window moves by a day, a few customers change).
foreach (var (label, day) in new[] { ("first", asOf), ("repeat", asOf), ("next day", asOf.AddDays(1)) })
{
    var window = new SegmentationWindow(day, months);
    var aggregate = await PlainAggregate.TimeAsync(db, window);
    Console.Error.WriteLine($"{engine} {label}: plain aggregate {aggregate.Elapsed.TotalSeconds:0.00} s ({aggregate.Customers:N0} customers with revenue, total {aggregate.Total:N2})");

    PeakMemory.Reset();
    var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var gcBefore = (Pause: GC.GetTotalPauseDuration(), Gen0: GC.CollectionCount(0), Gen1: GC.CollectionCount(1), Gen2: GC.CollectionCount(2), Allocated: GC.GetTotalAllocatedBytes());
    var stopwatch = Stopwatch.StartNew();
    var run = await runs.StartAsync(SegmentationTrigger.CommandLine, SegmentationRunStatus.Running, day, null, "benchmark", default)
        ?? throw new InvalidOperationException("Another segmentation run is active in the benchmark database.");
    var outcome = await runs.ExecuteAsync(run, null, null, failSilently: false, default);
    var recompute = stopwatch.Elapsed;
    var recomputeCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var gc = string.Format(CultureInfo.InvariantCulture, "GC pauses {0:0.00} s, collections {1}/{2}/{3} (gen 0/1/2), allocated {4:N0} MiB",
        (GC.GetTotalPauseDuration() - gcBefore.Pause).TotalSeconds, GC.CollectionCount(0) - gcBefore.Gen0, GC.CollectionCount(1) - gcBefore.Gen1,
        GC.CollectionCount(2) - gcBefore.Gen2, (GC.GetTotalAllocatedBytes() - gcBefore.Allocated) / (1024 * 1024));
    var peak = PeakMemory.MiB();
    Console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture,
        "{0} {11}: recompute {1:0.00} s (read {2:0.00} s, classify {3:0.00} s, store {4:0.00} s; CPU {9:0.00} s; load average {10} at the start), {5:N0} customers, {6:N0} changes, {7:N0} actions, peak {8:N0} MiB",
        engine, recompute.TotalSeconds, outcome.ReadTime.TotalSeconds, outcome.ClassifyTime.TotalSeconds, outcome.StoreTime.TotalSeconds,
        outcome.Rows.Count, outcome.Changes, outcome.ActionsCreated, peak, recomputeCpu.TotalSeconds, load, label));
    Console.Error.WriteLine($"{engine} {label}: store phase: {string.Join(", ", outcome.StoreSteps ?? [])}");
    Console.Error.WriteLine($"{engine} {label}: {gc}");

    // The aggregate once more, now that the recompute has read the same pages too: the faster of the two counts,
    // so the ratio is not flattered by a cold first aggregate.
    var again = await PlainAggregate.TimeAsync(db, window);
    var aggregateSeconds = Math.Min(aggregate.Elapsed.TotalSeconds, again.Elapsed.TotalSeconds);
    Console.Error.WriteLine($"{engine} {label}: plain aggregate again {again.Elapsed.TotalSeconds:0.00} s");

    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1} | {2:N0} | {3:N0} | {4:0.00} | {5:0.00} | {6:0.00} | {7:N0} | {8:N0} | {9} |",
        engine, label, customers, lines, aggregateSeconds, recompute.TotalSeconds, recompute.TotalSeconds / aggregateSeconds, outcome.Changes, peak, load));
}

return 0;

// The portal's garbage collector settings (its runtimeconfig.json, beside this program) against this process's.
static string? GarbageCollectorMismatch()
{
    using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Portal.runtimeconfig.json")));
    var portal = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
    var portalServer = portal.TryGetProperty("System.GC.Server", out var server) && server.GetBoolean();
    var portalDatas = portal.TryGetProperty("System.GC.DynamicAdaptationMode", out var datas) ? datas.ToString() : "default";
    var ownDatas = AppContext.GetData("System.GC.DynamicAdaptationMode")?.ToString() ?? "default";
    return portalServer == System.Runtime.GCSettings.IsServerGC && portalDatas == ownDatas
        ? null
        : $"garbage collector differs from the portal's (Server GC {portalServer} / {System.Runtime.GCSettings.IsServerGC}, DATAS mode {portalDatas} / {ownDatas})";
}

static async Task<int> RunPortalAsync(Dictionary<string, string> environment, params string[] args)
{
    // Generation is long and not measured: at a lower priority (nice), so that others sharing the machine can work.
    var nice = File.Exists("/usr/bin/nice");
    var start = new ProcessStartInfo(nice ? "/usr/bin/nice" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
    if (nice)
    {
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add("10");
        start.ArgumentList.Add("dotnet");
    }

    start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Portal.dll"));
    foreach (var arg in args)
    {
        start.ArgumentList.Add(arg);
    }

    foreach (var (key, value) in environment)
    {
        start.Environment[key] = value;
    }

    using var process = Process.Start(start)!;
    // Its output goes to standard error: standard output is the table.
    var output = Task.Run(async () =>
    {
        while (await process.StandardOutput.ReadLineAsync() is { } text)
        {
            Console.Error.WriteLine(text);
        }
    });
    // Progress lines: keep the last one on the terminal only.
    string? line;
    while ((line = await process.StandardError.ReadLineAsync()) is not null)
    {
        Console.Error.Write($"\r{line}".PadRight(60));
    }

    Console.Error.WriteLine();
    await output;
    await process.WaitForExitAsync();
    return process.ExitCode;
}

internal sealed record Arguments(string Engine, int Customers, long Lines, DateOnly AsOf, string Work, string Postgres, string Database)
{
    public static Arguments? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        var engine = values.GetValueOrDefault("--engine", "sqlite");
        if (args.Length % 2 != 0 || engine is not ("sqlite" or "postgres")
            || !int.TryParse(values.GetValueOrDefault("--customers", "100000"), CultureInfo.InvariantCulture, out var customers) || customers < 1
            || !long.TryParse(values.GetValueOrDefault("--lines", "2000000"), CultureInfo.InvariantCulture, out var lines) || lines < 0
            || !DateOnly.TryParseExact(values.GetValueOrDefault("--as-of", "2026-11-26"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
        {
            Console.Error.WriteLine("Usage: Portal.Benchmarks --engine sqlite|postgres [--customers N>=1] [--lines N>=0] [--as-of yyyy-MM-dd] [--work DIR] [--postgres CONNECTION] [--database NAME]");
            return null;
        }

        return new Arguments(engine, customers, lines, asOf,
            Path.GetFullPath(values.GetValueOrDefault("--work", Path.Combine(Path.GetTempPath(), "portal-benchmark"))),
            values.GetValueOrDefault("--postgres", "Host=127.0.0.1;Port=54331;Username=postgres"),
            values.GetValueOrDefault("--database", "portal_bench"));
    }
}

/// Revenue per customer over the window, cancelled orders excluded, as anyone would write it in SQL, every row
/// read to the client: the yardstick the recompute is measured against.
internal static class PlainAggregate
{
    public sealed record Result(TimeSpan Elapsed, int Customers, decimal Total);

    public static async Task<Result> TimeAsync(PortalDbContext db, SegmentationWindow window)
    {
        var from = Dates.StartOfBusinessDay(window.First);
        var to = Dates.StartOfBusinessDay(window.Last.AddDays(1));
        var placedAt = db.Model.FindEntityType(typeof(Order))!.FindProperty(nameof(Order.PlacedAt))!.GetTypeMapping().Converter;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var stopwatch = Stopwatch.StartNew();
            await using var command = connection.CreateCommand();
            command.CommandTimeout = 0;
            command.CommandText = """
                SELECT o."CustomerId", SUM(l."Quantity" * l."UnitPrice")
                FROM "Orders" AS o
                JOIN "OrderLines" AS l ON l."OrderId" = o."Id"
                WHERE o."PlacedAt" >= @from AND o."PlacedAt" < @to AND o."Status" <> @cancelled
                GROUP BY o."CustomerId"
                """;
            Add(command, "from", placedAt is null ? from : placedAt.ConvertToProvider(from)!);
            Add(command, "to", placedAt is null ? to : placedAt.ConvertToProvider(to)!);
            Add(command, "cancelled", nameof(OrderStatus.Cancelled));
            var customers = 0;
            var total = 0m;
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    customers++;
                    total += Convert.ToDecimal(reader.GetValue(1), CultureInfo.InvariantCulture);
                }
            }

            return new Result(stopwatch.Elapsed, customers, total);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void Add(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// The process's peak resident memory (VmHWM), reset before the measured part: Linux resets it when "5" is
/// written to /proc/self/clear_refs. Elsewhere, the process's peak working set since it started.
internal static class PeakMemory
{
    private static bool reset;

    public static void Reset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            reset = true;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static long MiB()
    {
        if (reset)
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
                }
            }
        }

        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (1024 * 1024);
    }
}
