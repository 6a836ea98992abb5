using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// Calls /api/v1 the way the ERP does: with a key in the Authorization header, JSON in and out.
public static class ApiDriver
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// A new API client with these scopes, and its key.
    public static async Task<(int Id, string Key)> NewApiClientAsync(this PortalFactory portal, params string[] scopes)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<ApiClients>().CreateAsync("ERP " + Guid.NewGuid().ToString("N")[..6], scopes, "test", default);
        return (created.Client.Id, created.Key);
    }

    public static async Task RevokeApiClientAsync(this PortalFactory portal, int id)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<ApiClients>().RevokeAsync(id, default));
    }

    /// A buyer's order through the shop's pages: 10 cans of 2.5 l wall paint, parcel delivery, on account.
    public static async Task<string> PlaceOrderAsync(this PortalFactory portal, HtmlClient buyer)
    {
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "10");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        var response = await buyer.SubmitAsync(checkout, "main form", new Dictionary<string, string> { ["Input.CustomerReference"] = "PO-ERP" });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        return location["/shop/orders/".Length..location.IndexOf('?', StringComparison.Ordinal)];
    }

    public static HttpClient ApiClient(this PortalFactory portal, string? key)
    {
        var client = portal.CreateClient(new() { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body, Json);

    /// Reads the feed from the cursor to its end; returns the orders read and the cursor to go on from.
    public static async Task<(List<JsonElement> Orders, string? Cursor)> DrainFeedAsync(this HttpClient client, string? cursor)
    {
        var orders = new List<JsonElement>();
        while (true)
        {
            var response = await client.GetAsync($"/api/v1/orders?limit=200{(cursor is null ? "" : "&after=" + cursor)}");
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            var page = await JsonOf(response);
            orders.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
            if (!page.GetProperty("hasMore").GetBoolean())
            {
                return (orders, cursor);
            }
        }
    }
}
