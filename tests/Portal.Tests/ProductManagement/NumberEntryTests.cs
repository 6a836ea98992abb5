using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Tests.Infrastructure;
using Portal.Tests.Reordering;

namespace Portal.Tests.ProductManagement;

/// Every number a product manager types is read as meant in English and German, or refused with a message; a
/// tier never costs more per pack than a smaller quantity.
public sealed class NumberEntryTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    private async Task<HtmlClient> ProductManagerAsync(string language)
    {
        var client = portal.CreateHtmlClient();
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        await client.SignInAsync(DemoPortal.ProductManager, DemoPortal.Password);
        return client;
    }

    private async Task<(int ListId, string Sku)> FreshPackAsync()
    {
        var sku = await portal.NewSmallCatalogPackAsync();
        var listId = await portal.WithDbAsync(db => db.PriceLists.Where(l => l.Segment == Segment.C).Select(l => l.Id).FirstAsync());
        // 5.00 now, so that 8.90 is a plausible change (not more than three times or a third of the old price).
        await portal.WithDbAsync(db => db.PriceListEntries.Where(e => e.PriceListId == listId && e.PackSize!.Sku == sku).ExecuteUpdateAsync(u => u.SetProperty(e => e.UnitPrice, 5m)));
        return (listId, sku);
    }

    private static async Task<HttpResponseMessage> SetTiersAsync(HtmlClient pm, int listId, string sku, string price1, string? min2 = null, string? price2 = null)
    {
        var page = await pm.GetDocumentAsync($"/pm/prices/{listId}");
        var fields = new Dictionary<string, string> { ["sku"] = sku, ["price1"] = price1 };
        if (min2 is not null)
        {
            fields["min2"] = min2;
            fields["price2"] = price2!;
        }

        return await pm.SubmitAsync(page, "[data-testid=price-form]", fields);
    }

    private Task<List<(int Min, decimal Price)>> TiersAsync(int listId, string sku) =>
        portal.WithDbAsync(async db => (await db.PriceListEntries.Where(e => e.PriceListId == listId && e.PackSize!.Sku == sku)
            .OrderBy(e => e.MinQuantity).Select(e => new { e.MinQuantity, e.UnitPrice }).ToListAsync()).Select(e => (e.MinQuantity, e.UnitPrice)).ToList());

    [Theory]
    [InlineData("en", "8,90")]
    [InlineData("en", "8.90")]
    [InlineData("de", "8,90")]
    [InlineData("de", "8.90")]
    [InlineData("de", "8,90 €")]
    public async Task A_price_typed_either_way_in_either_language_is_8_90(string language, string typed)
    {
        var (listId, sku) = await FreshPackAsync();
        var pm = await ProductManagerAsync(language);

        var response = await SetTiersAsync(pm, listId, sku, typed);

        HtmlClient.AssertRedirect(response, $"/pm/prices/{listId}");
        Assert.Equal([(1, 8.90m)], await TiersAsync(listId, sku));
    }

    [Theory]
    [InlineData("en", "8,9,0", "\"8,9,0\" is not a price. Please write it like 8.90 or 1,234.50.")]
    [InlineData("de", "acht", "„acht“ ist kein Preis. Bitte schreiben Sie ihn wie 8,90 oder 1.234,50.")]
    public async Task A_price_that_cannot_be_read_is_refused_with_how_to_write_it(string language, string typed, string message)
    {
        var (listId, sku) = await FreshPackAsync();
        var pm = await ProductManagerAsync(language);

        var response = await SetTiersAsync(pm, listId, sku, typed);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Equal(message, page.QuerySelector("[data-testid=error]")?.TextContent.Trim());
        Assert.Equal(typed, page.QuerySelector("#price1")?.GetAttribute("value"));
        Assert.Equal([(1, 5m)], await TiersAsync(listId, sku));
    }

    [Theory]
    [InlineData("890")]
    [InlineData("0,89")]
    public async Task A_price_more_than_three_times_higher_or_lower_is_saved_only_after_confirmation(string typed)
    {
        var (listId, sku) = await FreshPackAsync();
        var pm = await ProductManagerAsync("de");

        var asked = await SetTiersAsync(pm, listId, sku, typed);

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var page = await HtmlClient.ParseAsync(asked);
        var confirm = page.QuerySelector("[data-testid=price-confirm]");
        Assert.NotNull(confirm);
        var german = System.Globalization.CultureInfo.GetCultureInfo("de");
        Assert.Contains($"Ab 1 Gebinde: 5,00 € → {decimal.Parse(typed, german).ToString("N2", german)} €", confirm.TextContent.Replace('\u00A0', ' '), StringComparison.Ordinal);
        Assert.Equal([(1, 5m)], await TiersAsync(listId, sku));

        var saved = await pm.SubmitAsync(page, "[data-testid=price-confirm]", new Dictionary<string, string>());

        HtmlClient.AssertRedirect(saved, $"/pm/prices/{listId}");
        Assert.Equal([(1, decimal.Parse(typed, System.Globalization.CultureInfo.GetCultureInfo("de")))], await TiersAsync(listId, sku));
    }

    [Fact]
    public async Task A_tier_that_costs_more_per_pack_than_the_base_price_is_refused()
    {
        var (listId, sku) = await FreshPackAsync();
        var pm = await ProductManagerAsync("en");

        var refused = await SetTiersAsync(pm, listId, sku, "5.00", "10", "6.00");
        var accepted = await SetTiersAsync(pm, listId, sku, "5.00", "10", "4,50");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("cannot cost more per pack", (await HtmlClient.ParseAsync(refused)).QuerySelector("[data-testid=error]")?.TextContent, StringComparison.Ordinal);
        HtmlClient.AssertRedirect(accepted, $"/pm/prices/{listId}");
        Assert.Equal([(1, 5.00m), (10, 4.50m)], await TiersAsync(listId, sku));
    }

    [Theory]
    [InlineData("en", "19,0", 0.19)]
    [InlineData("en", "7.5", 0.075)]
    [InlineData("de", "7,5", 0.075)]
    [InlineData("de", "19.0", 0.19)]
    public async Task A_vat_rate_is_read_as_meant(string language, string typed, double rate)
    {
        var productId = await portal.WithDbAsync(db => db.Products.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
        var pm = await ProductManagerAsync(language);
        var page = await pm.GetDocumentAsync($"/pm/products/{productId}");

        var response = await pm.SubmitAsync(page, "[data-testid=product-form]", new Dictionary<string, string> { ["Input.TaxPercent"] = typed });

        Assert.True(response.StatusCode is HttpStatusCode.Redirect, $"{(int)response.StatusCode}: {(await HtmlClient.ParseAsync(response)).QuerySelector(".field-error, .alert-error")?.TextContent}");
        Assert.Equal((decimal)rate, await portal.WithDbAsync(db => db.Products.Where(p => p.Id == productId).Select(p => p.TaxRate).SingleAsync()));
    }

    [Fact]
    public async Task A_vat_rate_that_cannot_be_read_is_refused_with_how_to_write_it()
    {
        var productId = await portal.WithDbAsync(db => db.Products.OrderBy(p => p.Id).Skip(1).Select(p => p.Id).FirstAsync());
        var before = await portal.WithDbAsync(db => db.Products.Where(p => p.Id == productId).Select(p => p.TaxRate).SingleAsync());
        var pm = await ProductManagerAsync("en");
        var page = await pm.GetDocumentAsync($"/pm/products/{productId}");

        var response = await pm.SubmitAsync(page, "[data-testid=product-form]", new Dictionary<string, string> { ["Input.TaxPercent"] = "19,0,0" });

        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("\"19,0,0\" is not a number. Please write it like 8.90 or 1,234.50.", (await HtmlClient.ParseAsync(response)).QuerySelector("[data-valmsg-for='Input.TaxPercent']")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await portal.WithDbAsync(db => db.Products.Where(p => p.Id == productId).Select(p => p.TaxRate).SingleAsync()));
    }
}
