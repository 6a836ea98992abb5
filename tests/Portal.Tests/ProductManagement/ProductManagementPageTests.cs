using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.ProductManagement;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.ProductManagement;

public sealed class ProductManagementPageTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Theory]
    [InlineData(DemoPortal.Buyer)]
    [InlineData(DemoPortal.Sales)]
    public async Task Buyers_and_inside_sales_are_refused_product_management(string email)
    {
        var client = await portal.SignedInAsync(email);
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        foreach (var url in new[] { "/pm", "/pm/products", "/pm/catalogs", "/pm/catalogs/1", "/pm/catalogs/1/preview?customer=10001", "/pm/prices", "/pm/prices/1", "/pm/offer-csv", "/pm/audit", "/pm/offer-csv?handler=Export&kind=Prices&format=German" })
        {
            var refused = await client.Http.GetAsync(url);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden || refused.Headers.Location?.OriginalString.Contains("denied", StringComparison.OrdinalIgnoreCase) == true,
                $"{url}: {refused.StatusCode} {refused.Headers.Location}");
            Assert.Equal(HttpStatusCode.OK, (await pm.Http.GetAsync(url)).StatusCode);
        }
    }

    [Fact]
    public async Task A_pack_size_with_a_sku_already_taken_is_refused_with_the_owner_named_and_the_input_kept()
    {
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        var (_, productId) = await portal.PackAsync(ShopDriver.FacadePaint1L);
        var before = await portal.WithDbAsync(db => db.PackSizes.CountAsync());
        var form = await pm.GetDocumentAsync($"/pm/packs?product={productId}");

        var response = await pm.SubmitAsync(form, "[data-testid='pack-form']", new Dictionary<string, string>
        {
            ["Input.Sku"] = ShopDriver.WallPaint1L.ToLowerInvariant(),
            ["Input.Name"] = "Can 0.5 l",
            ["Input.UnitsPerPack"] = "0.5",
            ["Input.Gtin"] = "4006381333932",
        });

        var page = await HtmlClient.ParseAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("already used by Interior wall paint, white matt – Bucket 1 l", page.QuerySelector("[data-valmsg-for='Input.Sku']")!.TextContent);
        Assert.Contains("not a valid GTIN", page.QuerySelector("[data-testid='pack-form']")!.TextContent);
        Assert.Equal("Can 0.5 l", page.QuerySelector("#Input_Name")!.GetAttribute("value"));
        Assert.Equal(before, await portal.WithDbAsync(db => db.PackSizes.CountAsync()));
    }

    [Fact]
    public async Task A_new_pack_size_is_created_with_its_data_and_audited()
    {
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        var (_, productId) = await portal.PackAsync(ShopDriver.FacadePaint1L);
        var form = await pm.GetDocumentAsync($"/pm/packs?product={productId}");

        var response = await pm.SubmitAsync(form, "[data-testid='pack-form']", new Dictionary<string, string>
        {
            ["Input.Sku"] = "P130-S05",
            ["Input.Name"] = "Can 0.5 l",
            ["Input.UnitsPerPack"] = "0.5",
            ["Input.Gtin"] = "4006381333931",
            ["Input.WeightKg"] = "0.7",
            ["Input.CostPrice"] = "2.4",
            ["Input.LeadTimeDays"] = "2",
            ["Input.IsSmallPack"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var pack = await portal.WithDbAsync(db => db.PackSizes.SingleAsync(s => s.Sku == "P130-S05"));
        Assert.Equal((0.5m, "4006381333931", 0.7m, 2.4m, 2, true, true), (pack.UnitsPerPack, pack.Gtin, pack.WeightKg, pack.CostPrice, pack.LeadTimeDays, pack.IsSmallPack, pack.IsActive));
        var entry = await portal.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.ItemType == AuditItemTypes.PackSize && e.ItemKey == pack.Id.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(("Paul Mertens", AuditAction.Created), (entry.UserName, entry.Action));
        Assert.Contains("Sku: — → P130-S05", entry.Changes);
    }

    [Fact]
    public async Task A_price_import_imports_the_good_rows_and_reports_each_bad_row_with_line_and_reason()
    {
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        var csv = string.Join('\n',
            "pricelist;sku;minquantity;price",
            $"SMALL;{ShopDriver.WallPaint2L5};1;11,49",
            $"SMALL;{ShopDriver.WallPaint2L5};10;10,99",
            "SMALL;NOPE-1;1;3,00",
            "MISSING;P110-3;1;3,00",
            $"SMALL;{ShopDriver.WallPaint2L5};1;9,99",
            "SMALL;P110-3;zwei;3,00",
            "SMALL;P110-3;1;-1",
            "SMALL;P110-3;1;",
            "");

        var page = await ImportAsync(pm, "Prices", csv);

        var errors = page.QuerySelectorAll("[data-testid='row-errors'] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(6, errors.Count);
        Assert.Contains("4Unknown SKU 'NOPE-1'", errors[0]);
        Assert.Contains("5Unknown price list 'MISSING'", errors[1]);
        Assert.Contains("6Same price list, SKU and minquantity as line 2", errors[2]);
        Assert.Contains("7minquantity 'zwei' is not a whole number", errors[3]);
        Assert.Contains("8price -1 is outside", errors[4]);
        Assert.Contains("9price is missing", errors[5]);
        Assert.Contains("8 rows read, 2 imported, 6 with errors", page.QuerySelector("[data-testid='import-result']")!.TextContent);
        var (packId, _) = await portal.PackAsync(ShopDriver.WallPaint2L5);
        var tiers = await portal.WithDbAsync(db => db.PriceListEntries.Where(e => e.PackSizeId == packId && db.PriceLists.Any(l => l.Id == e.PriceListId && l.Code == "SMALL"))
            .OrderBy(e => e.MinQuantity).Select(e => new { e.MinQuantity, e.UnitPrice }).ToListAsync());
        Assert.Equal(11.49m, tiers.Single(t => t.MinQuantity == 1).UnitPrice);
        Assert.Equal(10.99m, tiers.Single(t => t.MinQuantity == 10).UnitPrice);
        Assert.True(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditAction.Imported && e.Changes.Contains($"{ShopDriver.WallPaint2L5} ≥ 1") && e.Changes.Contains("→ 11.49"))));
    }

    [Fact]
    public async Task A_file_without_the_needed_columns_is_refused_as_a_whole()
    {
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);

        var page = await ImportAsync(pm, "Prices", "sku;price\nP110-1;3,00\n");

        Assert.Contains("missing: pricelist, minquantity", page.QuerySelector("[data-testid='import-form'] .alert-error")!.TextContent);
    }

    [Fact]
    public async Task The_bulk_rule_derives_a_list_from_another_times_the_factor_rounded_up_to_nine_cents()
    {
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        var (smallId, standardId) = await portal.WithDbAsync(async db => (
            await db.PriceLists.Where(l => l.Code == "SMALL").Select(l => l.Id).SingleAsync(),
            await db.PriceLists.Where(l => l.Code == "STANDARD").Select(l => l.Id).SingleAsync()));
        var page = await pm.GetDocumentAsync($"/pm/prices/{smallId}");

        var before = await portal.WithDbAsync(db => db.PriceListEntries.Where(e => e.PriceListId == smallId).ToDictionaryAsync(e => (e.PackSizeId, e.MinQuantity), e => e.UnitPrice));
        var asked = await pm.SubmitAsync(page, "[data-testid='derive-form']", new Dictionary<string, string> { ["sourceId"] = standardId.ToString(CultureInfo.InvariantCulture), ["factor"] = "1.15" });

        // First a preview: how many prices, a sample old → new; nothing changed yet.
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var preview = await HtmlClient.ParseAsync(asked);
        var confirm = preview.QuerySelector("[data-testid='derive-confirm']")!;
        var prices = await portal.WithDbAsync(db => db.PriceListEntries.CountAsync(e => e.PriceListId == standardId));
        Assert.Contains($"Apply the rule to {prices} prices?", confirm.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(confirm.QuerySelectorAll("li"));
        Assert.Equal(before, await portal.WithDbAsync(db => db.PriceListEntries.Where(e => e.PriceListId == smallId).ToDictionaryAsync(e => (e.PackSizeId, e.MinQuantity), e => e.UnitPrice)));

        var response = await pm.SubmitAsync(preview, "[data-testid='derive-confirm']", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (standard, small) = await portal.WithDbAsync(async db => (
            await db.PriceListEntries.Where(e => e.PriceListId == standardId).ToDictionaryAsync(e => (e.PackSizeId, e.MinQuantity), e => e.UnitPrice),
            await db.PriceListEntries.Where(e => e.PriceListId == smallId).ToDictionaryAsync(e => (e.PackSizeId, e.MinQuantity), e => e.UnitPrice)));
        Assert.NotEmpty(standard);
        foreach (var (key, basePrice) in standard)
        {
            var expected = decimal.Ceiling(basePrice * 1.15m * 100);
            expected = (expected + ((9 - (expected % 10) + 10) % 10)) / 100;
            Assert.Equal(expected, small[key]);
            Assert.Equal(9, (int)(small[key] * 100 % 10));
        }

        var notice = (await pm.GetDocumentAsync(response.Headers.Location!.OriginalString)).QuerySelector("[data-testid='notice']")!.TextContent;
        Assert.Contains("prices of", notice);
        Assert.True(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.ItemType == AuditItemTypes.PriceList && e.ItemKey == smallId.ToString(CultureInfo.InvariantCulture) && e.Changes.Contains("× 1.15"))));
    }

    [Fact]
    public async Task A_price_change_reprices_an_open_cart_with_a_notice_and_applies_at_checkout()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        await buyer.AddToCartAsync(portal, "P120-1", "3");
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        var smallId = await portal.WithDbAsync(db => db.PriceLists.Where(l => l.Code == "SMALL").Select(l => l.Id).SingleAsync());
        var page = await pm.GetDocumentAsync($"/pm/prices/{smallId}");

        var response = await pm.SubmitAsync(page, "[data-testid='price-form']", new Dictionary<string, string> { ["sku"] = "P120-1", ["price1"] = "9.79", ["min2"] = "10", ["price2"] = "9.29" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cart = await buyer.CartAsync();
        Assert.Contains("Some prices have changed", cart.QuerySelector(".alert-warning")!.TextContent);
        Assert.Contains("€9.79", cart.CartLine("P120-1")!.TextContent);
        Assert.Contains("Price changed from", cart.CartLine("P120-1")!.TextContent);

        var refused = await pm.SubmitAsync(await pm.GetDocumentAsync($"/pm/prices/{smallId}"), "[data-testid='price-form']", new Dictionary<string, string> { ["sku"] = "P120-1", ["price1"] = "", ["min2"] = "10", ["price2"] = "9.29" });
        var refusedPage = await HtmlClient.ParseAsync(refused);
        Assert.Contains("first tier must start at 1", refusedPage.QuerySelector("[data-testid='error']")!.TextContent);
        Assert.Equal("9.29", refusedPage.QuerySelector("#price2")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_customers_own_list_applies_only_within_its_validity_dates()
    {
        const string sku = "P120-1";
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        var customer = await portal.WithDbAsync(db => db.Customers.OrderByDescending(c => c.Id).Select(c => c.Number).FirstAsync());
        await buyer.AddToCartAsync(portal, sku, "1");
        var segmentPrice = (await buyer.CartAsync()).CartLine(sku)!.TextContent;
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        var today = Portal.Localization.Dates.BusinessToday(TimeProvider.System);
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // A list for this customer that starts tomorrow: the segment's price still applies today.
        var created = await pm.SubmitAsync(await pm.GetDocumentAsync("/pm/prices"), "aside form", new Dictionary<string, string>
        {
            ["Input.Code"] = $"OWN-{Guid.NewGuid():N}"[..16],
            ["Input.Name"] = "Own prices",
            ["Input.Segment"] = "",
            ["Input.ValidFrom"] = Day(today.AddDays(1)),
            ["Input.ValidTo"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var listUrl = created.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.Redirect, (await pm.SubmitAsync(await pm.GetDocumentAsync(listUrl), "[data-testid='price-form']", new Dictionary<string, string> { ["sku"] = sku, ["price1"] = "1.11" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await pm.SubmitAsync(await pm.GetDocumentAsync(listUrl), "form.inline-form", new Dictionary<string, string> { ["number"] = customer })).StatusCode);
        Assert.Equal(segmentPrice, (await buyer.CartAsync()).CartLine(sku)!.TextContent);
        Assert.DoesNotContain("€1.11", (await buyer.CartAsync()).CartLine(sku)!.TextContent);

        // Valid from today: the customer's own price, with the repricing notice.
        await pm.SubmitAsync(await pm.GetDocumentAsync(listUrl), "form[action*='handler=Details']", new Dictionary<string, string> { ["validFrom"] = Day(today), ["validTo"] = Day(today) });
        var cart = await buyer.CartAsync();
        Assert.Contains("€1.11", cart.CartLine(sku)!.TextContent);

        // Ended yesterday: back to the segment's price.
        await pm.SubmitAsync(await pm.GetDocumentAsync(listUrl), "form[action*='handler=Details']", new Dictionary<string, string> { ["validFrom"] = Day(today.AddDays(-10)), ["validTo"] = Day(today.AddDays(-1)) });
        Assert.DoesNotContain("€1.11", (await buyer.CartAsync()).CartLine(sku)!.TextContent);
    }

    [Fact]
    public async Task A_deactivated_pack_size_shows_as_no_longer_available_in_cart_and_past_order_and_cannot_be_ordered()
    {
        const string sku = "P150-2";
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        await buyer.AddToCartAsync(portal, sku, "4");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        var placed = await buyer.SubmitAsync(checkout, "main form", new Dictionary<string, string> { ["Input.CustomerReference"] = "PM-1" });
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var orderUrl = placed.Headers.Location!.OriginalString.Split('?')[0];
        await buyer.AddToCartAsync(portal, sku, "2");
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        var (packId, _) = await portal.PackAsync(sku);

        var packPage = await pm.GetDocumentAsync($"/pm/packs/{packId}");
        var response = await pm.SubmitAsync(packPage, "[data-testid='active-form']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull((await pm.GetDocumentAsync($"/pm/packs/{packId}")).QuerySelector("[data-testid='inactive']"));

        var cart = await buyer.CartAsync();
        Assert.Contains("No longer available", cart.CartLine(sku)!.TextContent);
        var order = await buyer.GetDocumentAsync(orderUrl);
        Assert.NotNull(order.QuerySelector($"tr[data-sku='{sku}'] [data-testid='no-longer-available']"));
        var again = await buyer.SubmitAsync(await buyer.GetDocumentAsync("/shop/checkout"), "main form", new Dictionary<string, string> { ["Input.CustomerReference"] = "PM-2" });
        Assert.NotEqual(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.Http.GetAsync($"/shop/products/{packId}-does-not-exist")).StatusCode);
        Assert.True(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.ItemType == AuditItemTypes.PackSize && e.ItemKey == packId.ToString(CultureInfo.InvariantCulture) && e.Action == AuditAction.Deactivated)));
    }

    [Fact]
    public async Task The_catalog_preview_shows_exactly_the_pack_sizes_the_customer_sees_in_the_shop()
    {
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        var kunz = await portal.SignedInAsync(DemoPortal.Buyer);
        var smallCatalog = await portal.WithDbAsync(db => db.Catalogs.Where(c => c.Code == "SMALL").Select(c => c.Id).SingleAsync());

        var preview = new HashSet<string>();
        for (var page = 1; ; page++)
        {
            var doc = await pm.GetDocumentAsync($"/pm/catalogs/{smallCatalog}/preview?customer=10001&p={page}");
            preview.UnionWith(doc.QuerySelectorAll("[data-testid='preview'] tbody tr").Select(r => r.GetAttribute("data-sku")!));
            if (doc.QuerySelector(".pager a[rel='next']") is null)
            {
                break;
            }
        }

        var shop = new HashSet<string>();
        for (var page = 1; ; page++)
        {
            var doc = await kunz.GetDocumentAsync($"/shop/catalog?p={page}");
            foreach (var link in doc.QuerySelectorAll("a.product-link").Select(a => a.GetAttribute("href")!).Distinct())
            {
                var product = await kunz.GetDocumentAsync(link);
                shop.UnionWith(product.QuerySelectorAll("[data-sku]").Select(e => e.GetAttribute("data-sku")!));
            }

            if (doc.QuerySelector(".pager a[rel='next']") is null)
            {
                break;
            }
        }

        Assert.NotEmpty(shop);
        Assert.Equal(shop.OrderBy(s => s), preview.OrderBy(s => s));
        Assert.DoesNotContain(ShopDriver.WallPaint12L5, preview);
    }

    [Fact]
    public async Task The_catalog_preview_finds_a_customer_by_name_and_says_when_the_catalog_is_not_theirs()
    {
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        var smallCatalog = await portal.WithDbAsync(db => db.Catalogs.Where(c => c.Code == "SMALL").Select(c => c.Id).SingleAsync());

        var kunz = await pm.GetDocumentAsync($"/pm/catalogs/{smallCatalog}/preview?customer=kunz");
        var albrecht = await pm.GetDocumentAsync($"/pm/catalogs/{smallCatalog}/preview?customer=Albrecht");
        var several = await pm.GetDocumentAsync($"/pm/catalogs/{smallCatalog}/preview?customer=GmbH");
        var nobody = await pm.GetDocumentAsync($"/pm/catalogs/{smallCatalog}/preview?customer=Niemand");

        Assert.Contains("Malerbetrieb Kunz", kunz.QuerySelector("h1")!.TextContent);
        Assert.Contains("of them through this catalog", kunz.QuerySelector("[data-testid='preview-lead']")!.TextContent);
        Assert.Contains("not assigned to this customer", albrecht.QuerySelector("[data-testid='preview-lead']")!.TextContent);
        Assert.True(several.QuerySelectorAll("[data-testid='candidates'] li").Length >= 2);
        Assert.Contains("no customer with the number or name “Niemand”", nobody.QuerySelector(".alert-error")!.TextContent);
    }

    private static async Task<AngleSharp.Dom.IDocument> ImportAsync(HtmlClient client, string kind, string csv)
    {
        var response = await client.UploadOfferCsvAsync(kind, csv);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await HtmlClient.ParseAsync(response);
    }
}
