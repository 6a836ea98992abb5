using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// Master data in from the ERP: products, prices, stock and customers, single and in batches, idempotent, each
/// change visible where the buyer looks (product page, catalog, checkout).
public sealed class MasterDataApiTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    [Fact]
    public async Task A_new_pack_size_its_price_and_stock_show_in_the_shop_and_repeating_them_changes_nothing()
    {
        var api = portal.ApiClient((await portal.NewApiClientAsync(ApiScopes.CatalogWrite)).Key);
        var (_, productId) = await portal.PackAsync(ShopDriver.WallPaint1L);
        var productName = await portal.WithDbAsync(db => db.Products.Where(p => p.Id == productId).Select(p => p.Name).SingleAsync());
        var sku = "P110-API" + Guid.NewGuid().ToString("N")[..4].ToUpperInvariant();
        var product = new { product = productName, pack = "Bucket 7 l", packDe = "Eimer 7 l", unitsPerPack = 7m, leadTimeDays = 3 };

        var created = await api.PutAsJsonAsync($"/api/v1/products/{sku}", product, ApiDriver.Json);
        var again = await api.PutAsJsonAsync($"/api/v1/products/{sku}", product, ApiDriver.Json);
        var price = await api.PutAsJsonAsync($"/api/v1/price-lists/standard/prices/{sku}", new { tiers = new[] { new { minQuantity = 1, unitPrice = 61.50m }, new { minQuantity = 10, unitPrice = 58.00m } } }, ApiDriver.Json);
        var outOfStock = await api.PutAsJsonAsync($"/api/v1/stock/{sku}", new { quantity = 0, restockDays = 6 }, ApiDriver.Json);

        Assert.Equal("Created", (await ApiDriver.JsonOf(created)).GetProperty("outcome").GetString());
        Assert.Equal("Unchanged", (await ApiDriver.JsonOf(again)).GetProperty("outcome").GetString());
        Assert.Equal("Created", (await ApiDriver.JsonOf(price)).GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.OK, outOfStock.StatusCode);
        // A new pack size is in the full range (segment B), which takes every pack size of its products.
        var number = $"F{Guid.NewGuid():N}"[..12];
        var customerId = await portal.CreateCustomerAsync(number, $"Full-range company {number}", Portal.Customers.Segment.B, 5_000m, "Test");
        await portal.CreateUserAsync($"buyer-{number}@test.example".ToLowerInvariant(), customerId);
        var buyer = await portal.SignedInAsync($"buyer-{number}@test.example".ToLowerInvariant());
        var page = await buyer.GetDocumentAsync($"/shop/products/{productId}");
        var card = page.QuerySelector($"[data-sku='{sku}']");
        Assert.NotNull(card);
        Assert.Contains("Bucket 7 l", card.TextContent);
        Assert.Contains("61.50", card.TextContent);
        Assert.Equal("Ships in 6 working days", card.QuerySelector("[data-testid=availability]")!.TextContent.Trim());

        var inStock = await api.PutAsJsonAsync($"/api/v1/stock/{sku}", new { quantity = 40 }, ApiDriver.Json);
        var samePrice = await api.PutAsJsonAsync($"/api/v1/price-lists/STANDARD/prices/{sku}", new { tiers = new[] { new { minQuantity = 1, unitPrice = 61.50m }, new { minQuantity = 10, unitPrice = 58.00m } } }, ApiDriver.Json);

        Assert.Equal("Updated", (await ApiDriver.JsonOf(inStock)).GetProperty("outcome").GetString());
        Assert.Equal("Unchanged", (await ApiDriver.JsonOf(samePrice)).GetProperty("outcome").GetString());
        page = await buyer.GetDocumentAsync($"/shop/products/{productId}");
        Assert.Equal("In stock — ships the next working day", page.QuerySelector($"[data-sku='{sku}'] [data-testid=availability]")!.TextContent.Trim());
        var catalog = await buyer.GetDocumentAsync($"/shop/catalog?q={Uri.EscapeDataString(sku)}");
        Assert.Equal("In stock", catalog.QuerySelector(".product-card [data-testid=availability]")!.TextContent.Trim());
        buyer.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        await api.PutAsJsonAsync($"/api/v1/stock/{sku}", new { quantity = 0, restockDays = 4 }, ApiDriver.Json);
        page = await buyer.GetDocumentAsync($"/shop/products/{productId}");
        Assert.Equal("Versand in 4 Werktagen", page.QuerySelector($"[data-sku='{sku}'] [data-testid=availability]")!.TextContent.Trim());
        Assert.Contains("Eimer 7 l", page.QuerySelector($"[data-sku='{sku}']")!.TextContent);
        Assert.Contains(await portal.WithDbAsync(db => db.AuditEntries.Where(e => e.ItemType == "PackSize" && e.Changes.Contains("StockQuantity")).Select(e => e.UserName).ToListAsync()), name => name.StartsWith("API: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_batch_answers_per_item_and_refuses_more_than_5000()
    {
        var api = portal.ApiClient((await portal.NewApiClientAsync(ApiScopes.CatalogWrite)).Key);
        var sku = "B-" + Guid.NewGuid().ToString("N")[..8];

        var batch = await api.PostJsonAsync("/api/v1/products/batch", new
        {
            items = new object[]
            {
                new { sku, product = "Batch test product " + sku, unit = "piece", pack = "Box of 10", unitsPerPack = 10m },
                new { sku = "bad sku!", product = "Refused" },
                new { sku = sku + "-2", product = "Batch test product " + sku, pack = "Box of 50", unitsPerPack = -1m },
                new { sku, product = "Batch test product " + sku },
            },
        });
        var stock = await api.PostJsonAsync("/api/v1/stock/batch", new { items = new object[] { new { sku, quantity = 5 }, new { sku = "NO-SUCH-SKU", quantity = 1 }, new { sku, quantity = -1 } } });
        var tooMany = await api.PostJsonAsync("/api/v1/stock/batch", new { items = Enumerable.Range(0, 5001).Select(i => new { sku, quantity = i }) });

        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        var result = await ApiDriver.JsonOf(batch);
        var outcomes = result.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("outcome").GetString()).ToList();
        Assert.Equal(["Created", "Rejected", "Rejected", "Rejected"], outcomes);
        Assert.Equal(1, result.GetProperty("created").GetInt32());
        Assert.Equal(3, result.GetProperty("rejected").GetInt32());
        Assert.True(result.GetProperty("results")[2].GetProperty("errors").TryGetProperty("unitsPerPack", out _));
        var stockOutcomes = (await ApiDriver.JsonOf(stock)).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("outcome").GetString()).ToList();
        Assert.Equal(["Created", "Rejected", "Rejected"], stockOutcomes);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(5, await portal.WithDbAsync(db => db.PackSizes.Where(s => s.Sku == sku).Select(s => s.StockQuantity).SingleAsync()));
    }

    [Fact]
    public async Task A_blocked_customer_cannot_order_until_the_erp_lifts_the_block_and_addresses_are_replaced()
    {
        var api = portal.ApiClient((await portal.NewApiClientAsync(ApiScopes.CustomersWrite)).Key);
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        var number = await portal.WithDbAsync(db => db.Customers.OrderByDescending(c => c.Id).Select(c => c.Number).FirstAsync());
        var customer = new
        {
            creditLimit = 4000m,
            blocked = true,
            potential = 12000m,
            addresses = new[]
            {
                new { kind = "delivery", name = "Lager Süd", street = "Hafenstraße 3", postalCode = "79100", city = "Freiburg", country = "DE", isDefault = true },
                new { kind = "billing", name = "Buchhaltung", street = "Marktplatz 1", postalCode = "79098", city = "Freiburg", country = "DE", isDefault = false },
            },
        };

        var blocked = await api.PutAsJsonAsync($"/api/v1/customers/{number}", customer, ApiDriver.Json);
        var again = await api.PutAsJsonAsync($"/api/v1/customers/{number}", customer, ApiDriver.Json);
        var catalogOnly = await portal.ApiClient((await portal.NewApiClientAsync(ApiScopes.CatalogWrite)).Key).PutAsJsonAsync($"/api/v1/customers/{number}", customer, ApiDriver.Json);
        var badAddress = await api.PutAsJsonAsync($"/api/v1/customers/{number}", new { addresses = new[] { new { kind = "office", name = "", street = "x", postalCode = "1", city = "y" } } }, ApiDriver.Json);

        Assert.Equal("Updated", (await ApiDriver.JsonOf(blocked)).GetProperty("outcome").GetString());
        Assert.Equal("Unchanged", (await ApiDriver.JsonOf(again)).GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, catalogOnly.StatusCode);
        var errors = (await ApiDriver.JsonOf(badAddress)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("addresses[0].kind", out _));
        Assert.True(errors.TryGetProperty("addresses[0].name", out _));
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "10");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        Assert.Contains("Lager Süd", checkout.Body!.TextContent);
        var refused = await buyer.SubmitAsync(checkout, "main form", new Dictionary<string, string>());
        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("blocked for new orders", await refused.Content.ReadAsStringAsync());

        await api.PutAsJsonAsync($"/api/v1/customers/{number}", new { blocked = false }, ApiDriver.Json);

        var placed = await buyer.SubmitAsync(await buyer.GetDocumentAsync("/shop/checkout"), "main form", new Dictionary<string, string>());
        Assert.True(placed.StatusCode == HttpStatusCode.Redirect, await placed.Content.ReadAsStringAsync());
        var saved = await portal.WithDbAsync(db => db.Customers.Include(c => c.Addresses).SingleAsync(c => c.Number == number));
        Assert.Equal((4000m, 12000m, false, 2), (saved.CreditLimit, saved.Potential!.Value, saved.IsBlocked, saved.Addresses.Count));
        Assert.Equal(2, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.ItemType == "Customer" && e.ItemName == saved.Name && e.UserName.StartsWith("API: "))));
    }
}
