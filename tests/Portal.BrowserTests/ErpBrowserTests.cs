using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Customers;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// The whole ERP integration end to end, with a real HTTP listener playing the ERP: the admin connects it in the
/// browser (API client, webhook), a buyer orders in the browser, the ERP hears of it, reads the feed, acknowledges,
/// ships, invoices and sends master data, and the buyer sees each of those where a buyer looks.
[Collection(BrowserCollection.Name)]
public sealed partial class ErpBrowserTests(BrowserPortal portal)
{
    private static readonly byte[] InvoicePdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task An_order_placed_in_the_browser_reaches_the_erp_once_and_its_shipment_invoice_and_master_data_come_back()
    {
        using var erpInbox = new WebhookReceiver();
        var admin = await portal.SignedInPageAsync(DemoPortal.Admin);
        var key = await CreateApiClientAsync(admin);
        var secret = await RegisterWebhookAsync(admin, erpInbox.Url);
        try
        {
            using var erp = new HttpClient { BaseAddress = new Uri(portal.BaseUrl) };
            erp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var (_, cursor) = await erp.DrainFeedAsync(null);

            // A full-range customer, so a pack size the ERP adds later is in its catalog.
            var companyNumber = $"E{Guid.NewGuid():N}"[..12];
            var customerId = await portal.Factory.CreateCustomerAsync(companyNumber, $"ERP test company {companyNumber}", Segment.B, 5_000m, "Test");
            var buyerEmail = $"buyer-{companyNumber}@test.example".ToLowerInvariant();
            await portal.Factory.CreateUserAsync(buyerEmail, customerId, displayName: "Erik Ertl");
            var buyer = await portal.SignedInPageAsync(buyerEmail);
            var number = await PlaceOrderAsync(buyer);

            // The webhook tells the ERP, signed; the ERP then polls twice and sees the order exactly once.
            await Eventually.TrueAsync(() => Task.FromResult(erpInbox.Requests.Any(r => r.Event == "order.placed" && r.Body.Contains(number, StringComparison.Ordinal))), "order.placed arrived at the ERP");
            var hook = erpInbox.Requests.First(r => r.Event == "order.placed" && r.Body.Contains(number, StringComparison.Ordinal));
            Assert.True(WebhookReceiver.SignatureIsValid(hook.Signature, hook.Body, secret));
            var (firstPoll, next) = await erp.DrainFeedAsync(cursor);
            var (secondPoll, _) = await erp.DrainFeedAsync(next);
            var fed = Assert.Single(firstPoll, o => o.GetProperty("number").GetString() == number);
            Assert.DoesNotContain(secondPoll, o => o.GetProperty("number").GetString() == number);
            Assert.Equal(companyNumber, fed.GetProperty("customerNumber").GetString());
            var line = Assert.Single(fed.GetProperty("lines").EnumerateArray());
            Assert.Equal(3, line.GetProperty("quantity").GetInt32());

            var erpNumber = "SO-" + companyNumber;
            await ExpectOkAsync(await erp.PostAsJsonAsync($"/api/v1/orders/{number}/ack", new { erpOrderNumber = erpNumber }, ApiDriver.Json));
            await ExpectOkAsync(await erp.PostAsJsonAsync($"/api/v1/orders/{number}/shipments", new { carrier = "DHL", trackingNumber = "00340434160000000042", lines = new[] { new { lineNumber = 1, quantity = 3 } } }, ApiDriver.Json));
            await ExpectOkAsync(await erp.PostAsync($"/api/v1/orders/{number}/invoices", InvoiceForm("RE-" + companyNumber, InvoicePdf)));

            var shippedMail = await portal.WaitForSubjectAsync(buyerEmail, $"Order {number} is on its way");
            Assert.Contains("00340434160000000042", shippedMail, StringComparison.Ordinal);
            await portal.WaitForSubjectAsync(buyerEmail, $"Invoice RE-{companyNumber} for order {number}");
            await buyer.GotoAsync($"/shop/orders/{number}");
            await Expect(buyer.GetByTestId("erp-number")).ToHaveTextAsync(erpNumber);
            await Expect(buyer.GetByTestId("tracking")).ToHaveTextAsync("00340434160000000042");
            await Expect(buyer.GetByTestId("invoice-download")).ToContainTextAsync("RE-" + companyNumber);
            await BrowserPortal.ScreenshotAsync(buyer, "erp-order-shipped-and-invoiced");
            var invoiceLink = await buyer.GetByTestId("invoice-download").GetAttributeAsync("href");
            var download = await buyer.Context.APIRequest.GetAsync(invoiceLink!);
            Assert.Equal(200, download.Status);
            Assert.Equal(InvoicePdf, await download.BodyAsync());
            var otherCompany = await portal.SignedInPageAsync(DemoPortal.OtherBuyer);
            Assert.Equal(404, (await otherCompany.Context.APIRequest.GetAsync(invoiceLink!)).Status);

            // Master data in: a new pack size of a product in the customer's range, its price and stock, then the
            // stock filled up. The buyer finds it by the ERP's article number.
            var sku = "ERP-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
            await ExpectOkAsync(await erp.PutAsJsonAsync($"/api/v1/products/{sku}", new { product = "Adhesion primer", pack = "Can 4 l", packDe = "Dose 4 l", unitsPerPack = 4m, leadTimeDays = 2 }, ApiDriver.Json));
            await ExpectOkAsync(await erp.PutAsJsonAsync($"/api/v1/price-lists/standard/prices/{sku}", new { tiers = new[] { new { minQuantity = 1, unitPrice = 37.40m } } }, ApiDriver.Json));
            await ExpectOkAsync(await erp.PutAsJsonAsync($"/api/v1/stock/{sku}", new { quantity = 0, restockDays = 6 }, ApiDriver.Json));
            await buyer.GotoAsync("/shop/catalog");
            await buyer.GetByRole(AriaRole.Searchbox, new() { Name = "Search the catalog" }).FillAsync(sku);
            await buyer.Keyboard.PressAsync("Enter");
            await buyer.GetByRole(AriaRole.Link, new() { Name = "Adhesion primer" }).ClickAsync();
            var pack = buyer.Locator($"[data-sku='{sku}']");
            await Expect(pack).ToContainTextAsync("Can 4 l");
            await Expect(pack).ToContainTextAsync("37.40");
            await Expect(pack.GetByTestId("availability")).ToHaveTextAsync("Ships in 6 working days");
            await ExpectOkAsync(await erp.PutAsJsonAsync($"/api/v1/stock/{sku}", new { quantity = 40 }, ApiDriver.Json));
            await buyer.ReloadAsync();
            await Expect(pack.GetByTestId("availability")).ToHaveTextAsync("In stock — ships the next working day");
            await BrowserPortal.ScreenshotAsync(buyer, "erp-master-data-in-the-shop");
        }
        finally
        {
            // The listener goes away with the test; the shared portal should not keep posting to it.
            await admin.GotoAsync("/admin/webhooks");
            admin.Dialog += (_, dialog) => dialog.AcceptAsync();
            await admin.GetByRole(AriaRole.Button, new() { Name = $"Remove {erpInbox.Url}" }).ClickAsync();
            await Expect(admin.GetByTestId("webhook-endpoint").Filter(new() { HasText = erpInbox.Url })).ToHaveCountAsync(0);
        }
    }

