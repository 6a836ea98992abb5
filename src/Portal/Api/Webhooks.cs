using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.ProductManagement;

namespace Portal.Api;

public sealed record CreatedWebhook(WebhookEndpoint Endpoint, string Secret);

/// Webhooks out: endpoints an admin registers, events raised in the unit of work of the change that causes them
/// (sent later by WebhookDispatcher), "send again" for a parked delivery.
public sealed class Webhooks(PortalDbContext db, AuditTrail audit, TimeProvider time)
{
    public const string SignatureHeader = "Portal-Signature";

    /// Adds the event to the caller's unit of work: it is saved with the change, or not at all.
    public void Raise(string type, int? customerId, object data) => db.WebhookEvents.Add(NewEvent(type, customerId, data));

    /// Whether an endpoint subscribes to the type now. For a caller that raises events in bulk: an event nobody
    /// listens to is never delivered (the dispatcher marks it fanned out and moves on), so the segmentation run skips
    /// writing its 44,000 class changes on a first run then. An endpoint registered in the meantime gets the events
    /// raised after it, as always.
    public async Task<bool> AnyListensToAsync(string type, CancellationToken cancellationToken) =>
        (await db.WebhookEndpoints.AsNoTracking().Where(e => e.RemovedAt == null).Select(e => e.Events).ToListAsync(cancellationToken))
            .Any(events => WebhookEndpoint.Subscribes(events, type));

    /// The event without adding it, for a caller that writes many in bulk in its own transaction (the
    /// segmentation run's class changes: 44,000 on a first run, where the change tracker took seconds).
    public WebhookEvent NewEvent(string type, int? customerId, object data) =>
        NewEvent(type, customerId, (id, now) => JsonSerializer.Serialize(new { id, type, createdAt = now, data }, JsonSerializerOptions.Web));

    /// A class change's event, its payload written by generated code (WebhookJson): the same JSON as NewEvent's,
    /// without reflection over an anonymous type, which took about 10 µs per event of a first segmentation run.
    public WebhookEvent ClassChanged(Segmentation.CustomerSegmentChange change) =>
        NewEvent(WebhookEvents.CustomerClassChanged, change.CustomerId, (id, now) => JsonSerializer.Serialize(
            new WebhookEnvelope<ClassChange>(id, WebhookEvents.CustomerClassChanged, now, ClassChangeData(change)), WebhookJson.Default.WebhookEnvelopeClassChange));

    private WebhookEvent NewEvent(string type, int? customerId, Func<string, DateTimeOffset, string> payload)
    {
        var now = time.GetUtcNow();
        return new WebhookEvent
        {
            Type = type,
            CustomerId = customerId,
            Payload = payload(Guid.NewGuid().ToString("N"), now),
            CreatedAt = now,
        };
    }

    /// Null when the address is no absolute http(s) URL or no event is chosen; the secret is returned once, here.
    public async Task<CreatedWebhook?> CreateAsync(string? url, IReadOnlyList<string> events, string createdBy, CancellationToken cancellationToken)
    {
        var chosen = WebhookEvents.All.Where(events.Contains).ToList();
        if (!IsValidUrl(url) || chosen.Count == 0)
        {
            return null;
        }

        var secret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var endpoint = new WebhookEndpoint { Url = url!.Trim(), Events = string.Join(' ', chosen), Secret = secret, CreatedAt = time.GetUtcNow(), CreatedBy = createdBy };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        // Not RecordChanges: it would write every value, the secret too.
        audit.Record(AuditItemTypes.Webhook, AuditTrail.Format(endpoint.Id), endpoint.Url, AuditAction.Created, [new("Events", null, endpoint.Events)]);
        await audit.SaveChangesAsync(cancellationToken);
        return new CreatedWebhook(endpoint, secret);
    }

    public async Task<bool> RemoveAsync(int id, CancellationToken cancellationToken)
    {
        var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id && e.RemovedAt == null, cancellationToken);
        if (endpoint is null)
        {
            return false;
        }

        endpoint.RemovedAt = time.GetUtcNow();
        audit.RecordChanges(endpoint, AuditItemTypes.Webhook, endpoint.Url);
        await audit.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// A parked delivery back to pending with a fresh set of attempts; false when it is not parked (a double click).
    public async Task<bool> SendAgainAsync(long id, CancellationToken cancellationToken) =>
        await db.WebhookDeliveries.Where(d => d.Id == id && d.Status == WebhookDeliveryStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, WebhookDeliveryStatus.Pending)
                .SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.NextAttemptAt, time.GetUtcNow())
                .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), cancellationToken) > 0;

    /// What an order event says about the order.
    public static object OrderData(Ordering.Order order, string? reason = null) =>
        new { number = order.Number, customerNumber = (string?)null, status = order.Status.ToString(), channel = order.Channel.ToString(), totalGross = order.TotalGross, currency = order.Currency, reason };

    public static ClassChange ClassChangeData(Segmentation.CustomerSegmentChange change) =>
        new(null, change.FromSegment?.ToString(), change.ToSegment.ToString(), change.At, change.Reason);

    public static bool IsValidUrl(string? url) =>
        url is { Length: > 0 and <= 500 } && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// "t={unix seconds},v1={hex HMAC-SHA256 of "{t}.{body}" with the secret}".
    public static string Signature(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }
}

/// What a customer.class_changed event carries (camelCase in the payload).
public sealed record ClassChange(string? CustomerNumber, string? From, string To, DateTimeOffset At, string Reason);

/// The payload's envelope, as NewEvent writes it for any event.
public sealed record WebhookEnvelope<TData>(string Id, string Type, DateTimeOffset CreatedAt, TData Data);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WebhookEnvelope<ClassChange>))]
internal sealed partial class WebhookJson : JsonSerializerContext;
