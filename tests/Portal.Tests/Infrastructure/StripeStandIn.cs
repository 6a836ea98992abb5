using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stripe;

namespace Portal.Tests.Infrastructure;

/// A local stand-in for the parts of Stripe's API Portal calls, answering in Stripe's wire format (form-encoded
/// requests, JSON objects), recording what it was sent. Its checkout page plays the hosted payment page: "Pay"
/// sends a signed checkout.session.completed webhook to the portal and returns the buyer to the success URL.
/// Stripe itself is out of reach here; this is the edge of the machine, so the fake stops here.
public sealed class StripeStandIn : IAsyncDisposable
{
    public const string SecretKey = "sk_test_portal_standin";
    public const string WebhookSecret = "whsec_portal_standin_secret";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, JsonObject> sessions = new();
    private readonly ConcurrentDictionary<string, JsonObject> sessionsByIdempotencyKey = new();
    private int counter;

    public sealed record Request(string Method, string Path, string? IdempotencyKey, string? Authorization, IReadOnlyDictionary<string, string> Form);

    public ConcurrentQueue<Request> Requests { get; } = new();

    public string BaseUrl { get; }

    /// Where "Pay" on the stand-in's checkout page delivers its webhook (the portal under test).
    public string? PortalBaseUrl { get; set; }

    /// When set, API calls answer with Stripe's error format and status 503.
    public bool Unavailable { get; set; }

    private StripeStandIn(WebApplication app, string baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<StripeStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        StripeStandIn? standIn = null;
        app.MapPost("/v1/checkout/sessions", (HttpRequest request) => standIn!.CreateSessionAsync(request.HttpContext));
        app.MapPost("/v1/refunds", (HttpRequest request) => standIn!.CreateRefundAsync(request.HttpContext));
        app.MapGet("/pay/{id}", (string id) => standIn!.CheckoutPage(id));
        app.MapPost("/pay/{id}/complete", (string id) => standIn!.CompleteAsync(id));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn = new StripeStandIn(app, address);
        return standIn;
    }

    public JsonObject Session(string id) => sessions[id];

    public IEnumerable<Request> RequestsTo(string path) => Requests.Where(r => r.Path == path);

    /// A webhook delivery as Stripe signs it, for the portal's verification to check.
    public static (string Json, string Signature) SignedEvent(string type, JsonObject dataObject, string secret = WebhookSecret, DateTimeOffset? signedAt = null, string? eventId = null)
    {
        var json = new JsonObject
        {
            ["id"] = eventId ?? $"evt_{Guid.NewGuid():N}",
            ["object"] = "event",
            ["api_version"] = StripeConfiguration.ApiVersion,
            ["created"] = (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
            ["type"] = type,
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["data"] = new JsonObject { ["object"] = dataObject.DeepClone() },
        }.ToJsonString();
        var header = EventUtility.GenerateSignatureHeader(json, secret, (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds());
        return (json, header);
    }

    public static HttpRequestMessage WebhookRequest(string json, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        }

        return request;
    }

    /// The session as Stripe reports it once paid.
    public JsonObject PaidSession(string id)
    {
        var session = (JsonObject)sessions[id].DeepClone();
        session["payment_status"] = "paid";
        session["status"] = "complete";
        session["payment_intent"] = $"pi_{id[3..]}";
        return session;
    }

    private async Task<IResult> CreateSessionAsync(HttpContext context)
    {
        var form = await RecordAsync(context);
        if (Unavailable)
        {
            return Error();
        }

        var key = context.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length > 0 && sessionsByIdempotencyKey.TryGetValue(key, out var existing))
        {
            return Results.Json(existing);
        }

        var id = $"cs_test_{Interlocked.Increment(ref counter):D4}{Guid.NewGuid():N}"[..32];
        var metadata = new JsonObject();
        foreach (var (name, value) in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            metadata[name["metadata[".Length..^1]] = value;
        }

        var session = new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["mode"] = form.GetValueOrDefault("mode"),
            ["currency"] = form.GetValueOrDefault("currency"),
            ["amount_total"] = long.Parse(form.GetValueOrDefault("line_items[0][price_data][unit_amount]") ?? "0", CultureInfo.InvariantCulture)
                * long.Parse(form.GetValueOrDefault("line_items[0][quantity]") ?? "1", CultureInfo.InvariantCulture),
            ["client_reference_id"] = form.GetValueOrDefault("client_reference_id"),
            ["customer_email"] = form.GetValueOrDefault("customer_email"),
            ["payment_status"] = "unpaid",
            ["status"] = "open",
            ["payment_intent"] = null,
            ["success_url"] = form.GetValueOrDefault("success_url"),
            ["cancel_url"] = form.GetValueOrDefault("cancel_url"),
            ["url"] = $"{BaseUrl}/pay/{id}",
            ["metadata"] = metadata,
            ["livemode"] = false,
        };
        sessions[id] = session;
        if (key.Length > 0)
        {
            sessionsByIdempotencyKey[key] = session;
        }

        return Results.Json(session);
    }

    private async Task<IResult> CreateRefundAsync(HttpContext context)
    {
        var form = await RecordAsync(context);
        if (Unavailable)
        {
            return Error();
        }

        return Results.Json(new JsonObject
        {
            ["id"] = $"re_{Guid.NewGuid():N}"[..24],
            ["object"] = "refund",
            ["amount"] = long.Parse(form.GetValueOrDefault("amount") ?? "0", CultureInfo.InvariantCulture),
            ["currency"] = "eur",
            ["payment_intent"] = form.GetValueOrDefault("payment_intent"),
            ["status"] = "succeeded",
        });
    }

    private IResult CheckoutPage(string id)
    {
        if (!sessions.TryGetValue(id, out var session))
        {
            return Results.NotFound();
        }

        var amount = (session["amount_total"]!.GetValue<long>() / 100m).ToString("0.00", CultureInfo.InvariantCulture);
        var html = $"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Stripe stand-in checkout</title></head>
            <body style="font-family:sans-serif;max-width:30rem;margin:3rem auto">
            <h1>Stand-in checkout</h1><p>Pay <strong>EUR {amount}</strong> for {WebUtility.HtmlEncode(session["client_reference_id"]?.ToString())}.</p>
            <form method="post" action="/pay/{id}/complete"><button type="submit">Pay</button></form>
            <p><a href="{WebUtility.HtmlEncode(session["cancel_url"]?.ToString())}">Cancel and return</a></p>
            </body></html>
            """;
        return Results.Content(html, "text/html");
    }

    private async Task<IResult> CompleteAsync(string id)
    {
        var (json, signature) = SignedEvent(EventTypes.CheckoutSessionCompleted, PaidSession(id));
        using var http = new HttpClient { BaseAddress = new Uri(PortalBaseUrl ?? throw new InvalidOperationException("PortalBaseUrl is not set.")) };
        var delivered = await http.SendAsync(WebhookRequest(json, signature));
        delivered.EnsureSuccessStatusCode();
        return Results.Redirect(sessions[id]["success_url"]!.ToString());
    }

    private async Task<Dictionary<string, string>> RecordAsync(HttpContext context)
    {
        var form = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString())
            : [];
        Requests.Enqueue(new Request(context.Request.Method, context.Request.Path, context.Request.Headers["Idempotency-Key"].FirstOrDefault(), context.Request.Headers.Authorization.FirstOrDefault(), form));
        return form;
    }

    private static IResult Error() =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["type"] = "api_error", ["message"] = "The stand-in is switched to unavailable." } }, statusCode: 503);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
