using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Catalogs;

public sealed class CatalogTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task A_small_customer_sees_the_small_customer_catalog_and_a_key_account_the_full_range()
    {
        var kunz = await portal.SignedInAsync(DemoPortal.Buyer);
        var albrecht = await portal.SignedInAsync(DemoPortal.OtherBuyer);
        var (_, wallPaint) = await portal.PackAsync(ShopDriver.WallPaint1L);

        var small = await kunz.GetDocumentAsync($"/shop/products/{wallPaint}");
        var full = await albrecht.GetDocumentAsync($"/shop/products/{wallPaint}");

        Assert.NotNull(small.QuerySelector($"[data-sku='{ShopDriver.WallPaint1L}']"));
        Assert.Null(small.QuerySelector($"[data-sku='{ShopDriver.WallPaint12L5}']"));
        Assert.NotNull(full.QuerySelector($"[data-sku='{ShopDriver.WallPaint12L5}']"));
    }

    [Fact]
    public async Task A_product_outside_the_customers_catalogs_is_not_found_by_url()
    {
        var kunz = await portal.SignedInAsync(DemoPortal.Buyer);
        var albrecht = await portal.SignedInAsync(DemoPortal.OtherBuyer);
        var (_, facade) = await portal.PackAsync(ShopDriver.FacadePaint1L);

        Assert.Equal(HttpStatusCode.NotFound, (await kunz.Http.GetAsync($"/shop/products/{facade}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await albrecht.Http.GetAsync($"/shop/products/{facade}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await kunz.Http.GetAsync("/shop/products/999999")).StatusCode);
    }

    [Fact]
    public async Task A_pack_size_outside_the_catalog_cannot_be_put_into_the_cart_by_guessing_its_id()
    {
        var buyer = await portal.NewKunzBuyerAsync();
        var (bigPack, _) = await portal.PackAsync(ShopDriver.WallPaint12L5);
        var (wallPaint1L, wallPaint) = await portal.PackAsync(ShopDriver.WallPaint1L);
        var page = await buyer.GetDocumentAsync($"/shop/products/{wallPaint}");

        var response = await buyer.SubmitAsync(page, $"[data-sku='{ShopDriver.WallPaint1L}'] form", new Dictionary<string, string>
        {
            ["packSizeId"] = bigPack.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["quantity"] = "1",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await buyer.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("not available to you", after.QuerySelector(".alert-error")?.TextContent);
        Assert.Null((await buyer.CartAsync()).CartLine(ShopDriver.WallPaint12L5));
        Assert.NotEqual(bigPack, wallPaint1L);
    }

    [Theory]
    [InlineData("SÜDHANG")]
    [InlineData("suedhang")]
    [InlineData("wall paint")]
    [InlineData("WALL pai")]
    [InlineData("p110")]
    [InlineData("P110-1")]
    public async Task Search_forgives_case_umlauts_and_partial_words(string term)
    {
        var kunz = await portal.SignedInAsync(DemoPortal.Buyer);

        var results = await kunz.GetDocumentAsync($"/shop/catalog?q={Uri.EscapeDataString(term)}");

        Assert.Contains("Interior wall paint, white matt", results.QuerySelectorAll(".product-name").Select(e => e.TextContent));
    }

    [Fact]
    public async Task A_search_that_finds_nothing_is_recorded_for_product_management()
    {
        var kunz = await portal.SignedInAsync(DemoPortal.Buyer);

        var results = await kunz.GetDocumentAsync("/shop/catalog?q=Glasfaservlies");

        Assert.NotNull(results.QuerySelector("[data-testid=no-results]"));
        var miss = await portal.WithDbAsync(db => db.SearchMisses.Where(m => m.Term == "Glasfaservlies").ToListAsync());
        var kunzId = await portal.WithDbAsync(db => db.Customers.Where(c => c.Number == "10001").Select(c => c.Id).SingleAsync());
        Assert.Equal(kunzId, Assert.Single(miss).CustomerId);
    }

    [Fact]
    public async Task A_product_outside_the_catalog_is_not_found_by_search_either()
    {
        var kunz = await portal.SignedInAsync(DemoPortal.Buyer);

        var results = await kunz.GetDocumentAsync("/shop/catalog?q=facade");

        Assert.NotNull(results.QuerySelector("[data-testid=no-results]"));
    }

    [Fact]
    public async Task Product_page_shows_pack_price_tiers_and_price_per_base_unit()
    {
        var kunz = await portal.SignedInAsync(DemoPortal.Buyer);
        var (_, wallPaint) = await portal.PackAsync(ShopDriver.WallPaint2L5);

        var page = await kunz.GetDocumentAsync($"/shop/products/{wallPaint}");

        var pack = page.QuerySelector($"[data-sku='{ShopDriver.WallPaint2L5}']")!;
        // Small-customer list: 4.20 €/l × 2.5 l × 0.92 × 1.15 = 11.11 per pack, 4.444 per litre.
        Assert.Equal("€11.11", pack.QuerySelector(".pack-price strong")!.TextContent);
        Assert.Equal("€4.44 / l", pack.QuerySelector(".pack-unit-price")!.TextContent.Trim());
        Assert.Contains("from 10 packs", pack.QuerySelector(".tiers")!.TextContent);
        Assert.Contains("€10.55", pack.QuerySelector(".tiers")!.TextContent);
    }

    [Fact]
    public async Task Category_filter_and_small_pack_filter_narrow_the_list()
    {
        var kunz = await portal.SignedInAsync(DemoPortal.Buyer);

        var tape = await kunz.GetDocumentAsync("/shop/catalog?category=tape-masking&small=true");

        var names = tape.QuerySelectorAll(".product-name").Select(e => e.TextContent).ToList();
        Assert.Contains("Masking tape 30 mm", names);
        Assert.DoesNotContain("Interior wall paint, white matt", names);
    }

    [Fact]
    public async Task Category_counts_count_what_the_search_found_and_a_chosen_category_stays_chosen()
    {
        var kunz = await portal.SignedInAsync(DemoPortal.Buyer);

        var paint = await kunz.GetDocumentAsync("/shop/catalog?q=wall+paint");
        var links = paint.QuerySelectorAll(".category-list li a").Skip(1)
            .ToDictionary(a => a.TextContent.Split(' ')[0..^1].Aggregate((x, y) => x + " " + y).Trim(), a => int.Parse(a.QuerySelector(".muted")!.TextContent));
        var shown = paint.QuerySelectorAll(".product-name").Length;

        Assert.Equal(shown, links.Values.Sum());
        Assert.True(links.ContainsKey("Wall paints"));
        Assert.False(links.ContainsKey("Tape & masking"));
        Assert.All(paint.QuerySelectorAll(".category-list a"), a => Assert.Contains("q=wall", a.GetAttribute("href")));

        var none = await kunz.GetDocumentAsync("/shop/catalog?q=wall+paint&category=tape-masking");
        Assert.NotNull(none.QuerySelector("[data-testid='no-results']"));
        Assert.Empty(none.QuerySelectorAll(".product-name"));
    }
}
