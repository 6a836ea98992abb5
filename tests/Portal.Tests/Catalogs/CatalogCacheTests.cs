using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Customers;
using Portal.Identity;
using Portal.Pricing;
using Portal.Tests.Infrastructure;
using Portal.Tests.Reordering;

namespace Portal.Tests.Catalogs;

/// The shop's pages read catalogs and prices from CatalogCache: a change shows at once on the instance that made
/// it, and a customer's own prices never reach another customer. (Stock from the API: MasterDataApiTests.)
public sealed class CatalogCacheTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task A_price_changed_by_product_management_shows_in_the_shop_at_once()
    {
        var sku = await NewSearchablePackAsync();
        var (_, productId) = await portal.PackAsync(sku);
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        Assert.Equal("€2.00", CatalogCachePages.PackPrice(await buyer.GetDocumentAsync($"/shop/products/{productId}"), sku));
        var listId = await portal.WithDbAsync(db => db.PriceLists.Where(l => l.Segment == Segment.C).Select(l => l.Id).FirstAsync());
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);

        await CatalogCachePages.SetPriceAsync(pm, listId, sku, "2.50");

        Assert.Equal("€2.50", CatalogCachePages.PackPrice(await buyer.GetDocumentAsync($"/shop/products/{productId}"), sku));
        var found = await buyer.GetDocumentAsync($"/shop/catalog?q={sku}");
        Assert.Contains("€2.50", found.QuerySelector(".product-price")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_customer_never_gets_another_customers_own_prices_from_the_cache()
    {
        var sku = await NewSearchablePackAsync();
        var (packId, productId) = await portal.PackAsync(sku);
        var (withOwnList, without) = (await NewBuyerAsync(), await NewBuyerAsync());
        await portal.WithDbAsync(async db =>
        {
            var list = new PriceList { Code = $"OWN-{Guid.NewGuid():N}"[..16], Name = "Own prices" };
            list.Entries.Add(new PriceListEntry { PackSizeId = packId, MinQuantity = 1, UnitPrice = 1.23m });
            db.PriceLists.Add(list);
            await db.SaveChangesAsync();
            (await db.Customers.SingleAsync(c => c.Id == withOwnList.CustomerId)).PriceListId = list.Id;
            return await db.SaveChangesAsync();
        });

        // The other customer first, so that its prices are what the cache holds when the customer with its own list asks.
        Assert.Equal("€2.00", CatalogCachePages.PackPrice(await without.Buyer.GetDocumentAsync($"/shop/products/{productId}"), sku));
        Assert.Equal("€1.23", CatalogCachePages.PackPrice(await withOwnList.Buyer.GetDocumentAsync($"/shop/products/{productId}"), sku));
        Assert.Equal("€2.00", CatalogCachePages.PackPrice(await without.Buyer.GetDocumentAsync($"/shop/products/{productId}"), sku));
        Assert.Contains("€1.23", (await withOwnList.Buyer.GetDocumentAsync($"/shop/catalog?q={sku}")).QuerySelector(".product-price")?.TextContent, StringComparison.Ordinal);
        var other = (await without.Buyer.GetDocumentAsync($"/shop/catalog?q={sku}")).QuerySelector(".product-price")?.TextContent;
        Assert.Contains("€2.00", other, StringComparison.Ordinal);
        Assert.DoesNotContain("1.23", other, StringComparison.Ordinal);
    }

    /// A pack size of its own in the small-customer catalog at 2.00, found by searching for its SKU.
    private async Task<string> NewSearchablePackAsync()
    {
        var sku = await portal.NewSmallCatalogPackAsync();
        await portal.WithDbAsync(async db =>
        {
            var product = await db.Products.Include(p => p.PackSizes).SingleAsync(p => p.PackSizes.Any(s => s.Sku == sku));
            product.SearchText = SearchText.ForProduct(product);
            return await db.SaveChangesAsync();
        });
        return sku;
    }

    private async Task<(int CustomerId, HtmlClient Buyer)> NewBuyerAsync()
    {
        var number = $"T{Guid.NewGuid():N}"[..12];
        var customerId = await portal.CreateCustomerAsync(number, $"Test company {number}");
        var email = $"buyer-{number}@test.example".ToLowerInvariant();
        await portal.CreateUserAsync(email, customerId);
        return (customerId, await portal.SignedInAsync(email));
    }
}

