using System.Globalization;
using System.Text;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Segmentation;

/// The real order data (a UK wholesaler's year of invoices, returns included) through the command line as an
/// operator would run it, and the Pareto classes checked against a computation of the test's own, straight from
/// the CSV file.
public sealed class OnlineRetailSampleTests : IDisposable
{
    private const string Map = "order=Invoice,customer=Customer ID,date=InvoiceDate,sku=StockCode,quantity=Quantity,price=Price,description=Description";
    private readonly string folder = Directory.CreateTempSubdirectory("portal-uci-").FullName;

    private Dictionary<string, string> Environment => new() { ["Portal__DataPath"] = Path.Combine(folder, "data") };

    /// tests/data/online-retail-ii-sample/ in the repository, a copy of ../shared/data (CC BY 4.0, see its README);
    /// PORTAL_SAMPLE_DATA names another folder.
    private static string SampleFile()
    {
        var configured = System.Environment.GetEnvironmentVariable("PORTAL_SAMPLE_DATA");
        var sampleFolder = configured ?? Path.Combine(Repository.Root, "tests", "data", "online-retail-ii-sample");
        var file = Path.Combine(sampleFolder, "order_lines_sample.csv");
        Assert.True(File.Exists(file), $"The Online Retail II sample is expected at {file} (set PORTAL_SAMPLE_DATA to its folder).");
        return file;
    }

    [Fact]
    public async Task The_real_order_data_imports_as_it_is_and_pareto_classes_match_an_independent_computation()
    {
        var file = SampleFile();

        var import = await PortalProcess.RunAsync(folder, Environment, "import", "orders", "--file", file, "--map", Map);
        var again = await PortalProcess.RunAsync(folder, Environment, "import", "orders", "--file", file, "--map", Map);
        var segment = await PortalProcess.RunAsync(folder, Environment, "segment", "--mode", "pareto", "--as-of", "2010-12-09", "--format", "csv", "--dry-run");

        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Contains("40,379 lines read, 40,379 imported, 0 updated, 0 already present, 0 rejected; 2,330 orders created, 428 unknown customers", import.Output);
        // The sample has no row that fails to parse (its guest lines without a customer were left out of it), so
        // no rejects file is written; ImportTests pins the rejects with hand-made bad rows.
        Assert.False(File.Exists(file + ".rejects.csv"));
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("40,379 lines read, 0 imported, 0 updated, 40,379 already present, 0 rejected; 0 orders created, 0 unknown customers", again.Output);

        Assert.True(segment.ExitCode == 0, segment.Error);
        var lines = segment.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("customer,revenue,potential,cost_to_serve,contribution,class,strategy", lines[0]);
        var computed = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => (Revenue: decimal.Parse(f[1], CultureInfo.InvariantCulture), Segment: f[5]));
        var expected = IndependentPareto(file, new DateOnly(2010, 12, 9));

        Assert.Equal(428, computed.Count);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), computed.Keys.Order(StringComparer.Ordinal));
        foreach (var (customer, (revenue, expectedSegment)) in expected)
        {
            Assert.True(computed[customer] == (Math.Round(revenue, 2, MidpointRounding.AwayFromZero), expectedSegment),
                $"customer {customer}: expected {revenue:0.00} {expectedSegment}, portal says {computed[customer].Revenue:0.00} {computed[customer].Segment}");
        }

        Assert.Equal(3, expected.Values.Select(v => v.Segment).Distinct().Count());
        Assert.Matches(@"Segmented 428 customers as of 2010-12-09 \(pareto", segment.Error);
    }

    /// Revenue per customer over the invoice lines whose day is after as-of minus 12 months and on or before as-of,
    /// then A while the customers ranked above hold less than 80 % of the positive total, B below 95 %, else C.
    private static Dictionary<string, (decimal Revenue, string Segment)> IndependentPareto(string file, DateOnly asOf)
    {
        var first = asOf.AddMonths(-12);
        var revenue = new Dictionary<string, decimal>(StringComparer.Ordinal);
        using var reader = new StreamReader(file);
        var header = SplitCsvLine(reader.ReadLine()!);
        int Column(string name) => Array.IndexOf(header, name);
        var (invoiceDate, quantity, price, customer) = (Column("InvoiceDate"), Column("Quantity"), Column("Price"), Column("Customer ID"));
        while (reader.ReadLine() is { } line)
        {
            var fields = SplitCsvLine(line);
            var id = fields[customer];
            revenue.TryAdd(id, 0m);
            var day = DateOnly.ParseExact(fields[invoiceDate][..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (day > first && day <= asOf)
            {
                revenue[id] += int.Parse(fields[quantity], CultureInfo.InvariantCulture) * decimal.Parse(fields[price], CultureInfo.InvariantCulture);
            }
        }

        var total = revenue.Values.Where(v => v > 0).Sum();
        var ranked = revenue.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        var result = new Dictionary<string, (decimal, string)>(StringComparer.Ordinal);
        var before = 0m;
        foreach (var (id, value) in ranked)
        {
            result[id] = (value, value <= 0 ? "C" : before < 0.80m * total ? "A" : before < 0.95m * total ? "B" : "C");
            before += value;
        }

        return result;
    }

    private static string[] SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields.ToArray();
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
