using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api;
using Portal.Ordering;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// Orders from a machine customer's own system: POST /api/v1/orders with an Idempotency-Key, placed through the
/// shop's checks with the channel Api (self-service, so touchless when nobody touches it).
public sealed class ApiOrderTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    [Fact]
    public async Task The_same_key_places_one_order_and_the_same_key_with_another_body_is_a_conflict()
    {
        var api = portal.ApiClient((await portal.NewApiClientAsync(ApiScopes.OrdersWrite, ApiScopes.OrdersRead)).Key);
        var (number, email) = await MachineCustomerAsync();
        var body = new { customerNumber = number, customerReference = "ERP-4711", lines = new[] { new { sku = ShopDriver.WallPaint2L5, quantity = 10 } } };
        var key = Guid.NewGuid().ToString();

        var first = await PostOrderAsync(api, key, body);
        var retry = await PostOrderAsync(api, key, body);
        var otherBody = await PostOrderAsync(api, key, body with { customerReference = "ERP-4712" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, otherBody.StatusCode);
        var orderNumber = (await ApiDriver.JsonOf(first)).GetProperty("number").GetString();
        Assert.Equal(orderNumber, (await ApiDriver.JsonOf(retry)).GetProperty("number").GetString());
        Assert.Equal("Confirmed", (await ApiDriver.JsonOf(first)).GetProperty("status").GetString());
        var order = await portal.WithDbAsync(db => db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == orderNumber));
        Assert.Equal(OrderChannel.Api, order.Channel);
        Assert.True(order.Channel.IsSelfService());
        Assert.Equal(10, Assert.Single(order.Lines).Quantity);
        Assert.False(await portal.WithDbAsync(db => db.Escalations.AnyAsync(e => e.OrderId == order.Id)));
        Assert.Equal(1, await portal.WithDbAsync(db => db.Orders.CountAsync(o => o.CustomerId == order.CustomerId)));
        // The order goes out in the feed like a shop order, and its buyer gets the confirmation.
        var (feed, _) = await api.DrainFeedAsync(null);
        Assert.Single(feed, o => o.GetProperty("number").GetString() == orderNumber && o.GetProperty("channel").GetString() == "Api");
        await Eventually.TrueAsync(() => Task.FromResult(portal.Smtp.MessagesTo(email).Any(m => (m.Subject ?? "").Contains(orderNumber!))), "the confirmation arrived");
    }

    [Fact]
    public async Task The_shops_checks_apply_and_bad_input_is_refused_per_field()
    {
        var api = portal.ApiClient((await portal.NewApiClientAsync(ApiScopes.OrdersWrite)).Key);
        var readOnly = portal.ApiClient((await portal.NewApiClientAsync(ApiScopes.OrdersRead)).Key);
        var (number, _) = await MachineCustomerAsync();

        var noKey = await api.PostJsonAsync("/api/v1/orders", new { customerNumber = number, lines = new[] { new { sku = ShopDriver.WallPaint2L5, quantity = 1 } } });
        var badLines = await PostOrderAsync(api, "k1", new { customerNumber = number, lines = new object[] { new { sku = "NO-SUCH", quantity = 1 }, new { sku = ShopDriver.WallPaint2L5, quantity = 0 }, new { sku = ShopDriver.FacadePaint1L, quantity = 1 } } });
        var unknownCustomer = await PostOrderAsync(api, "k2", new { customerNumber = "nobody", lines = new[] { new { sku = ShopDriver.WallPaint2L5, quantity = 1 } } });
        var forbidden = await PostOrderAsync(readOnly, "k3", new { customerNumber = number, lines = new[] { new { sku = ShopDriver.WallPaint2L5, quantity = 1 } } });
        await portal.WithDbAsync(db => db.Customers.Where(c => c.Number == number).ExecuteUpdateAsync(s => s.SetProperty(c => c.IsBlocked, true)));
        var blocked = await PostOrderAsync(api, "k4", new { customerNumber = number, lines = new[] { new { sku = ShopDriver.WallPaint2L5, quantity = 1 } } });

        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.True((await ApiDriver.JsonOf(noKey)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        var errors = (await ApiDriver.JsonOf(badLines)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("lines[0].sku", out _));
        Assert.True(errors.TryGetProperty("lines[1].quantity", out _));
        Assert.True((await ApiDriver.JsonOf(unknownCustomer)).GetProperty("errors").TryGetProperty("customerNumber", out _));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, blocked.StatusCode);
        Assert.Contains("blocked", await blocked.Content.ReadAsStringAsync());
        Assert.Equal(0, await portal.WithDbAsync(db => db.Orders.CountAsync(o => o.Customer!.Number == number)));

        // Facade paint is outside the small-customer catalog: refused like in the shop.
        var outside = await PostOrderAsync(api, "k5", new { customerNumber = (await MachineCustomerAsync()).Number, lines = new[] { new { sku = ShopDriver.FacadePaint1L, quantity = 1 } } });
        Assert.True((await ApiDriver.JsonOf(outside)).GetProperty("errors").TryGetProperty("lines[0].sku", out _));
    }

    private static Task<HttpResponseMessage> PostOrderAsync(HttpClient api, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(body, options: ApiDriver.Json) };
        request.Headers.Add("Idempotency-Key", key);
        return api.SendAsync(request);
    }

    private async Task<(string Number, string Email)> MachineCustomerAsync()
    {
        var number = $"M{Guid.NewGuid():N}"[..12];
        var customerId = await portal.CreateCustomerAsync(number, $"Machine customer {number}", creditLimit: 5_000m, deliveryTo: "Goods in");
        var email = $"erp-{number}@test.example".ToLowerInvariant();
        await portal.CreateUserAsync(email, customerId, displayName: "ERP buyer");
        return (number, email);
    }
}
