using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Portal.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

public sealed class ApiPortal() : MailTestPortal(seedDemo: true);

/// /api/v1 as the ERP meets it: keys and scopes, problem details, the order feed, acknowledgements; the OpenAPI
/// document and the reference page.
public sealed class ApiTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    [Fact]
    public async Task Without_a_key_the_api_answers_401_as_problem_details_and_the_pages_cookie_does_not_count()
    {
        var anonymous = await portal.ApiClient(null).GetAsync("/api/v1/orders");
        var admin = await portal.SignedInAsync(DemoPortal.Admin);
        var withCookie = await admin.Http.GetAsync("/api/v1/orders");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(401, (await ApiDriver.JsonOf(anonymous)).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, withCookie.StatusCode);
    }

    [Fact]
    public async Task A_revoked_or_unknown_key_gets_401()
    {
        var (id, key) = await portal.NewApiClientAsync(ApiScopes.OrdersRead);
        var api = portal.ApiClient(key);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/orders?limit=1")).StatusCode);

        await portal.RevokeApiClientAsync(id);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/orders?limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.ApiClient(key + "x").GetAsync("/api/v1/orders?limit=1")).StatusCode);
    }

    [Fact]
    public async Task A_read_only_key_cannot_write_and_a_write_only_key_cannot_read()
    {
        var (_, readOnly) = await portal.NewApiClientAsync(ApiScopes.OrdersRead);
        var (_, writeOnly) = await portal.NewApiClientAsync(ApiScopes.OrdersWrite);

        var write = await portal.ApiClient(readOnly).PostJsonAsync("/api/v1/orders/2026-000001/ack", new { erpOrderNumber = "A-1" });
        var read = await portal.ApiClient(writeOnly).GetAsync("/api/v1/orders");

        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
    }

    [Fact]
    public async Task A_call_marks_the_key_as_used()
    {
        var (id, key) = await portal.NewApiClientAsync(ApiScopes.OrdersRead);
        Assert.Null(await portal.WithDbAsync(db => db.ApiClients.Where(c => c.Id == id).Select(c => c.LastUsedAt).SingleAsync()));

        await portal.ApiClient(key).GetAsync("/api/v1/orders?limit=1");

        Assert.NotNull(await portal.WithDbAsync(db => db.ApiClients.Where(c => c.Id == id).Select(c => c.LastUsedAt).SingleAsync()));
    }

    [Fact]
    public async Task Refused_input_is_a_validation_problem_with_the_fields_and_an_unknown_address_a_problem_404()
    {
        var (_, key) = await portal.NewApiClientAsync(ApiScopes.OrdersRead, ApiScopes.OrdersWrite);
        var api = portal.ApiClient(key);

        var badPaging = await api.GetAsync("/api/v1/orders?after=abc&limit=0");
        var emptyAck = await api.PostJsonAsync("/api/v1/orders/2026-000001/ack", new { erpOrderNumber = " " });
        var unknownOrder = await api.PostJsonAsync("/api/v1/orders/1999-999999/ack", new { erpOrderNumber = "A-1" });
        var unknownPath = await api.GetAsync("/api/v1/nothing-here");

        Assert.Equal(HttpStatusCode.BadRequest, badPaging.StatusCode);
        Assert.Equal("application/problem+json", badPaging.Content.Headers.ContentType?.MediaType);
        var errors = (await ApiDriver.JsonOf(badPaging)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("after", out _));
        Assert.True(errors.TryGetProperty("limit", out _));
        Assert.Equal(HttpStatusCode.BadRequest, emptyAck.StatusCode);
        Assert.True((await ApiDriver.JsonOf(emptyAck)).GetProperty("errors").TryGetProperty("erpOrderNumber", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknownOrder.StatusCode);
        Assert.Equal("application/problem+json", unknownOrder.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknownPath.StatusCode);
        Assert.Equal("application/problem+json", unknownPath.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_order_placed_in_the_shop_is_in_the_feed_exactly_once_and_the_buyer_sees_the_erp_number_after_the_ack()
    {
        var (_, key) = await portal.NewApiClientAsync(ApiScopes.OrdersRead, ApiScopes.OrdersWrite);
        var api = portal.ApiClient(key);
        var (_, cursor) = await api.DrainFeedAsync(null);
        var buyer = await portal.NewSmallCustomerBuyerAsync();
        var number = await portal.PlaceOrderAsync(buyer);

        var (first, next) = await api.DrainFeedAsync(cursor);
        var (second, _) = await api.DrainFeedAsync(next);

        var order = Assert.Single(first, o => o.GetProperty("number").GetString() == number);
        Assert.DoesNotContain(second, o => o.GetProperty("number").GetString() == number);
        Assert.Equal("Confirmed", order.GetProperty("status").GetString());
        Assert.Equal("Shop", order.GetProperty("channel").GetString());
        Assert.Equal("Parcel delivery", order.GetProperty("deliveryMethod").GetString());
        Assert.Equal(133.76m, order.GetProperty("totalGross").GetDecimal());
        var line = Assert.Single(order.GetProperty("lines").EnumerateArray());
        Assert.Equal(ShopDriver.WallPaint2L5, line.GetProperty("sku").GetString());
        Assert.Equal(10, line.GetProperty("quantity").GetInt32());
        Assert.Equal(10.55m, line.GetProperty("unitPrice").GetDecimal());
        Assert.Equal(0.19m, line.GetProperty("vatRate").GetDecimal());
        Assert.False(string.IsNullOrEmpty(line.GetProperty("packName").GetString()));
        Assert.StartsWith("T", order.GetProperty("customerNumber").GetString());

        var ack = await api.PostJsonAsync($"/api/v1/orders/{number}/ack", new { erpOrderNumber = "AB-778899" });
        var again = await api.PostJsonAsync($"/api/v1/orders/{number}/ack", new { erpOrderNumber = "AB-778899" });
        var other = await api.PostJsonAsync($"/api/v1/orders/{number}/ack", new { erpOrderNumber = "AB-000001" });

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        var page = await buyer.GetDocumentAsync($"/shop/orders/{number}");
        Assert.Equal("AB-778899", page.QuerySelector("[data-testid=erp-number]")?.TextContent);
        var entry = await portal.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.ItemType == "Order" && e.ItemName == number));
        Assert.StartsWith("API: ERP ", entry.UserName);
        Assert.Contains("AB-778899", entry.Changes);
    }

    [Fact]
    public async Task An_order_held_for_review_enters_the_feed_only_once_it_is_released()
    {
        var (_, key) = await portal.NewApiClientAsync(ApiScopes.OrdersRead);
        var api = portal.ApiClient(key);
        var (_, cursor) = await api.DrainFeedAsync(null);
        // Credit limit 50 € against an order of 133.76 €: held for review.
        var buyer = await portal.NewSmallCustomerBuyerAsync(creditLimit: 50m);
        var number = await portal.PlaceOrderAsync(buyer);

        var (whileHeld, next) = await api.DrainFeedAsync(cursor);
        await portal.WithDbAsync(db => db.Orders.Where(o => o.Number == number).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, Portal.Ordering.OrderStatus.Confirmed)));
        var (released, _) = await api.DrainFeedAsync(next);

        Assert.DoesNotContain(whileHeld, o => o.GetProperty("number").GetString() == number);
        Assert.Single(released, o => o.GetProperty("number").GetString() == number);
    }

    [Fact]
    public async Task The_openapi_document_reads_without_errors_and_lists_every_api_endpoint()
    {
        var response = await portal.CreateClient().GetAsync(ApiExtensions.DocumentPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var (document, diagnostic) = await OpenApiDocument.LoadAsync(await response.Content.ReadAsStreamAsync(), "json");

        Assert.NotNull(document);
        Assert.Empty(diagnostic!.Errors);
        var documented = document.Paths.SelectMany(p => p.Value.Operations!.Select(o => $"{o.Key.Method.ToUpperInvariant()} {p.Key}")).Order().ToList();
        var mapped = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Order().ToList();
        Assert.NotEmpty(mapped);
        Assert.Equal(mapped, documented);
        Assert.Contains("GET /api/v1/orders", documented);
        Assert.True(document.Components!.SecuritySchemes!.ContainsKey("ApiKey"));
    }

    [Fact]
    public async Task The_api_reference_is_for_administrators()
    {
        var admin = await portal.SignedInAsync(DemoPortal.Admin);
        var buyer = await portal.SignedInAsync(DemoPortal.Buyer);

        var forAdmin = await admin.Http.GetAsync("/api/docs/index.html");
        var forBuyer = await buyer.Http.GetAsync("/api/docs/index.html");
        var anonymous = await portal.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/api/docs/index.html");

        Assert.Equal(HttpStatusCode.OK, forAdmin.StatusCode);
        var html = await forAdmin.Content.ReadAsStringAsync();
        Assert.Contains("swagger-ui", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("<title>Portal API", html);
        Assert.NotEqual(HttpStatusCode.OK, forBuyer.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/login", anonymous.Headers.Location!.OriginalString);
    }
}
