using Microsoft.EntityFrameworkCore;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Data;

/// Concurrent writes on SQLite wait in SQLite's own busy handler (short steps), not in the driver's 150 ms retries:
/// every connection the portal opens has a busy timeout, and two carts filled at the same moment both succeed.
public sealed class SqliteBusyWaitTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task Every_connection_the_portal_opens_waits_for_a_lock_in_sqlite_itself()
    {
        var timeout = await portal.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA busy_timeout";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        });

        Assert.Equal(5_000, timeout);
    }

    [Fact]
    public async Task Buyers_filling_their_carts_at_the_same_moment_all_get_their_lines()
    {
        var buyers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => portal.NewKunzBuyerAsync()));

        var added = await Task.WhenAll(buyers.Select(buyer => buyer.AddToCartAsync(portal, ShopDriver.WallPaint1L, "2")));

        Assert.All(added, response => Assert.True(response.IsSuccessStatusCode || (int)response.StatusCode == 302, response.StatusCode.ToString()));
        foreach (var buyer in buyers)
        {
            Assert.Equal("2", (await buyer.CartAsync()).QuantityOf(ShopDriver.WallPaint1L));
        }
    }
}
