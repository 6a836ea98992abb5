using System.Net;
using Portal.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

public sealed class RateLimitTests
{
    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_retry_after_and_another_key_is_not_affected()
    {
        await using var portal = new PortalFactory(seedDemo: false).With("Api:RequestsPerMinute", "3");
        var (_, busy) = await portal.NewApiClientAsync(ApiScopes.OrdersRead);
        var (_, quiet) = await portal.NewApiClientAsync(ApiScopes.OrdersRead);
        var api = portal.ApiClient(busy);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await api.GetAsync("/api/v1/orders"));
        }

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var refused = answers[3];
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 and <= 60 }, refused.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await portal.ApiClient(quiet).GetAsync("/api/v1/orders")).StatusCode);
    }
}
