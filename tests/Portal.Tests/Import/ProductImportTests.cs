using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.ProductManagement;
using Portal.Tests.Infrastructure;
using Portal.Tests.ProductManagement;

namespace Portal.Tests.Import;

/// One product import for the command line, the admin upload and the product managers' offer CSV: the offer export
/// imports again unchanged, a file gives the same products whichever way it comes in, and a large upload is written
/// batch by batch while it is read.
public sealed class ProductImportTests(DemoPortal portal) : IClassFixture<DemoPortal>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("portal-product-import-").FullName;

    [Theory]
    [InlineData("German")]
    [InlineData("International")]
    public async Task An_exported_offer_imported_again_as_downloaded_changes_nothing(string format)
    {
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        var before = await portal.WithDbAsync(db => RowsAsync(db.Database.GetDbConnection(), OfferSql("%")));
        var auditBefore = await portal.WithDbAsync(db => db.AuditEntries.CountAsync());

        var export = await pm.Http.GetByteArrayAsync($"/pm/offer-csv?handler=Export&kind=Products&format={format}");
        var response = await pm.UploadOfferCsvAsync("Products", export, format);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        var rows = before.Count;
        Assert.Contains($"{rows} rows read, {rows} imported, 0 with errors", page.QuerySelector("[data-testid='import-result']")!.TextContent);
        Assert.Equal(before, await portal.WithDbAsync(db => RowsAsync(db.Database.GetDbConnection(), OfferSql("%"))));
        Assert.Equal(auditBefore, await portal.WithDbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task A_product_file_gives_the_same_products_from_the_command_line_and_from_the_product_managers_upload()
    {
        var gtin = Gtin.WithCheckDigit("400123400001");
        var file = string.Join('\n',
            string.Join(',', OfferCsv.ProductColumns),
            $"SAME-1,Test primer,Testgrundierung,For the test.,Für den Test.,Primers,l,0.19,Canister 1 l,Kanister 1 l,1,1,{gtin},1.1,3.25,2,1",
            "same-2,Test primer,Testgrundierung,For the test.,Für den Test.,Primers,l,0.19,Canister 10 l,Kanister 10 l,10,0,,10.5,25,5,1",
            "SAME-3,Test tape,,,,Tape & masking,m,0.07,Roll 50 m,,50,0,,0.3,1.5,1,0",
            "BAD SKU,Test tape,,,,Tape & masking,m,0.07,Roll 50 m,,50,0,,0.3,1.5,1,0",
            "SAME-2,Test primer,,,,Primers,l,0.19,Canister 10 l,,12,0,,,,,",
            "");
        var path = Path.Combine(folder, "products.csv");
        await File.WriteAllTextAsync(path, file);

        var cli = await PortalProcess.RunAsync(folder, new Dictionary<string, string> { ["Portal__DataPath"] = Path.Combine(folder, "data") }, "import", "products", "--file", path);
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        var upload = await HtmlClient.ParseAsync(await pm.UploadOfferCsvAsync("Products", file, "International"));

        Assert.True(cli.ExitCode == 0, cli.Error);
        Assert.Contains("products: 5 products read, 3 imported, 0 updated, 0 already present, 2 rejected", cli.Output);
        Assert.Contains("5 rows read, 3 imported, 2 with errors", upload.QuerySelector("[data-testid='import-result']")!.TextContent);
        await using var cliDb = new SqliteConnection($"Data Source={Path.Combine(folder, "data", "portal.db")};Pooling=false");
        var fromCli = await RowsAsync(cliDb, OfferSql("SAME-%"));
        var fromUpload = await portal.WithDbAsync(db => RowsAsync(db.Database.GetDbConnection(), OfferSql("SAME-%")));
        Assert.Equal(3, fromCli.Count);
        Assert.Equal(fromCli, fromUpload);
        Assert.Equal("SAME-1 same-2", fromCli[0].Split('|')[^2]);

        // The same rows are refused for the same reasons: a SKU with a space, and a SKU already in the file in
        // another case (SKUs are unique without regard to case).
        var reasons = upload.QuerySelectorAll("[data-testid='row-errors'] tbody tr").Select(r => (r.Children[0].TextContent, r.Children[1].TextContent)).ToList();
        Assert.Equal([("5", "sku 'BAD SKU' may hold letters, digits, dot, dash and underscore only (at most 64)"), ("6", "SKU SAME-2 already appears in line 3")], reasons);
        var rejects = File.ReadAllLines(path + ".rejects.csv").Skip(1).ToList();
        Assert.Equal(reasons.Count, rejects.Count);
        Assert.All(reasons.Zip(rejects), r => Assert.True(r.Second.StartsWith(r.First.Item1 + ",", StringComparison.Ordinal) && r.Second.Contains(r.First.Item2, StringComparison.Ordinal), r.Second));

        // Both are in the audit trail: from the command line as a system change, from the upload under the product manager.
        Assert.Equal(["System|Created|5"], await RowsAsync(cliDb, "SELECT UserName, Action, COUNT(*) FROM AuditEntries GROUP BY UserName, Action"));
        var uploadAudit = await portal.WithDbAsync(db => db.AuditEntries.Where(e => e.ItemName.StartsWith("Test ")).Select(e => new { e.UserName, e.UserId, e.Action }).ToListAsync());
        Assert.Equal(5, uploadAudit.Count);
        Assert.All(uploadAudit, e => Assert.Equal(("Paul Mertens", true, AuditAction.Created), (e.UserName, e.UserId is not null, e.Action)));
    }

    [Fact]
    public async Task A_large_offer_file_is_written_batch_by_batch_while_the_upload_is_still_being_read()
    {
        // Three pack sizes per product, so that one product's pack sizes fall into two batches (rows 4998 to 5000).
        const int rows = 20_000;
        var csv = new StringBuilder("sku;product;category;unit;pack;units;cost\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"BULK-{i:D5};Bulk product {i / 3:D5};Primers;l;Can {i % 3 + 1} l;{i % 3 + 1};{i % 97},5\n");
        }

        Task<int> WrittenAsync() => portal.WithDbAsync(db => db.PackSizes.CountAsync(s => s.Sku.StartsWith("BULK-")));
        await using var input = new EndObservingStream(Encoding.UTF8.GetBytes(csv.ToString()), WrittenAsync);
        await using var scope = portal.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<OfferCsv>().ImportAsync(OfferCsv.Kind.Products, OfferCsv.Format.German, input, default);

        Assert.Equal((rows, rows, 0), (result.Read, result.Imported, result.Errors.Count));
        Assert.Equal(rows, await WrittenAsync());
        Assert.True(input.WrittenAtEnd > 0, "Nothing was written before the upload had been read to its end.");
        var split = await portal.WithDbAsync(db => db.Products.Where(p => p.Name == "Bulk product 01666").SelectMany(p => p.PackSizes).OrderBy(s => s.Sku).Select(s => s.Sku).ToListAsync());
        Assert.Equal(["BULK-04998", "BULK-04999", "BULK-05000"], split);
        Assert.Equal((rows + 2) / 3, await portal.WithDbAsync(db => db.Products.CountAsync(p => p.Name.StartsWith("Bulk product "))));
    }

    // Everything the offer CSV carries, the category by name and the product by its pack sizes, so that two
    // databases can be compared.
    private static string OfferSql(string skuPattern) => $"""
        SELECT s.Sku, p.Name, p.NameDe, p.Description, p.DescriptionDe, c.Name, p.BaseUnit, p.TaxRate, s.Name, s.NameDe, s.UnitsPerPack,
               s.IsSmallPack, s.Gtin, s.WeightKg, s.CostPrice, s.LeadTimeDays, s.IsActive, p.SearchText,
               (SELECT group_concat(o.Sku, ' ') FROM (SELECT Sku FROM PackSizes WHERE ProductId = s.ProductId ORDER BY Sku) o),
               p.IsActive
        FROM PackSizes s JOIN Products p ON p.Id = s.ProductId JOIN Categories c ON c.Id = p.CategoryId
        WHERE s.Sku LIKE '{skuPattern}'
        ORDER BY s.Sku
        """;

    private static async Task<List<string>> RowsAsync(DbConnection connection, string sql)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// An upload that notes, when it is read to its end, how much of it had been written by then.
    private sealed class EndObservingStream(byte[] content, Func<Task<int>> written) : MemoryStream(content)
    {
        public int? WrittenAtEnd { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Observe(base.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Observe(base.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => Observe(await base.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Observe(int read)
        {
            if (read == 0 && WrittenAtEnd is null)
            {
                WrittenAtEnd = written().GetAwaiter().GetResult();
            }

            return read;
        }
    }
}