    private static async Task<string> CreateApiClientAsync(IPage admin)
    {
        await admin.GotoAsync("/admin/api-clients");
        await admin.GetByLabel("Name", new() { Exact = true }).FillAsync("ERP " + Guid.NewGuid().ToString("N")[..6]);
        await admin.GetByLabel("orders:read").CheckAsync();
        await admin.GetByLabel("orders:write").CheckAsync();
        await admin.GetByLabel("catalog:write").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create API client" }).ClickAsync();
        await Expect(admin.GetByTestId("new-key")).ToHaveTextAsync(new Regex("^pk_"));
        return (await admin.GetByTestId("new-key").TextContentAsync())!.Trim();
    }

    private static async Task<string> RegisterWebhookAsync(IPage admin, string url)
    {
        await admin.GotoAsync("/admin/webhooks");
        await admin.GetByLabel("Address (URL)").FillAsync(url);
        await admin.GetByLabel("order.placed").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add address" }).ClickAsync();
        await Expect(admin.GetByTestId("new-secret")).ToBeVisibleAsync();
        return (await admin.GetByTestId("new-secret").TextContentAsync())!.Trim();
    }

    private async Task<string> PlaceOrderAsync(IPage buyer)
    {
        var (_, productId) = await portal.Factory.PackAsync(ShopDriver.WallPaint2L5);
        await buyer.GotoAsync($"/shop/products/{productId}");
        await buyer.GetByLabel("Quantity of Bucket 2.5 l", new() { Exact = true }).FillAsync("3");
        await buyer.Locator(".pack-card", new() { HasText = "Bucket 2.5 l" }).GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(buyer.Locator("#cart-count")).ToHaveTextAsync("1");
        await buyer.GotoAsync("/shop/checkout");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await BrowserPortal.ArrivesAtAsync(buyer, url => PlacedOrder().IsMatch(url), "placing the order");
        return PlacedOrder().Match(buyer.Url).Groups[1].Value;
    }

    private static async Task ExpectOkAsync(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

    private static MultipartFormDataContent InvoiceForm(string invoiceNumber, byte[] pdf)
    {
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent
        {
            { new StringContent(invoiceNumber), "invoiceNumber" },
            { new StringContent(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "invoiceDate" },
            { new StringContent(DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "dueDate" },
            { new StringContent("63.18"), "amount" },
            { file, "pdf", "invoice.pdf" },
        };
    }

    [GeneratedRegex(@"/shop/orders/(\d{4}-\d{6})\?placed=1$")]
    private static partial Regex PlacedOrder();
}
