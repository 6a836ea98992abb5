using System.Globalization;
using System.Net;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Customers;
using Portal.Sales;
using Portal.Tests.Infrastructure;
using Portal.Tests.ProductManagement;
using Portal.Web;

namespace Portal.Tests.Web;

/// Whatever a person typed (a search, a request, a product name, a line of an imported file) leaves the portal in a
/// CSV as text, never as a spreadsheet formula; numbers stay numbers.
public sealed class CsvExportTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    /// Every start a spreadsheet takes for a formula (OWASP), each with a payload behind it.
    public static readonly string[] Formulas =
    [
        "=1+2*HYPERLINK(\"http://evil.example\",\"x\")", "+SUM(1+1)", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)", "\t=1+1", "\r=1+1",
    ];

    public static TheoryData<string> EachFormula() => [.. Formulas];

    [Theory]
    [MemberData(nameof(EachFormula))]
    public void A_formula_gets_a_quote_and_comes_back_unchanged(string formula)
    {
        var written = SpreadsheetCsv.Neutralise(formula);

        Assert.Equal("'" + formula, written);
        Assert.Equal(formula, SpreadsheetCsv.Restore(written));
    }

    [Theory]
    [InlineData("-12.50")]
    [InlineData("-1.234,5")]
    [InlineData("+49")]
    [InlineData("19")]
    [InlineData("Wall paint")]
    [InlineData("'quoted on purpose")]
    public void Numbers_and_plain_text_stay_as_they_are(string value)
    {
        Assert.Equal(value, SpreadsheetCsv.Neutralise(value));
        Assert.Equal(value, SpreadsheetCsv.Restore(value));
    }

    private static List<string[]> Parse(string csv, char separator = ',')
    {
        using var reader = CsvReader.Create(new StringReader(csv), CsvReaderOptions.Default with { Separator = separator, HasHeader = false });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i) ?? "").ToArray());
        }

        return rows;
    }

    private static void AssertNoFormulaCell(IEnumerable<string[]> rows)
    {
        foreach (var cell in rows.SelectMany(r => r))
        {
            Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '@' or '\t' or '\r' && !decimal.TryParse(cell, CultureInfo.InvariantCulture, out _), $"A cell starts a formula: {cell}");
            Assert.False(cell.StartsWith('-') && !decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out _) && !decimal.TryParse(cell, NumberStyles.Number, CultureInfo.GetCultureInfo("de-DE"), out _), $"A cell starts a formula: {cell}");
        }
    }

    [Fact]
    public async Task Searches_and_requests_in_the_purchase_analysis_export_as_text()
    {
        var at = new DateTimeOffset(2018, 5, 10, 10, 0, 0, TimeSpan.FromHours(2));
        await portal.WithDbAsync(async db =>
        {
            var customer = new Customer { Number = "CSV-1", Name = "=Evil Co", Segment = Segment.C };
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            db.SearchMisses.AddRange(Formulas.Select(f => new SearchMiss { Term = f, CustomerId = customer.Id, At = at }));
            db.Escalations.AddRange(Formulas.Select(f => new Escalation
            {
                CustomerId = customer.Id, Type = EscalationType.NotInCatalog, Reason = f, CreatedAt = at, DueAt = at.AddDays(2),
            }));
            return await db.SaveChangesAsync();
        });
        var pm = portal.CreateHtmlClient();
        await pm.SignInAsync(DemoPortal.ProductManager, DemoPortal.Password);

        foreach (var list in new[] { "searches", "requests" })
        {
            var response = await pm.Http.GetAsync($"/pm/analysis?segment=C&from=2018-05-01&to=2018-05-31&handler=Csv&list={list}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var rows = Parse((await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));

            AssertNoFormulaCell(rows);
            // Search terms are stored in lower case; requests as typed.
            Assert.Equal(Formulas.Length, rows.Count(r => r.Any(c => c.StartsWith('\'') && c.Length > 1 && c[1] is '=' or '+' or '-' or '@' or '\t' or '\r')));
        }
    }

    [Fact]
    public async Task Product_names_export_as_text_and_import_again_unchanged()
    {
        var names = await portal.WithDbAsync(async db =>
        {
            var products = await db.Products.OrderBy(p => p.Id).Take(Formulas.Length).ToListAsync();
            for (var i = 0; i < products.Count; i++)
            {
                products[i].Name = Formulas[i];
            }

            await db.SaveChangesAsync();
            return products.ToDictionary(p => p.Id, p => p.Name);
        });
        var pm = portal.CreateHtmlClient();
        await pm.SignInAsync(DemoPortal.ProductManager, DemoPortal.Password);

        foreach (var (format, separator) in new[] { ("German", ';'), ("International", ',') })
        {
            var response = await pm.Http.GetAsync($"/pm/offer-csv?handler=Export&kind=Products&format={format}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var csv = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
            var rows = Parse(csv, separator);

            AssertNoFormulaCell(rows);
            Assert.Contains(rows, r => r[1] == "'" + Formulas[0]);
            if (format == "German")
            {
                Assert.Equal(HttpStatusCode.OK, (await pm.UploadOfferCsvAsync("Products", csv)).StatusCode);
                // Names that start with a formula character come back as typed (leading white space is trimmed on import).
                var after = await portal.WithDbAsync(db => db.Products.Where(p => names.Keys.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name));
                Assert.All(names.Where(n => !char.IsWhiteSpace(n.Value[0])), n => Assert.Equal(n.Value, after[n.Key]));
            }
        }
    }

    [Fact]
    public async Task A_rejected_import_line_is_text_in_the_rejects_download()
    {
        var admin = portal.CreateHtmlClient();
        await admin.SignInAsync(DemoPortal.Admin, DemoPortal.Password);
        var page = await admin.GetDocumentAsync("/admin/import");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var file = "Beleg;Kunde;Datum;Artikel;Menge;Preis\n" + string.Concat(Formulas.Select((f, i) => $"=X-{i};10001;01.03.2026;P100-1;{f.Replace(';', ' ').Replace('\r', ' ')};4,80\n"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Orders"), "Input.Kind" },
            { new StringContent("order=Beleg,customer=Kunde,date=Datum,sku=Artikel,quantity=Menge,price=Preis"), "Input.Map" },
            { new StringContent("de-DE"), "Input.Culture" },
            { new StringContent("Phone"), "Input.Channel" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(file)), "Input.File", "evil.csv" },
        };

        var result = await HtmlClient.ParseAsync(await admin.Http.PostAsync("/admin/import", form));
        var download = await admin.Http.GetAsync(result.QuerySelector("[data-testid=import-result] a")!.GetAttribute("href"));

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var rows = Parse(await download.Content.ReadAsStringAsync());
        Assert.Equal(Formulas.Length + 1, rows.Count);
        AssertNoFormulaCell(rows);
    }
}
