using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Import;
using Portal.Ordering;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Import;

/// After an import PostgreSQL has the imported tables' statistics and visibility map at once (AfterBulkLoad), instead
/// of planning the next large query on guesses and reading the table behind every index entry until autovacuum gets
/// there (for a small import: never).
[Trait("Category", "Postgres")]
public sealed class ImportStatisticsTests : IAsyncDisposable
{
    private readonly PortalFactory portal = new(DatabaseKind.Postgres, seedDemo: false);
    private readonly string folder = Directory.CreateTempSubdirectory("portal-import-").FullName;

    [Fact]
    public async Task An_import_leaves_the_planner_statistics_and_the_visibility_map_of_the_tables_it_filled()
    {
        Assert.Equal(-1, await EstimatedRowsAsync("OrderLines"));
        var path = Path.Combine(folder, "orders.csv");
        await File.WriteAllTextAsync(path, "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID\n"
            + "489443,20754,RETRO RED SPOTTY WASHING UP GLOVES,6,2009-12-01 09:50:00,2.1,14110\n"
            + "489443,21232,STRAWBERRY CERAMIC TRINKET BOX,12,2009-12-01 09:50:00,1.25,14110\n"
            + "489444,21035,SET/2 RED SPOTTY TEA TOWELS,12,2009-12-01 09:55:00,2.95,14120\n");
        var culture = CultureInfo.InvariantCulture;
        var request = new ImportRequest(ImportKind.Orders, path,
            ImportRequest.ParseMap(ImportKind.Orders, "order=Invoice,customer=Customer ID,date=InvoiceDate,sku=StockCode,quantity=Quantity,price=Price,description=Description"),
            culture, ",", OrderChannel.Phone, ImportRequest.DefaultRejectsPath(path));

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var summary = await scope.ServiceProvider.GetRequiredService<ImportRunner>().RunAsync(request, null, default);
            Assert.Equal((3, 0), (summary.Read, summary.Rejected));
        }

        Assert.Equal(3, await EstimatedRowsAsync("OrderLines"));
        Assert.Equal(2, await EstimatedRowsAsync("Orders"));
        Assert.Equal(2, await EstimatedRowsAsync("Customers"));
        // Every page of the imported lines known visible to all: an index-only scan reads no table page.
        var (pages, allVisible) = await portal.WithDbAsync(db => db.Database
            .SqlQuery<PageCounts>($"SELECT relpages AS \"Pages\", relallvisible AS \"AllVisible\" FROM pg_class WHERE oid = '\"OrderLines\"'::regclass").SingleAsync());
        Assert.True(pages > 0);
        Assert.Equal(pages, allVisible);
    }

    private sealed record PageCounts(int Pages, int AllVisible);

    /// What the planner believes a table holds: -1 until it was analysed or vacuumed.
    private Task<long> EstimatedRowsAsync(string table) => portal.WithDbAsync(db => db.Database
        .SqlQuery<long>($"SELECT reltuples::bigint AS \"Value\" FROM pg_class WHERE oid = {'"' + table + '"'}::regclass").SingleAsync());

    public async ValueTask DisposeAsync()
    {
        await portal.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
