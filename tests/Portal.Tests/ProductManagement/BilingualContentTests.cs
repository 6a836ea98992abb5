using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Tests.Infrastructure;
using Portal.Tests.Reordering;

namespace Portal.Tests.ProductManagement;

/// Products, pack sizes, categories and service modules have a name in English and German; every reader gets
/// their language, or the other one where a text is missing.
public sealed class BilingualContentTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    private static async Task<HtmlClient> InLanguageAsync(HtmlClient client, string language)
    {
        client.Http.DefaultRequestHeaders.AcceptLanguage.Clear();
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    [Theory]
    [InlineData("de", "Innenwandfarbe, weiß matt", "Eimer 2,5 l", "Wandfarben")]
    [InlineData("en", "Interior wall paint, white matt", "Bucket 2.5 l", "Wall paints")]
    public async Task A_buyer_reads_products_pack_sizes_and_categories_in_their_language(string language, string product, string pack, string category)
    {
        var buyer = await InLanguageAsync(await portal.SignedInAsync(DemoPortal.Buyer), language);
        var (_, productId) = await portal.PackAsync(ShopDriver.WallPaint2L5);

        var page = await buyer.GetDocumentAsync($"/shop/products/{productId}");
        var catalog = await buyer.GetDocumentAsync("/shop/catalog");

        Assert.Equal(product, page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains(pack, page.QuerySelector($"[data-sku='{ShopDriver.WallPaint2L5}']")!.TextContent);
        Assert.Contains(catalog.QuerySelectorAll(".product-name"), e => e.TextContent.Trim() == product);
        Assert.Contains(catalog.QuerySelectorAll("a"), a => a.TextContent.Contains(category, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("en", "innenwandfarbe")]
    [InlineData("de", "interior wall paint")]
    [InlineData("de", "Innenwandfarbe weiss")]
    public async Task Search_finds_a_product_by_its_name_in_either_language(string language, string query)
    {
        var buyer = await InLanguageAsync(await portal.SignedInAsync(DemoPortal.Buyer), language);

        var results = await buyer.GetDocumentAsync($"/shop/catalog?q={Uri.EscapeDataString(query)}");

        var expected = language == "de" ? "Innenwandfarbe, weiß matt" : "Interior wall paint, white matt";
        Assert.Contains(results.QuerySelectorAll(".product-name"), e => e.TextContent.Trim() == expected);
    }

    [Fact]
    public async Task A_product_written_in_German_only_is_shown_to_English_readers_in_German_and_a_product_without_any_name_is_refused()
    {
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        var form = await pm.GetDocumentAsync("/pm/products");
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = "",
            ["Input.NameDe"] = "",
            ["Input.DescriptionDe"] = "Atmungsaktive Kalkfarbe für Altbauten.",
            ["Input.CategoryId"] = form.QuerySelector("select[name='Input.CategoryId'] option[value]:not([value=''])")!.GetAttribute("value")!,
            ["Input.BaseUnit"] = "l",
            ["Input.TaxPercent"] = "19",
        };

        var refused = await HtmlClient.ParseAsync(await pm.SubmitAsync(form, "[data-testid='product-form']", fields));
        Assert.Contains("Please enter a name in at least one language.", refused.QuerySelector("[data-valmsg-for='Input.Name']")!.TextContent);
        Assert.Equal("Atmungsaktive Kalkfarbe für Altbauten.", refused.QuerySelector("textarea[name='Input.DescriptionDe']")!.TextContent.Trim());

        fields["Input.NameDe"] = "Sumpfkalkfarbe Altbau";
        var saved = await pm.SubmitAsync(refused, "[data-testid='product-form']", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var product = await portal.WithDbAsync(db => db.Products.SingleAsync(p => p.NameDe == "Sumpfkalkfarbe Altbau"));
        Assert.Equal(("", "Atmungsaktive Kalkfarbe für Altbauten."), (product.Name, product.DescriptionDe));

        var english = await InLanguageAsync(pm, "en");
        var edit = await english.GetDocumentAsync(saved.Headers.Location!.OriginalString);
        Assert.Equal("Sumpfkalkfarbe Altbau", edit.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_offer_csv_carries_names_and_descriptions_in_both_languages()
    {
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        var export = await pm.Http.GetStringAsync("/pm/offer-csv?handler=Export&kind=Products&format=German");
        var header = export.Split('\n')[0].Trim('\uFEFF', '\r');
        Assert.StartsWith("sku;product;product_de;description;description_de;category;unit;tax;pack;pack_de;", header);
        Assert.Contains($"{ShopDriver.WallPaint2L5};Interior wall paint, white matt;Innenwandfarbe, weiß matt;", export);

        var sku = await portal.NewSmallCatalogPackAsync();
        var result = await HtmlClient.ParseAsync(await pm.UploadOfferCsvAsync("Products", $"sku;product_de;description_de;pack_de\n{sku};Prüfartikel;Nur für den Test.;Dose 0,5 l\n"));

        Assert.Contains("1 rows read, 1 imported", result.QuerySelector("[data-testid='import-result']")!.TextContent);
        var pack = await portal.WithDbAsync(db => db.PackSizes.Include(s => s.Product).SingleAsync(s => s.Sku == sku));
        Assert.Equal(("Prüfartikel", "Nur für den Test.", "Dose 0,5 l"), (pack.Product!.NameDe, pack.Product.DescriptionDe, pack.NameDe));
        Assert.Contains("prufartikel", pack.Product.SearchText);
    }
}
