using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Segmentation;

/// `portal generate` (the benchmark's data) as an operator runs it: the counts asked for, data the segmentation
/// runs over, and a refusal of bad input and of a database that already holds data.
public sealed partial class GenerateCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("portal-generate-").FullName;

    private Dictionary<string, string> Environment => new() { ["Portal__DataPath"] = Path.Combine(folder, "data") };

    [Fact]
    public async Task Generates_the_asked_counts_into_an_empty_database_and_refuses_a_second_time()
    {
        var first = await PortalProcess.RunAsync(folder, Environment, "generate", "--customers", "60", "--lines", "1500", "--as-of", "2026-11-26");
        var second = await PortalProcess.RunAsync(folder, Environment, "generate", "--customers", "5", "--lines", "10", "--as-of", "2026-11-26");
        var segment = await PortalProcess.RunAsync(folder, Environment, "segment", "--as-of", "2026-11-26", "--format", "csv");

        Assert.True(first.ExitCode == 0, first.Error);
        var printed = GeneratedLine().Match(first.Output);
        Assert.True(printed.Success, first.Output);
        Assert.Equal("60", printed.Groups["customers"].Value);
        Assert.Equal("1,500", printed.Groups["lines"].Value);
        Assert.Equal(60L, CountRows("SELECT COUNT(*) FROM Customers"));
        Assert.Equal(1500L, CountRows("SELECT COUNT(*) FROM OrderLines"));
        Assert.Equal(long.Parse(printed.Groups["orders"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), CountRows("SELECT COUNT(*) FROM Orders"));
        Assert.Equal(0L, CountRows("SELECT COUNT(*) FROM Orders WHERE Id NOT IN (SELECT OrderId FROM OrderLines)"));
        Assert.Equal(0L, CountRows("SELECT COUNT(*) FROM OrderLines WHERE PackSizeId NOT IN (SELECT Id FROM PackSizes)"));

        Assert.Equal(2, second.ExitCode);
        Assert.Contains("already holds customers or orders", second.Error);
        Assert.Equal(60L, CountRows("SELECT COUNT(*) FROM Customers"));
        Assert.Equal(1500L, CountRows("SELECT COUNT(*) FROM OrderLines"));

        Assert.True(segment.ExitCode == 0, segment.Error);
        Assert.Contains("Segmented 60 customers", segment.Error);
        Assert.Equal(61, segment.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Segment_backfills_month_end_runs_once_before_todays_and_refuses_a_bad_count()
    {
        await PortalProcess.RunAsync(folder, Environment, "generate", "--customers", "20", "--lines", "400", "--as-of", "2026-11-26");

        var first = await PortalProcess.RunAsync(folder, Environment, "segment", "--backfill-months", "3", "--format", "csv");
        var again = await PortalProcess.RunAsync(folder, Environment, "segment", "--backfill-months", "3", "--format", "csv");
        var bad = await PortalProcess.RunAsync(folder, Environment, "segment", "--backfill-months", "0");
        var dry = await PortalProcess.RunAsync(folder, Environment, "segment", "--backfill-months", "2", "--dry-run");

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("Backfill: 3 month-end run(s) made.", first.Error);
        Assert.StartsWith("customer,revenue,", first.Output);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("Backfill: 0 month-end run(s) made.", again.Error);
        // Three month ends, then today's run twice (the second call runs today again).
        Assert.Equal(5L, CountRows("SELECT COUNT(*) FROM SegmentationRuns WHERE Status = 'Completed'"));
        Assert.Equal(3L, CountRows("SELECT COUNT(DISTINCT AsOf) FROM SegmentationRuns WHERE RequestedBy = 'history'"));
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--backfill-months takes 1 to 60.", bad.Error);
        Assert.Equal(2, dry.ExitCode);
        Assert.Contains("cannot be combined with --dry-run", dry.Error);
    }

    [Theory]
    [InlineData("--customers", "0", "--customers must be at least 1")]
    [InlineData("--lines", "-5", "--lines must not be negative")]
    [InlineData("--as-of", "2026-13-01", "--as-of '2026-13-01' is not a date")]
    [InlineData("--customers", "many", "many")]
    public async Task Bad_input_is_refused_with_a_message_and_writes_nothing(string option, string value, string message)
    {
        var result = await PortalProcess.RunAsync(folder, Environment, "generate", option, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.True(!File.Exists(DatabaseFile) || CountRows("SELECT COUNT(*) FROM Customers") == 0);
    }

    [GeneratedRegex(@"Generated (?<customers>[\d,]+) customers, (?<orders>[\d,]+) orders, (?<lines>[\d,]+) order lines up to 2026-11-26")]
    private static partial Regex GeneratedLine();

    private string DatabaseFile => Path.Combine(folder, "data", "portal.db");

    private long CountRows(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabaseFile};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
