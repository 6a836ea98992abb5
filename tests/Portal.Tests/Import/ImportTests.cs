using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Import;
using Portal.Ordering;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Import;

/// The ERP import on hand-made files: bad rows into the rejects file with line and reason, cultures, mapping,
/// natural keys that make a second import change nothing.
public sealed class ImportTests : IAsyncLifetime, IDisposable
{
    private readonly PortalFactory portal = new(DatabaseKind.Sqlite, seedDemo: false);
    private readonly string folder = Directory.CreateTempSubdirectory("portal-import-").FullName;

    public Task InitializeAsync()
    {
        _ = portal.Services;
        return Task.CompletedTask;
    }

    private async Task<ImportSummary> ImportAsync(ImportKind kind, string content, string? map = null, string culture = "", string? delimiter = null, OrderChannel channel = OrderChannel.Phone, string name = "input.csv")
    {
        var path = Path.Combine(folder, name);
        await File.WriteAllTextAsync(path, content);
        var cultureInfo = CultureInfo.GetCultureInfo(culture);
        var request = new ImportRequest(kind, path, ImportRequest.ParseMap(kind, map), cultureInfo, delimiter ?? cultureInfo.TextInfo.ListSeparator, channel, ImportRequest.DefaultRejectsPath(path));
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ImportRunner>().RunAsync(request, null, default);
    }

    private string[] RejectLines(string name = "input.csv") => File.ReadAllLines(Path.Combine(folder, name + ".rejects.csv"));

    private const string UciHeader = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n";
    private const string UciMap = "order=Invoice,customer=Customer ID,date=InvoiceDate,sku=StockCode,quantity=Quantity,price=Price,description=Description";

    [Fact]
    public async Task Bad_rows_go_to_the_rejects_file_with_line_number_and_reason_and_the_good_rows_are_imported()
    {
        // Line 3 has no customer (the full UCI sheet has 107,927 such guest lines), line 4 a quantity that is not a
        // whole number, line 5 no date, line 6 a price that is no number, line 7 a stray quote, line 8 names
        // another customer for invoice 489443.
        var content = UciHeader
            + "489443,20754,RETRO RED SPOTTY WASHING UP GLOVES,6,2009-12-01 09:50:00,2.1,14110,United Kingdom\n"
            + "489444,21035,SET/2 RED SPOTTY TEA TOWELS ,12,2009-12-01 09:55:00,2.95,,United Kingdom\n"
            + "489443,22041,RECORD FRAME,4.5,2009-12-01 09:50:00,2.1,14110,United Kingdom\n"
            + "489443,82001S,VINYL RECORD FRAME SILVER,24,,3.39,14110,United Kingdom\n"
            + "489443,82482,WOODEN PICTURE FRAME,6,2009-12-01 09:50:00,two,14110,United Kingdom\n"
            + "489443,82494L,WOODEN FRAME \"ANTIQUE\" WHITE,6,2009-12-01 09:50:00,2.55,14110,United Kingdom\n"
            + "489443,21232,STRAWBERRY CERAMIC TRINKET BOX,12,2009-12-01 09:50:00,1.25,14120,United Kingdom\n"
            + "C489449,22087,PAPER BUNTING WHITE LACE,-12,2009-12-01 10:33:00,2.95,14110,United Kingdom\n";

        var summary = await ImportAsync(ImportKind.Orders, content, UciMap);

        Assert.Equal(8, summary.Read);
        Assert.Equal(2, summary.Created);
        Assert.Equal(6, summary.Rejected);
        var rejects = RejectLines();
        Assert.Equal("line,reason,record", rejects[0]);
        Assert.StartsWith("3,customer is missing,", rejects[1]);
        Assert.StartsWith("4,quantity '4.5' is not a whole number", rejects[2]);
        Assert.StartsWith("5,date is missing,", rejects[3]);
        Assert.StartsWith("6,price 'two' is not a number", rejects[4]);
        Assert.StartsWith("7,malformed CSV", rejects[5]);
        Assert.StartsWith("8,order 489443 belongs to customer 14110; this line names customer 14120,", rejects[6]);
        Assert.Contains("489444,21035,SET/2 RED SPOTTY TEA TOWELS ,12,2009-12-01 09:55:00,2.95,,United Kingdom", rejects[1]);

        var lines = await portal.WithDbAsync(db => db.OrderLines.OrderBy(l => l.Id).Select(l => new { l.Sku, l.Quantity, l.LineNumber }).ToListAsync());
        Assert.Equal([("20754", 6, 1), ("22087", -12, 1)], lines.Select(l => (l.Sku, l.Quantity, l.LineNumber)));
    }

