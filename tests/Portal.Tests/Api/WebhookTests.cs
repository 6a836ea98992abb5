using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api;
using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

public sealed class WebhookPortal : MailTestPortal
{
    public WebhookPortal()
        : base(seedDemo: true)
    {
        WithFastWebhooks(this);
    }

    public static void WithFastWebhooks(PortalFactory portal) => portal
        .With("Webhooks:PollInterval", "00:00:00.100")
        .With("Webhooks:RetryBaseDelay", "00:00:00.200")
        .With("Webhooks:RetryMaxDelay", "00:00:00.500")
        .With("Webhooks:MaxAttempts", "3");
}

/// A real HTTP listener on loopback playing the receiving system: it records what arrives and answers with the
/// status codes it is told (200 once they are used up).
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<int> answers = new();

    public WebhookReceiver(params int[] answers)
    {
        foreach (var code in answers)
        {
            this.answers.Enqueue(code);
        }

        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hooks/";
        listener.Prefixes.Add(Url);
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    public sealed record Received(string Event, string Delivery, string Signature, string Body, int Answered)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }

    public void AnswerAlways(int code)
    {
        for (var i = 0; i < 50; i++)
        {
            answers.Enqueue(code);
        }
    }

    public void AnswerOk() => answers.Clear();

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (!listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var code = answers.TryDequeue(out var next) ? next : 200;
            Requests.Enqueue(new Received(context.Request.Headers["Portal-Event"] ?? "", context.Request.Headers["Portal-Delivery"] ?? "", context.Request.Headers["Portal-Signature"] ?? "", body, code));
            context.Response.StatusCode = code;
            context.Response.Close();
        }
    }

    /// Checks "t=…,v1=…" the way a receiver does: the HMAC-SHA256 of "{t}.{body}" with the secret.
    public static bool SignatureIsValid(string header, string body, string secret)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{parts["t"]}.{body}")));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts["v1"]))
            && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(parts["t"], System.Globalization.CultureInfo.InvariantCulture)) < 300;
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
    }
}

