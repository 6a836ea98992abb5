using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Infrastructure;

/// Drives the shop's pages the way a buyer does, with the demo's article numbers.
public static class ShopDriver
{
    /// Interior wall paint, white matt: 1 l (small pack), 2.5 l, 5 l, and 12.5 l (full range only).
    public const string WallPaint1L = "P110-1";
    public const string WallPaint2L5 = "P110-2";
    public const string WallPaint12L5 = "P110-4";

    /// Facade paint: in the full range only, not in the small-customer catalog.
    public const string FacadePaint1L = "P130-1";

    public static Task<(int PackId, int ProductId)> PackAsync(this PortalFactory portal, string sku) =>
        portal.WithDbAsync(db => db.PackSizes.Where(s => s.Sku == sku).Select(s => new ValueTuple<int, int>(s.Id, s.ProductId)).SingleAsync());

    public static async Task<HtmlClient> SignedInAsync(this PortalFactory portal, string email)
    {
        var client = portal.CreateHtmlClient();
        var response = await client.SignInAsync(email, DemoPortal.Password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// A buyer of its own, on Malerbetrieb Kunz, so tests do not share a cart.
    public static async Task<HtmlClient> NewKunzBuyerAsync(this DemoPortal portal)
    {
        var email = $"buyer-{Guid.NewGuid():N}@kunz.example";
        var customerId = await portal.WithDbAsync(db => db.Customers.Where(c => c.Number == "10001").Select(c => c.Id).SingleAsync());
        await portal.CreateBuyerAsync(email, customerId);
        return await portal.SignedInAsync(email);
    }

    /// A small-customer company of its own with one buyer, for tests where other tests' orders would interfere
    /// (open receivables, order history).
    public static async Task<HtmlClient> NewSmallCustomerBuyerAsync(this PortalFactory portal, decimal creditLimit = 2_500m, string language = "en")
    {
        var number = $"T{Guid.NewGuid():N}"[..12];
        var customerId = await portal.CreateCustomerAsync(number, $"Test company {number}", creditLimit: creditLimit, deliveryTo: "Test");
        var email = $"buyer-{number}@test.example".ToLowerInvariant();
        await portal.CreateUserAsync(email, customerId, language: language, displayName: "Test Buyer");
        return await portal.SignedInAsync(email);
    }

    public static async Task<HttpResponseMessage> AddToCartAsync(this HtmlClient client, PortalFactory portal, string sku, string quantity)
    {
        var (_, productId) = await portal.PackAsync(sku);
        var page = await client.GetDocumentAsync($"/shop/products/{productId}");
        return await client.SubmitAsync(page, $"[data-sku='{sku}'] form", new Dictionary<string, string> { ["quantity"] = quantity });
    }

    public static async Task<IDocument> CartAsync(this HtmlClient client) => await client.GetDocumentAsync("/shop/cart");

    public static IElement? CartLine(this IDocument cart, string sku) => cart.QuerySelector($".cart-line[data-sku='{sku}']");

    public static string QuantityOf(this IDocument cart, string sku) =>
        cart.CartLine(sku)?.QuerySelector("input[name=quantity]")?.GetAttribute("value") ?? throw new InvalidOperationException($"{sku} is not in the cart");
}