    [Fact]
    public async Task A_second_import_of_the_same_file_changes_nothing_and_a_fixed_row_fills_its_gap()
    {
        var broken = UciHeader
            + "489443,20754,GLOVES,6,2009-12-01 09:50:00,2.1,14110,United Kingdom\n"
            + "489443,21035,TEA TOWELS,x,2009-12-01 09:50:00,2.95,14110,United Kingdom\n"
            + "489443,22041,RECORD FRAME,48,2009-12-01 09:50:00,2.1,14110,United Kingdom\n";

        var first = await ImportAsync(ImportKind.Orders, broken, UciMap);
        var again = await ImportAsync(ImportKind.Orders, broken, UciMap);
        var fixedFile = await ImportAsync(ImportKind.Orders, broken.Replace(",x,", ",12,", StringComparison.Ordinal), UciMap);

        Assert.Equal((2L, 1L), (first.Created, first.Rejected));
        Assert.Equal((0L, 2L, 1L), (again.Created, again.Unchanged, again.Rejected));
        Assert.Equal((1L, 2L, 0L), (fixedFile.Created, fixedFile.Unchanged, fixedFile.Rejected));
        Assert.False(File.Exists(Path.Combine(folder, "input.csv.rejects.csv")), "A clean import removes the stale rejects file.");
        var order = await portal.WithDbAsync(db => db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == "489443"));
        Assert.Equal([(1, "20754"), (2, "21035"), (3, "22041")], order.Lines.OrderBy(l => l.LineNumber).Select(l => (l.LineNumber, l.Sku)));
        Assert.Equal(6 * 2.1m + 12 * 2.95m + 48 * 2.1m, order.SubtotalNet);
        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.Equal(OrderChannel.Phone, order.Channel);
        Assert.Equal(1, await portal.WithDbAsync(db => db.Customers.CountAsync()));
        Assert.Equal(3, await portal.WithDbAsync(db => db.PackSizes.CountAsync()));
    }

    [Fact]
    public async Task Unknown_customers_and_products_become_minimal_records_and_are_counted()
    {
        var content = UciHeader
            + "1,SKU-1,First thing,1,2010-01-05,10,C1,DE\n"
            + "1,SKU-2,Second thing,2,2010-01-05,5,C1,DE\n"
            + "2,SKU-1,First thing,3,2010-01-06,10,C2,DE\n";

        var summary = await ImportAsync(ImportKind.Orders, content, UciMap);

        Assert.Equal((2L, 2L, 2L), (summary.OrdersCreated, summary.CustomersCreated, summary.ProductsCreated));
        var product = await portal.WithDbAsync(db => db.PackSizes.Include(s => s.Product).ThenInclude(p => p!.Category).SingleAsync(s => s.Sku == "SKU-2"));
        Assert.Equal("Second thing", product.Product!.Name);
        Assert.Equal("Imported", product.Product.Category!.Name);
        Assert.Equal("Customer C2", await portal.WithDbAsync(db => db.Customers.Where(c => c.Number == "C2").Select(c => c.Name).SingleAsync()));
    }

    [Fact]
    public async Task German_exports_are_read_with_semicolons_decimal_commas_and_german_dates_and_channels_come_from_the_file_or_the_default()
    {
        var content = "Beleg;Pos;Kunde;Datum;Artikel;Menge;Preis;Kanal;EK\n"
            + "A-1;10;K1;01.12.2009 09:50;P1;2;1.234,50;Shop;1.000,25\n"
            + "A-1;20;K1;01.12.2009 09:50;P2;1;0,99;Shop;\n"
            + "A-2;10;K1;31.12.2009;P1;1;1.234,50;;\n";

        var summary = await ImportAsync(ImportKind.Orders, content, "order=Beleg,line=Pos,customer=Kunde,date=Datum,sku=Artikel,quantity=Menge,price=Preis,channel=Kanal,cost=EK", culture: "de-DE", channel: OrderChannel.CsvUpload);

        Assert.Equal((3L, 0L), (summary.Created, summary.Rejected));
        var orders = await portal.WithDbAsync(db => db.Orders.Include(o => o.Lines).OrderBy(o => o.Number).ToListAsync());
        Assert.Equal(OrderChannel.Shop, orders[0].Channel);
        Assert.Equal(OrderChannel.CsvUpload, orders[1].Channel);
        Assert.Equal([10, 20], orders[0].Lines.OrderBy(l => l.LineNumber).Select(l => l.LineNumber));
        Assert.Equal(1234.50m, orders[0].Lines.Single(l => l.LineNumber == 10).UnitPrice);
        Assert.Equal(1000.25m, orders[0].Lines.Single(l => l.LineNumber == 10).CostPrice);
        Assert.Null(orders[0].Lines.Single(l => l.LineNumber == 20).CostPrice);
        Assert.Equal(new DateOnly(2009, 12, 1), Portal.Localization.Dates.BusinessDay(orders[0].PlacedAt));
        Assert.Equal(new TimeOnly(9, 50), TimeOnly.FromDateTime(Portal.Localization.Dates.ToBusinessTime(orders[0].PlacedAt).DateTime));
        Assert.Equal(new DateOnly(2009, 12, 31), Portal.Localization.Dates.BusinessDay(orders[1].PlacedAt));
    }

    [Fact]
    public async Task Invariant_culture_takes_iso_dates_only()
    {
        var content = UciHeader + "1,SKU-1,Thing,1,12/01/2009 09:50,10,C1,DE\n1,SKU-1,Thing,1,2009-12-01T09:50:00+01:00,10,C1,DE\n";

        var summary = await ImportAsync(ImportKind.Orders, content, UciMap);

        Assert.Equal((1L, 1L), (summary.Created, summary.Rejected));
        Assert.StartsWith("2,date '12/01/2009 09:50' is not an ISO date", RejectLines()[1]);
    }

    [Fact]
    public async Task Customers_and_products_import_by_their_natural_keys_and_update_what_changed()
    {
        var customers = "Kundennr;Firma;Potenzial;Kreditlimit\n1001;Maler Meier;12.000,00;5.000\n1002;Bau Schulz;;\n1003;Kaputt;viel;\n";
        var products = "sku,name,category,unit,pack,units,cost\nWP-1,Wall paint,Paints,l,Bucket 5 l,5,12.40\nWP-2,Wall paint,Paints,l,Bucket 10 l,10,20\n";

        var first = await ImportAsync(ImportKind.Customers, customers, "customer=Kundennr,name=Firma,potential=Potenzial,creditlimit=Kreditlimit", culture: "de-DE", name: "customers.csv");
        var again = await ImportAsync(ImportKind.Customers, customers, "customer=Kundennr,name=Firma,potential=Potenzial,creditlimit=Kreditlimit", culture: "de-DE", name: "customers.csv");
        var changed = await ImportAsync(ImportKind.Customers, customers.Replace("12.000,00", "15.000,00", StringComparison.Ordinal), "customer=Kundennr,name=Firma,potential=Potenzial,creditlimit=Kreditlimit", culture: "de-DE", name: "customers.csv");
        var productsFirst = await ImportAsync(ImportKind.Products, products, name: "products.csv");
        var productsAgain = await ImportAsync(ImportKind.Products, products, name: "products.csv");

        Assert.Equal((2L, 1L), (first.Created, first.Rejected));
        Assert.Equal((0L, 0L, 2L), (again.Created, again.Updated, again.Unchanged));
        Assert.Equal((0L, 1L, 1L), (changed.Created, changed.Updated, changed.Unchanged));
        Assert.StartsWith("4,potential 'viel' is not a number in de-DE", RejectLines("customers.csv")[1]);
        var meier = await portal.WithDbAsync(db => db.Customers.SingleAsync(c => c.Number == "1001"));
        Assert.Equal(("Maler Meier", 15_000m, 5_000m), (meier.Name, meier.Potential!.Value, meier.CreditLimit));
        Assert.Null(await portal.WithDbAsync(db => db.Customers.Where(c => c.Number == "1002").Select(c => c.Potential).SingleAsync()));
        Assert.Equal((2L, 0L), (productsFirst.Created, productsFirst.Rejected));
        Assert.Equal((0L, 2L), (productsAgain.Created, productsAgain.Unchanged));
        var pack = await portal.WithDbAsync(db => db.PackSizes.Include(s => s.Product).ThenInclude(p => p!.Category).SingleAsync(s => s.Sku == "WP-1"));
        Assert.Equal(("Wall paint", "Paints", "Bucket 5 l", 5m, 12.40m), (pack.Product!.Name, pack.Product.Category!.Name, pack.Name, pack.UnitsPerPack, pack.CostPrice!.Value));
    }

    [Fact]
    public async Task A_file_without_a_required_column_is_refused_before_anything_is_imported()
    {
        var error = await Assert.ThrowsAsync<ImportSetupException>(() => ImportAsync(ImportKind.Orders, UciHeader + "1,A,B,1,2010-01-01,1,C1,DE\n"));

        Assert.Contains("required field 'order'", error.Message);
        Assert.Throws<ImportSetupException>(() => ImportRequest.ParseMap(ImportKind.Orders, "invoice=Invoice"));
        Assert.Equal(0, await portal.WithDbAsync(db => db.Orders.CountAsync()));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        portal.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
