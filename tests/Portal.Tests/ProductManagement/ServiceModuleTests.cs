using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Portal.Ordering;
using Portal.ProductManagement;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.ProductManagement;

public sealed class ModulesMailPortal() : MailTestPortal(seedDemo: true);

/// Service modules and order rules as buyers meet them in checkout, and as product managers configure them.
public sealed class ServiceModuleTests(ModulesMailPortal portal) : IClassFixture<ModulesMailPortal>
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en");

    /// Covering fleece 1 × 25 m, single roll: delivered directly by Klebetechnik Jäger (lead time 4 days).
    private const string Fleece = "P400-1";

    private Task<decimal> SmallCustomerPriceAsync(string sku, int tier = 1) =>
        portal.WithDbAsync(db => db.PriceListEntries
            .Where(e => e.MinQuantity == tier && e.PackSize!.Sku == sku && db.PriceLists.Any(l => l.Id == e.PriceListId && l.Code == "SMALL"))
            .Select(e => e.UnitPrice)
            .SingleAsync());

    private async Task<HttpResponseMessage> AddBundleAsync(HtmlClient buyer, string code, string quantity)
    {
        var page = await buyer.GetDocumentAsync("/shop/bundles");
        return await buyer.SubmitAsync(page, $"[data-bundle='{code}'] form", new Dictionary<string, string> { ["quantity"] = quantity });
    }

    private static string OrderNumberFrom(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Matches("^/shop/orders/\\d{4}-\\d{6}\\?placed=1$", location);
        return location["/shop/orders/".Length..location.IndexOf('?', StringComparison.Ordinal)];
    }

    private static string Message(IDocument page, string field) => page.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent ?? "";

    [Fact]
    public async Task A_buyer_orders_a_bundle_and_a_drop_shipped_item_and_the_order_mail_and_printout_show_both()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        await buyer.AddToCartAsync(portal, Fleece, "2");
        HtmlClient.AssertRedirect(await AddBundleAsync(buyer, "SET-WALL", "2"), "/shop/cart");
        var fleecePrice = await SmallCustomerPriceAsync(Fleece);

        var checkout = await buyer.GetDocumentAsync("/shop/checkout");

        // The partner's lead time is shown for the drop-shipped line; the bundle with its contents in the summary.
        var dropShip = checkout.QuerySelector("[data-testid='drop-ship']")!.TextContent;
        Assert.Contains("Drop-shipped by Klebetechnik Jäger, lead time 4 working days", dropShip);
        Assert.Contains("2 × Bundle Starter set wall painting", checkout.QuerySelector("#checkout-summary [data-bundle='SET-WALL']")!.TextContent);
        Assert.Equal(Portal.Localization.Money.Format(4.90m, En), checkout.QuerySelector("#checkout-summary [data-testid='drop-ship-fee']")!.TextContent.Trim());

        var number = OrderNumberFrom(await buyer.SubmitAsync(checkout, "main form", new Dictionary<string, string> { ["Input.DeliveryOptionCode"] = "EXPRESS" }));

        var order = await portal.WithDbAsync(db => db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == number));
        var lines = order.Lines.OrderBy(l => l.LineNumber).ToList();
        var fleece = lines.Single(l => l.Sku == Fleece);
        Assert.Equal(("Klebetechnik Jäger", 4, 2), (fleece.PartnerName, fleece.PartnerLeadTimeDays, fleece.Quantity));
        var bundle = lines.Single(l => l.Sku == "SET-WALL");
        Assert.Equal((2, 34.90m, 69.80m, (int?)null), (bundle.Quantity, bundle.UnitPrice, bundle.LineNet, bundle.PackSizeId));
        var parts = lines.Where(l => l.BundleLineNumber == bundle.LineNumber).ToList();
        Assert.Equal(["P110-2 2", "P320-1 2", "P350-1 2", "P360-1 4", "P390-1 2"], parts.Select(p => $"{p.Sku} {p.Quantity}").Order(StringComparer.Ordinal));
        Assert.All(parts, p => Assert.Equal(0m, p.LineNet));
        var subtotal = 69.80m + (2 * fleecePrice);
        Assert.Equal(subtotal, order.SubtotalNet);
        Assert.Equal("Express delivery", order.DeliveryMethod);
        // Express is not waived by the free-delivery threshold; drop-ship once for the one partner; surcharge below 100.
        Assert.Equal((16.90m, 4.90m, subtotal < 100m ? 7.50m : 0m), (order.DeliveryNet, order.DropShipNet, order.SurchargeNet));
        Assert.Equal(Portal.Localization.Money.Round((order.SubtotalNet + order.SurchargeNet + order.DeliveryNet + order.DropShipNet) * 1.19m), order.TotalGross);

        var email = await portal.WithDbAsync(db => db.Users.Where(u => u.Id == order.PlacedByUserId).Select(u => u.Email!).SingleAsync());
        var mail = await portal.Smtp.WaitForMessageToAsync(email);
        Assert.Contains("2 × Starter set wall painting (SET-WALL)", mail.TextBody);
        Assert.Contains("in the bundle: 4 × Masking tape 30 mm", mail.TextBody);
        Assert.Contains("Drop-shipped by Klebetechnik Jäger, lead time 4 working days", mail.TextBody);
        Assert.Contains("Partner drop-ship: " + Portal.Localization.Money.Format(4.90m, En), mail.TextBody);
        Assert.Contains("Express delivery", mail.TextBody);
        Assert.Contains("Drop-shipped by Klebetechnik Jäger", mail.HtmlBody);

        var printout = await buyer.GetDocumentAsync($"/shop/orders/{number}");
        Assert.Equal(5, printout.QuerySelectorAll("tr.bundle-part").Length);
        Assert.Contains("Drop-shipped by Klebetechnik Jäger, lead time 4 working days", printout.QuerySelector("[data-testid='drop-ship']")!.TextContent);
        Assert.Equal(Portal.Localization.Money.Format(4.90m, En), printout.QuerySelector("[data-testid='drop-ship-fee']")!.TextContent.Trim());
        Assert.Equal("0", (await buyer.CartAsync()).QuerySelector("#cart-count")!.TextContent);
    }

    [Fact]
    public async Task Checkout_offers_exactly_the_delivery_options_configured_for_the_segment_with_their_prices()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "10");

        var checkout = await buyer.GetDocumentAsync("/shop/checkout");

        var options = checkout.QuerySelectorAll("input[name='Input.DeliveryOptionCode']").Select(i => i.GetAttribute("value") ?? "").ToList();
        var configured = await portal.WithDbAsync(db => db.ServiceModules
            .Where(m => m.IsActive && m.Kind != Portal.ServiceModules.ModuleKind.DropShip && m.Kind != Portal.ServiceModules.ModuleKind.Bundle && m.Prices.Any(p => p.Segment == Portal.Customers.Segment.C))
            .OrderBy(m => m.SortOrder).ThenBy(m => m.Id).Select(m => m.Code).ToListAsync());
        Assert.Equal(configured, options);
        Assert.Equal(["PARCEL", "SMALLQTY", "EXPRESS", "PICKUP"], options.Where(o => !o.StartsWith("TEST-", StringComparison.Ordinal)));
        Assert.DoesNotContain("FREIGHT", options);
        Assert.Contains(Portal.Localization.Money.Format(16.90m, En), checkout.QuerySelector("label[for='delivery-EXPRESS']")!.TextContent);
        Assert.Contains(Portal.Localization.Money.Format(3.90m, En), checkout.QuerySelector("label[for='delivery-SMALLQTY']")!.TextContent);
    }

    [Fact]
    public async Task A_segment_without_a_price_does_not_see_a_module_until_the_product_manager_gives_it_one()
    {
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        var form = await pm.GetDocumentAsync("/pm/modules/edit");
        var created = await pm.SubmitAsync(form, "[data-testid='module-form']", new Dictionary<string, string>
        {
            ["Input.Code"] = "test-courier",
            ["Input.Kind"] = "Express",
            ["Input.Name"] = "Same-day courier",
            ["Input.Prices[B]"] = "25",
            ["Input.SortOrder"] = "90",
        });
        HtmlClient.AssertRedirect(created, "/pm/modules");
        var id = await portal.WithDbAsync(db => db.ServiceModules.Where(m => m.Code == "TEST-COURIER").Select(m => m.Id).SingleAsync());

        var buyer = await portal.NewSmallCustomerBuyerAsync();
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "10");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        Assert.Null(checkout.QuerySelector("#delivery-TEST-COURIER"));
        var refused = await buyer.SubmitAsync(checkout, "main form", new Dictionary<string, string> { ["Input.DeliveryOptionCode"] = "TEST-COURIER" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Please choose a delivery option.", Message(await HtmlClient.ParseAsync(refused), "Input.DeliveryOptionCode"));

        var edit = await pm.GetDocumentAsync($"/pm/modules/edit/{id}");
        HtmlClient.AssertRedirect(await pm.SubmitAsync(edit, "[data-testid='module-form']", new Dictionary<string, string> { ["Input.Prices[C]"] = "19" }), "/pm/modules");

        checkout = await buyer.GetDocumentAsync("/shop/checkout");
        Assert.Contains(Portal.Localization.Money.Format(19m, En), checkout.QuerySelector("label[for='delivery-TEST-COURIER']")!.TextContent);
        var entries = await portal.WithDbAsync(db => db.AuditEntries.Where(e => e.ItemType == AuditItemTypes.ServiceModule && e.ItemKey == id.ToString(CultureInfo.InvariantCulture)).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([AuditAction.Created, AuditAction.Changed], entries.Select(e => e.Action));
        Assert.Contains("Price B: — → 25", entries[0].Changes);
        Assert.Equal("Price C: — → 19", entries[1].Changes);
        Assert.Equal("Paul Mertens", entries[1].UserName);

        // Switched off again: no segment sees it, and the other tests see the demo's options only.
        edit = await pm.GetDocumentAsync($"/pm/modules/edit/{id}");
        HtmlClient.AssertRedirect(await pm.SubmitAsync(edit, "[data-testid='module-form']", new Dictionary<string, string> { ["Input.IsActive"] = "false" }), "/pm/modules");
        Assert.Null((await buyer.GetDocumentAsync("/shop/checkout")).QuerySelector("#delivery-TEST-COURIER"));
    }

    [Fact]
    public async Task A_bundle_for_other_segments_is_neither_listed_nor_accepted_into_the_cart()
    {
        var bundleId = await portal.WithDbAsync(async db =>
        {
            var pack = await db.PackSizes.SingleAsync(s => s.Sku == ShopDriver.WallPaint2L5);
            var module = new Portal.ServiceModules.ServiceModule
            {
                Code = "SET-KEY",
                Kind = Portal.ServiceModules.ModuleKind.Bundle,
                Name = "Key account set",
                Prices = [new() { Segment = Portal.Customers.Segment.A, NetPrice = 50m }],
                BundleItems = [new() { PackSizeId = pack.Id, Quantity = 5 }],
            };
            db.ServiceModules.Add(module);
            await db.SaveChangesAsync();
            return module.Id;
        });
        var buyer = await portal.NewSmallCustomerBuyerAsync();

        var bundles = await buyer.GetDocumentAsync("/shop/bundles");
        Assert.NotNull(bundles.QuerySelector("[data-bundle='SET-WALL']"));
        Assert.Null(bundles.QuerySelector("[data-bundle='SET-KEY']"));

        // The form of the offered bundle, posted with the other segment's bundle id.
        var response = await buyer.SubmitAsync(bundles, "[data-bundle='SET-WALL'] form", new Dictionary<string, string> { ["moduleId"] = bundleId.ToString(CultureInfo.InvariantCulture), ["quantity"] = "1" });
        HtmlClient.AssertRedirect(response, "/shop/bundles");
        var after = await buyer.GetDocumentAsync("/shop/bundles");
        Assert.Contains("This bundle is not available to you.", after.QuerySelector(".alert-error")!.TextContent);
        Assert.Equal("0", (await buyer.CartAsync()).QuerySelector("#cart-count")!.TextContent);
    }

    [Fact]
    public async Task Below_the_minimum_order_value_the_order_is_refused_with_what_is_missing()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint1L, "1");
        var price = await SmallCustomerPriceAsync(ShopDriver.WallPaint1L);
        Assert.True(price < 25m);
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");

        var refused = await buyer.SubmitAsync(checkout, "main form", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await HtmlClient.ParseAsync(refused);
        Assert.Contains("The minimum order value has not been reached yet.", page.QuerySelector(".alert-error")!.TextContent);
        Assert.Contains($"The minimum order value is {Portal.Localization.Money.Format(25m, En)}. Add {Portal.Localization.Money.Format(25m - price, En)} more to order.", page.QuerySelector("[data-testid='minimum-note']")!.TextContent);
        Assert.NotNull((await buyer.CartAsync()).CartLine(ShopDriver.WallPaint1L));
    }

    [Fact]
    public async Task A_small_order_pays_the_surcharge_and_a_large_one_ships_free_with_ordinary_delivery()
    {
        var small = await portal.NewSmallCustomerBuyerAsync();
        await small.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "5");
        var price = await SmallCustomerPriceAsync(ShopDriver.WallPaint2L5);
        var smallNumber = OrderNumberFrom(await small.SubmitAsync(await small.GetDocumentAsync("/shop/checkout"), "main form", new Dictionary<string, string> { ["Input.DeliveryOptionCode"] = "PARCEL" }));
        var smallOrder = await portal.WithDbAsync(db => db.Orders.SingleAsync(o => o.Number == smallNumber));
        Assert.Equal((5 * price, 7.50m, 6.90m), (smallOrder.SubtotalNet, smallOrder.SurchargeNet, smallOrder.DeliveryNet));

        // 30 × 10.55 (tier from 10) = 316.50: above the small customers' free-delivery threshold of 250.
        var large = await portal.NewSmallCustomerBuyerAsync();
        await large.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "30");
        var checkout = await large.GetDocumentAsync("/shop/checkout");
        Assert.Equal("free", checkout.QuerySelector("#checkout-summary [data-testid='delivery']")!.TextContent.Trim());
        var number = OrderNumberFrom(await large.SubmitAsync(checkout, "main form", new Dictionary<string, string> { ["Input.DeliveryOptionCode"] = "PARCEL" }));
        var order = await portal.WithDbAsync(db => db.Orders.SingleAsync(o => o.Number == number));
        Assert.Equal((316.50m, 0m, 0m), (order.SubtotalNet, order.SurchargeNet, order.DeliveryNet));
        Assert.Equal(Portal.Localization.Money.Round(316.50m * 1.19m), order.TotalGross);
    }

    [Fact]
    public async Task The_product_manager_changes_the_order_rules_with_every_bad_entry_named_and_the_change_audited()
    {
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        var form = await pm.GetDocumentAsync("/pm/order-rules");

        var refused = await pm.SubmitAsync(form, "[data-testid='rules-form']", new Dictionary<string, string>
        {
            ["Values[A.MinimumOrderValue]"] = "abc",
            ["Values[A.SmallOrderSurcharge]"] = "5",
            ["Values[A.SmallOrderThreshold]"] = "0",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await HtmlClient.ParseAsync(refused);
        Assert.Contains("Please enter an amount from 0 to 1,000,000.", Message(page, "Values[A.MinimumOrderValue]"));
        Assert.Contains("A surcharge needs the order value below which it applies.", Message(page, "Values[A.SmallOrderThreshold]"));
        Assert.Equal("abc", page.QuerySelector("#rule-A-MinimumOrderValue")!.GetAttribute("value"));

        var saved = await pm.SubmitAsync(form, "[data-testid='rules-form']", new Dictionary<string, string> { ["Values[A.FreeDeliveryThreshold]"] = "500" });
        HtmlClient.AssertRedirect(saved, "/pm/order-rules");
        Assert.Equal(500m, await portal.WithDbAsync(db => db.SegmentRules.Where(r => r.Segment == Portal.Customers.Segment.A).Select(r => r.FreeDeliveryThreshold).SingleAsync()));
        var entry = await portal.WithDbAsync(db => db.AuditEntries.Where(e => e.ItemType == AuditItemTypes.OrderRule).OrderByDescending(e => e.Id).FirstAsync());
        Assert.Equal(("Segment A", "FreeDeliveryThreshold: 0 → 500"), (entry.ItemName, entry.Changes));
    }

    [Theory]
    [InlineData("/pm/modules")]
    [InlineData("/pm/modules/edit")]
    [InlineData("/pm/partners")]
    [InlineData("/pm/order-rules")]
    [InlineData("/pm/analysis")]
    [InlineData("/pm/analysis?handler=Csv&list=searches")]
    public async Task Only_product_managers_reach_the_module_rule_and_analysis_pages(string url)
    {
        var anonymous = portal.CreateHtmlClient();
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.Http.GetAsync(url)).StatusCode);
        foreach (var email in new[] { DemoPortal.Buyer, DemoPortal.Sales })
        {
            var other = await portal.SignedInAsync(email);
            var response = await other.Http.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/account/access-denied", StringComparison.Ordinal), $"{email} got {response.StatusCode} {response.Headers.Location}");
        }

        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        Assert.Equal(HttpStatusCode.OK, (await pm.Http.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task The_product_manager_assigns_a_product_to_a_partner_and_its_lead_time_reaches_checkout()
    {
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        var page = await pm.GetDocumentAsync("/pm/partners");
        var bad = await pm.SubmitAsync(page, "[data-testid='assign-form']", new Dictionary<string, string> { ["AssignSku"] = "NOPE-1", ["AssignLeadTime"] = "0" });
        var badPage = await HtmlClient.ParseAsync(bad);
        Assert.Contains("There is no pack size with this article number.", Message(badPage, "AssignSku"));
        Assert.Contains("Please enter a lead time from 1 to 90 working days.", Message(badPage, "AssignLeadTime"));
        Assert.Equal("NOPE-1", badPage.QuerySelector("#AssignSku")!.GetAttribute("value"));

        HtmlClient.AssertRedirect(await pm.SubmitAsync(page, "[data-testid='partner-form']", new Dictionary<string, string> { ["NewName"] = "Pinsel Direkt" }), "/pm/partners");
        page = await pm.GetDocumentAsync("/pm/partners");
        var partnerId = await portal.WithDbAsync(db => db.Partners.Where(p => p.Name == "Pinsel Direkt").Select(p => p.Id).SingleAsync());
        HtmlClient.AssertRedirect(await pm.SubmitAsync(page, "[data-testid='assign-form']", new Dictionary<string, string>
        {
            ["AssignSku"] = "p300-1",
            ["AssignPartnerId"] = partnerId.ToString(CultureInfo.InvariantCulture),
            ["AssignLeadTime"] = "6",
        }), "/pm/partners");

        var buyer = await portal.NewSmallCustomerBuyerAsync();
        await buyer.AddToCartAsync(portal, "P300-1", "20");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        Assert.Contains("Drop-shipped by Pinsel Direkt, lead time 6 working days", checkout.QuerySelector("[data-testid='drop-ship'] [data-sku='P300-1']")!.TextContent);
        var audit = await portal.WithDbAsync(db => db.AuditEntries.Where(e => e.ItemType == AuditItemTypes.Partner && e.ItemKey == partnerId.ToString(CultureInfo.InvariantCulture)).OrderBy(e => e.Id).Select(e => e.Changes).ToListAsync());
        Assert.Equal(2, audit.Count);
        Assert.Equal("Drop-ship Flat brush 50 mm (partner, lead time): — → Pinsel Direkt, 6", audit[1]);
    }
}