/// Webhooks out: registered at /admin/webhooks (the secret shown once), signed, retried after a failure, parked after
/// the last attempt and sent again from the page, each attempt logged with the response code.
public sealed class WebhookTests(WebhookPortal portal) : IClassFixture<WebhookPortal>
{
    [Fact]
    public async Task An_order_placed_in_the_shop_is_posted_signed_and_a_500_is_tried_again()
    {
        using var receiver = new WebhookReceiver(500);
        var admin = await portal.SignedInAsync(DemoPortal.Admin);
        var secret = await RegisterAsync(admin, receiver.Url, WebhookEvents.OrderPlaced);
        var buyer = await portal.NewSmallCustomerBuyerAsync();

        var number = await portal.PlaceOrderAsync(buyer);

        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Count(r => r.Body.Contains(number) && r.Answered == 200) == 1), "the order.placed event arrived after a 500");
        var received = receiver.Requests.Where(r => r.Body.Contains(number)).ToList();
        Assert.Equal([500, 200], received.Select(r => r.Answered));
        Assert.All(received, r => Assert.True(WebhookReceiver.SignatureIsValid(r.Signature, r.Body, secret), r.Signature));
        Assert.False(WebhookReceiver.SignatureIsValid(received[0].Signature, received[0].Body.Replace(number, "2026-999999"), secret));
        Assert.Single(received.Select(r => r.Delivery).Distinct());
        var data = received[1].Json.GetProperty("data");
        Assert.Equal("order.placed", received[1].Json.GetProperty("type").GetString());
        Assert.Equal(number, data.GetProperty("number").GetString());
        var customerNumber = await portal.WithDbAsync(db => db.Orders.Where(o => o.Number == number).Select(o => o.Customer!.Number).SingleAsync());
        Assert.Equal(customerNumber, data.GetProperty("customerNumber").GetString());
        var page = await admin.GetDocumentAsync("/admin/webhooks");
        Assert.Contains(page.QuerySelectorAll("[data-testid=webhook-delivery][data-status=Delivered] [data-testid=codes]"), c => c.TextContent.Trim() == "500, 200");
        Assert.DoesNotContain(secret, page.Body!.TextContent);
    }

    [Fact]
    public async Task A_class_change_event_written_by_generated_code_has_the_payload_of_any_other_event()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var webhooks = scope.ServiceProvider.GetRequiredService<Webhooks>();
        var change = new Portal.Segmentation.CustomerSegmentChange
        {
            CustomerId = 7,
            At = new DateTimeOffset(2026, 11, 30, 22, 59, 59, TimeSpan.Zero),
            FromSegment = Portal.Customers.Segment.B,
            ToSegment = Portal.Customers.Segment.C,
            Reason = "Run of 2026-11-30 (thresholds): basis 1,234.50 below the small-customer threshold \"5,000.00\" – ü",
        };

        var fast = webhooks.ClassChanged(change);
        var general = webhooks.NewEvent(WebhookEvents.CustomerClassChanged, change.CustomerId, Webhooks.ClassChangeData(change));

        Assert.Equal((WebhookEvents.CustomerClassChanged, (int?)7), (fast.Type, fast.CustomerId));
        var payload = JsonDocument.Parse(fast.Payload).RootElement;
        Assert.Equal(["id", "type", "createdAt", "data"], payload.EnumerateObject().Select(p => p.Name));
        Assert.Equal(32, payload.GetProperty("id").GetString()!.Length);
        Assert.Equal(fast.CreatedAt, payload.GetProperty("createdAt").GetDateTimeOffset());
        // Byte for byte what the general path writes (escaping included), but for the event's own id and time.
        var expected = general.Payload
            .Replace(JsonDocument.Parse(general.Payload).RootElement.GetProperty("id").GetString()!, payload.GetProperty("id").GetString())
            .Replace(JsonSerializer.Serialize(general.CreatedAt), JsonSerializer.Serialize(fast.CreatedAt));
        Assert.Equal(expected, fast.Payload);
        Assert.Equal(
            """{"customerNumber":null,"from":"B","to":"C","at":"2026-11-30T22:59:59+00:00","reason":"Run of 2026-11-30 (thresholds): basis 1,234.50 below the small-customer threshold \u00225,000.00\u0022 \u2013 \u00FC"}""",
            payload.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task A_delivery_is_parked_after_the_last_attempt_and_sent_again_from_the_page()
    {
        using var receiver = new WebhookReceiver();
        receiver.AnswerAlways(503);
        var admin = await portal.SignedInAsync(DemoPortal.Admin);
        await RegisterAsync(admin, receiver.Url, WebhookEvents.OrderCancelled);
        var api = portal.ApiClient((await portal.NewApiClientAsync(ApiScopes.OrdersRead, ApiScopes.OrdersWrite)).Key);
        var number = await portal.PlaceOrderAsync(await portal.NewSmallCustomerBuyerAsync());
        await api.DrainFeedAsync(null);

        await api.PostJsonAsync($"/api/v1/orders/{number}/cancel", new { reason = "Out of stock for good." });

        await Eventually.TrueAsync(() => portal.WithDbAsync(db => db.WebhookDeliveries.AnyAsync(d => d.Status == WebhookDeliveryStatus.Failed && d.Endpoint!.Url == receiver.Url)), "the delivery was parked");
        Assert.Equal(3, receiver.Requests.Count(r => r.Body.Contains(number)));
        receiver.AnswerOk();
        var parked = await portal.WithDbAsync(db => db.WebhookDeliveries.Where(d => d.Status == WebhookDeliveryStatus.Failed && d.Endpoint!.Url == receiver.Url).Select(d => d.Id).SingleAsync());
        var page = await admin.GetDocumentAsync("/admin/webhooks");
        Assert.Equal("503, 503, 503", page.QuerySelector($"[data-delivery='{parked}'] [data-testid=codes]")!.TextContent.Trim());

        await admin.SubmitAsync(page, $"[data-delivery='{parked}'] form", new Dictionary<string, string>());

        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Any(r => r.Body.Contains(number) && r.Answered == 200)), "sent again and delivered");
        var delivered = receiver.Requests.Last(r => r.Body.Contains(number));
        Assert.Equal("order.cancelled", delivered.Event);
        Assert.Contains("Out of stock for good.", delivered.Body);
    }

    private static async Task<string> RegisterAsync(HtmlClient admin, string url, string type)
    {
        var page = await admin.GetDocumentAsync("/admin/webhooks");
        var response = await admin.SubmitAsync(page, "form[action*='handler=Create']", new Dictionary<string, string> { ["Address"] = url, ["Events"] = type });
        var created = await HtmlClient.ParseAsync(response);
        return created.QuerySelector("[data-testid=new-secret]")!.TextContent.Trim();
    }
}

/// Two portal instances on one PostgreSQL database, both sending: every event reaches the receiver exactly once.
[Trait("Category", "Postgres")]
public sealed class PostgresWebhookTests : IAsyncLifetime, IDisposable
{
    private readonly string database = $"portal_test_{Guid.NewGuid():N}";
    private PortalFactory first = null!;
    private PortalFactory second = null!;

    public Task InitializeAsync()
    {
        first = new PortalFactory(DatabaseKind.Postgres, seedDemo: false, sharedDatabase: database);
        WebhookPortal.WithFastWebhooks(first);
        _ = first.Services;
        second = new PortalFactory(DatabaseKind.Postgres, seedDemo: false, sharedDatabase: database) { DropDatabaseOnDispose = false };
        WebhookPortal.WithFastWebhooks(second);
        _ = second.Services;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
    }

    [Fact]
    public async Task With_two_instances_each_event_is_delivered_once()
    {
        using var receiver = new WebhookReceiver();
        await using (var scope = first.Services.CreateAsyncScope())
        {
            var webhooks = scope.ServiceProvider.GetRequiredService<Webhooks>();
            Assert.NotNull(await webhooks.CreateAsync(receiver.Url, [WebhookEvents.EscalationOpened], "test", default));
            for (var i = 0; i < 40; i++)
            {
                webhooks.Raise(WebhookEvents.EscalationOpened, null, new { i });
            }

            await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SaveChangesAsync();
        }

        await Eventually.TrueAsync(() => first.WithDbAsync(async db => await db.WebhookDeliveries.CountAsync(d => d.Status == WebhookDeliveryStatus.Delivered) == 40), "all 40 delivered");
        Assert.Equal(40, receiver.Requests.Count);
        Assert.Equal(40, receiver.Requests.Select(r => r.Json.GetProperty("data").GetProperty("i").GetInt32()).Distinct().Count());
        Assert.Equal(40, await first.WithDbAsync(db => db.WebhookAttempts.CountAsync()));
    }
}
