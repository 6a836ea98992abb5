using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Portal.Data;
using Portal.Localization;
using Portal.Segmentation;

namespace Portal.Cli;

/// `portal segment`: recompute the segmentation (and store it, unless --dry-run) and print one row per customer.
internal static class SegmentCommands
{
    public static Command Segment()
    {
        var asOf = new Option<string>("--as-of") { Description = "The last day of the 12-month window (yyyy-MM-dd); default today." };
        var mode = new Option<string>("--mode") { Description = "threshold or pareto; default: the mode in the settings." };
        mode.AcceptOnlyFromAmong("threshold", "pareto");
        var aShare = new Option<decimal?>("--a-share") { Description = "Pareto: A while the customers ranked above hold less than this share (default 0.8)." };
        var bShare = new Option<decimal?>("--b-share") { Description = "Pareto: B while the customers ranked above hold less than this share (default 0.95)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Compute and print only; store nothing." };
        var backfill = new Option<int?>("--backfill-months") { Description = "First run the segmentation as of each of the N month ends before --as-of (oldest first, skipping those already run), so trends and moves between classes have history. Each run sets the classes as of its day: use it after importing, before buyers use the portal." };
        backfill.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > 60)
            {
                result.AddError("--backfill-months takes 1 to 60.");
            }
        });
        var format = new Option<string>("--format") { Description = "table, csv or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var command = new Command("segment", "Recompute the customer segmentation (ABC by revenue and potential, cost to serve, strategy, actions) and print one row per customer.")
        {
            asOf, mode, aShare, bShare, dryRun, backfill, format,
        };
        command.SetAction((parse, cancellationToken) => PortalCommandLine.WithServicesAsync(parse, async (services, output) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (await AsOfAsync(parse, asOf, services) is not { } day)
            {
                return 2;
            }

            if (parse.GetValue(dryRun) && parse.GetValue(backfill) is not null)
            {
                await error.WriteLineAsync("--backfill-months stores runs; it cannot be combined with --dry-run.");
                return 2;
            }

            var chosenMode = parse.GetValue(mode) is { } m ? Enum.Parse<SegmentationMode>(m, ignoreCase: true) : (SegmentationMode?)null;
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            var stopwatch = Stopwatch.StartNew();
            SegmentationOutcome outcome;
            try
            {
                if (parse.GetValue(dryRun))
                {
                    outcome = await services.GetRequiredService<SegmentationRunner>().RunAsync(
                        new SegmentationRequest(day, chosenMode, parse.GetValue(aShare), parse.GetValue(bShare), DryRun: true), null, cancellationToken);
                }
                else
                {
                    if (parse.GetValue(backfill) is { } months)
                    {
                        // Progress on the error stream: the rows on standard output stay a clean table, CSV or JSON.
                        var made = await services.GetRequiredService<SegmentationHistory>().BackfillAsync(
                            months, day, d => error.WriteLine($"Backfill: as of {d:yyyy-MM-dd}"), cancellationToken);
                        if (made is null)
                        {
                            await error.WriteLineAsync("Another segmentation run is active; try the backfill again when it has finished.");
                            return 3;
                        }

                        await error.WriteLineAsync($"Backfill: {made} month-end run(s) made.");
                    }

                    var runs = services.GetRequiredService<SegmentationRuns>();
                    var run = await runs.StartAsync(SegmentationTrigger.CommandLine, SegmentationRunStatus.Running, day, chosenMode, "command line", cancellationToken);
                    if (run is null)
                    {
                        var active = await runs.ActiveAsync(cancellationToken);
                        await error.WriteLineAsync($"Another segmentation run is active (#{active?.Id}, {active?.Trigger}, {active?.Stage}); try again when it has finished, or use --dry-run.");
                        return 3;
                    }

                    outcome = await runs.ExecuteAsync(run, parse.GetValue(aShare), parse.GetValue(bShare), failSilently: false, cancellationToken);
                }
            }
            catch (InvalidSegmentationSettingsException e)
            {
                await error.WriteLineAsync(e.Message);
                return 2;
            }

            var rows = outcome.Rows.OrderBy(r => r.Number, StringComparer.Ordinal).ToList();
            switch (parse.GetValue(format))
            {
                case "csv":
                    WriteCsv(output, rows);
                    break;
                case "json":
                    await WriteJsonAsync(output, rows, outcome);
                    break;
                default:
                    await WriteTableAsync(output, rows);
                    break;
            }

            var counts = outcome.Rows.GroupBy(r => r.Evaluation.Segment).ToDictionary(g => g.Key, g => g.Count());
            await error.WriteLineAsync(string.Format(CultureInfo.InvariantCulture,
                "Segmented {0:N0} customers as of {1:yyyy-MM-dd} ({2}, window {3}): A {4:N0}, B {5:N0}, C {6:N0}; {7}. Read {8:0.00} s, classify {9:0.00} s, store {10:0.00} s, total {11:0.00} s; peak memory {12:N0} MiB.",
                outcome.Rows.Count, day, outcome.Settings.Mode.ToString().ToLowerInvariant(), outcome.Window,
                counts.GetValueOrDefault(Customers.Segment.A), counts.GetValueOrDefault(Customers.Segment.B), counts.GetValueOrDefault(Customers.Segment.C),
                parse.GetValue(dryRun) ? "dry run, nothing stored" : $"{outcome.Changes:N0} changes of class or strategy, {outcome.ActionsCreated:N0} new actions",
                outcome.ReadTime.TotalSeconds, outcome.ClassifyTime.TotalSeconds, outcome.StoreTime.TotalSeconds, stopwatch.Elapsed.TotalSeconds,
                Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)));
            return 0;
        }));
        return command;
    }

    /// The --as-of day, today when absent; null (after saying why) when it is not a date.
    internal static async Task<DateOnly?> AsOfAsync(ParseResult parse, Option<string> asOf, IServiceProvider services)
    {
        if (parse.GetValue(asOf) is not { Length: > 0 } text)
        {
            return Dates.BusinessToday(services.GetRequiredService<TimeProvider>());
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        await parse.InvocationConfiguration.Error.WriteLineAsync($"--as-of '{text}' is not a date (yyyy-MM-dd).");
        return null;
    }

    private static string Amount(decimal value) => Money.Round(value).ToString("0.00", CultureInfo.InvariantCulture);

    private static void WriteCsv(TextWriter output, List<SegmentationRow> rows)
    {
        using var csv = Web.SpreadsheetCsv.Create(output);
        csv.Row("customer", "revenue", "potential", "cost_to_serve", "contribution", "class", "strategy");
        foreach (var row in rows)
        {
            var e = row.Evaluation;
            csv.Row(row.Number, Amount(e.Revenue), Amount(e.Potential), Amount(e.CostToServe.Total), Amount(e.Contribution), e.Segment.ToString(), row.ComputedStrategy.ToString());
        }

        csv.Flush();
    }

    private static async Task WriteTableAsync(TextWriter output, List<SegmentationRow> rows)
    {
        var width = Math.Max(8, rows.Count == 0 ? 0 : rows.Max(r => r.Number.Length));
        await output.WriteLineAsync($"{"customer".PadRight(width)}  {"revenue",14}  {"potential",14}  {"cost to serve",13}  {"contribution",14}  class  override  strategy     actions");
        foreach (var row in rows)
        {
            var e = row.Evaluation;
            await output.WriteLineAsync(
                $"{row.Number.PadRight(width)}  {Amount(e.Revenue),14}  {Amount(e.Potential),14}  {Amount(e.CostToServe.Total),13}  {Amount(e.Contribution),14}  {e.Segment,-5}  {row.Override?.ToString() ?? "",-8}  {row.Evaluation.Strategy,-11}  {string.Join(' ', e.Actions.Select(a => a.Kind))}");
        }
    }

    private static async Task WriteJsonAsync(TextWriter output, List<SegmentationRow> rows, SegmentationOutcome outcome)
    {
        await using var stream = new MemoryStream();
        await using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("asOf", outcome.Window.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("windowFrom", outcome.Window.First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("mode", outcome.Settings.Mode.ToString().ToLowerInvariant());
            json.WriteNumber("smallCustomerThreshold", outcome.Settings.SmallCustomerThreshold);
            json.WriteStartArray("customers");
            foreach (var row in rows)
            {
                var e = row.Evaluation;
                json.WriteStartObject();
                json.WriteString("customer", row.Number);
                json.WriteNumber("revenue", Money.Round(e.Revenue));
                json.WriteNumber("potential", Money.Round(e.Potential));
                json.WriteNumber("basis", Money.Round(e.Basis));
                json.WriteNumber("costToServe", Money.Round(e.CostToServe.Total));
                json.WriteNumber("margin", Money.Round(e.Margin));
                json.WriteNumber("contribution", Money.Round(e.Contribution));
                json.WriteString("class", e.Segment.ToString());
                json.WriteString("revenueSegment", e.RevenueSegment.ToString());
                if (row.Override is { } forced)
                {
                    json.WriteString("override", forced.ToString());
                }
                else
                {
                    json.WriteNull("override");
                }

                json.WriteString("effectiveSegment", row.Effective.ToString());
                json.WriteString("strategy", row.ComputedStrategy.ToString());
                json.WriteString("effectiveStrategy", e.Strategy.ToString());
                json.WriteStartArray("actions");
                foreach (var action in e.Actions)
                {
                    json.WriteStartObject();
                    json.WriteString("kind", action.Kind.ToString());
                    json.WriteString("reason", action.Reason);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
                if (stream.Length > 1 << 20)
                {
                    await json.FlushAsync();
                    await output.WriteAsync(System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
                    stream.SetLength(0);
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
    }
}

/// `portal generate`: synthetic customers and order lines for the segmentation benchmark.
internal static class GenerateCommands
{
    public static Command Generate()
    {
        var customers = new Option<int>("--customers") { Description = "How many customers.", DefaultValueFactory = _ => 100_000 };
        var lines = new Option<long>("--lines") { Description = "How many order lines.", DefaultValueFactory = _ => 2_000_000 };
        var asOf = new Option<string>("--as-of") { Description = "The last day of the generated history (yyyy-MM-dd); default today." };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same data.", DefaultValueFactory = _ => 42 };
        var command = new Command("generate", "Fill an empty database with synthetic customers and 13 months of orders, for benchmarks.") { customers, lines, asOf, seed };
        command.SetAction((parse, cancellationToken) => PortalCommandLine.WithServicesAsync(parse, async (services, output) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(customers) < 1 || parse.GetValue(lines) < 0)
            {
                await error.WriteLineAsync("--customers must be at least 1 and --lines must not be negative.");
                return 2;
            }

            if (await SegmentCommands.AsOfAsync(parse, asOf, services) is not { } day)
            {
                return 2;
            }

            var initializer = services.GetRequiredService<DatabaseInitializer>();
            await initializer.MigrateAsync(cancellationToken);
            await initializer.EnsureRolesAsync();
            var generator = services.GetRequiredService<BenchmarkDataGenerator>();
            if (!await generator.DatabaseIsEmptyAsync(cancellationToken))
            {
                await error.WriteLineAsync("The database already holds customers or orders; generate only into an empty database.");
                return 2;
            }

            var stopwatch = Stopwatch.StartNew();
            var (c, o, l) = await generator.GenerateAsync(
                new BenchmarkDataGenerator.Options(parse.GetValue(customers), parse.GetValue(lines), day, parse.GetValue(seed)), error, cancellationToken);
            await output.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "Generated {0:N0} customers, {1:N0} orders, {2:N0} order lines up to {3:yyyy-MM-dd} in {4:0.0} s.", c, o, l, day, stopwatch.Elapsed.TotalSeconds));
            return 0;
        }));
        return command;
    }
}