/// Two portal instances on one PostgreSQL database: a price changed on one is shown by the other within 2 s, the
/// bound CatalogCache promises (it reads the stamp every 0.5 s). Not a timing test: 2 s is the correctness deadline.
[Trait("Category", "Postgres")]
public sealed class PostgresCatalogCacheTests : IAsyncLifetime, IDisposable
{
    private readonly string database = $"portal_test_{Guid.NewGuid():N}";
    private PortalFactory first = null!;
    private PortalFactory second = null!;

    public Task InitializeAsync()
    {
        first = new PortalFactory(DatabaseKind.Postgres, seedDemo: false, sharedDatabase: database);
        _ = first.Services;
        second = new PortalFactory(DatabaseKind.Postgres, seedDemo: false, sharedDatabase: database) { DropDatabaseOnDispose = false };
        _ = second.Services;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
    }

    [Fact]
    public async Task A_price_changed_on_one_instance_shows_on_the_other_within_two_seconds()
    {
        var sku = $"TST-{Guid.NewGuid():N}"[..14].ToUpperInvariant();
        var customerId = await first.CreateCustomerAsync("T1", "Test company");
        var (productId, listId) = await first.WithDbAsync(async db =>
        {
            var product = new Product
            {
                Name = "Cache test paint", BaseUnit = "l",
                Category = new Category { Name = "Paint", Slug = "paint", SortOrder = 1 },
                PackSizes = [new PackSize { Sku = sku, Name = "1 l" }],
            };
            var catalog = new Catalog { Code = "TEST", Name = "Test catalog" };
            var list = new PriceList { Code = "C", Name = "Small customers", Segment = Segment.C };
            db.AddRange(product, catalog, list);
            await db.SaveChangesAsync();
            db.CatalogItems.Add(new CatalogItem { CatalogId = catalog.Id, ProductId = product.Id });
            db.CatalogAssignments.Add(new CatalogAssignment { CatalogId = catalog.Id, Segment = Segment.C });
            db.PriceListEntries.Add(new PriceListEntry { PriceListId = list.Id, PackSizeId = product.PackSizes[0].Id, MinQuantity = 1, UnitPrice = 5m });
            await db.SaveChangesAsync();
            return (product.Id, list.Id);
        });
        await first.CreateUserAsync("buyer@cache.example", customerId);
        await first.CreateUserAsync("pm@cache.example", null, Roles.ProductManager);
        var buyer = await second.SignedInAsync("buyer@cache.example");
        var pm = await first.SignedInAsync("pm@cache.example");
        Assert.Equal("€5.00", CatalogCachePages.PackPrice(await buyer.GetDocumentAsync($"/shop/products/{productId}"), sku));

        await CatalogCachePages.SetPriceAsync(pm, listId, sku, "6.00");

        await Eventually.TrueAsync(
            async () => CatalogCachePages.PackPrice(await buyer.GetDocumentAsync($"/shop/products/{productId}"), sku) == "€6.00",
            "the other instance shows the new price",
            TimeSpan.FromSeconds(2));
    }
}

internal static class CatalogCachePages
{
    public static string PackPrice(IDocument page, string sku) =>
        page.QuerySelector($"[data-sku='{sku}'] .pack-price strong")?.TextContent.Trim() ?? "(no price shown)";

    /// Through the product manager's price list page, as a product manager does it.
    public static async Task SetPriceAsync(HtmlClient pm, int listId, string sku, string price)
    {
        var page = await pm.GetDocumentAsync($"/pm/prices/{listId}");
        var response = await pm.SubmitAsync(page, "[data-testid=price-form]", new Dictionary<string, string> { ["sku"] = sku, ["price1"] = price });
        HtmlClient.AssertRedirect(response, $"/pm/prices/{listId}");
    }
}
