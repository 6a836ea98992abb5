using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Api;

/// The events an endpoint can subscribe to.
public static class WebhookEvents
{
    public const string OrderPlaced = "order.placed";
    public const string OrderCancelled = "order.cancelled";
    public const string CustomerClassChanged = "customer.class_changed";
    public const string EscalationOpened = "escalation.opened";

    public static readonly string[] All = [OrderPlaced, OrderCancelled, CustomerClassChanged, EscalationOpened];

    /// The English description shown beside an event (and the key of its translation).
    public static string DisplayName(string type) => type switch
    {
        OrderPlaced => "An order was placed",
        OrderCancelled => "An order was cancelled",
        CustomerClassChanged => "A customer's class changed",
        EscalationOpened => "An escalation was opened",
        _ => type,
    };
}

/// An address the portal posts events to, signed with the endpoint's secret.
public class WebhookEndpoint
{
    public int Id { get; set; }
    public required string Url { get; set; }

    /// Subscribed event types, space-separated.
    public required string Events { get; set; }

    /// The signing secret. Kept as it is (the portal has to sign with it); shown to the admin once.
    public required string Secret { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset? RemovedAt { get; set; }

    public IReadOnlyList<string> EventList => Events.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// Whether a subscription list (an endpoint's Events, read on its own) names the event type.
    public static bool Subscribes(string events, string type) => events.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(type);
}

/// Something that happened, written in the unit of work of the change (the outbox pattern). The dispatcher turns it
/// into one delivery per endpoint subscribed at that moment, exactly once (FannedOutAt).
public class WebhookEvent
{
    public long Id { get; set; }
    public required string Type { get; set; }

    /// The customer the event is about: its number is put into data.customerNumber when the event is sent out.
    public int? CustomerId { get; set; }

    /// The JSON body every endpoint receives: {"id","type","createdAt","data"}.
    public required string Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FannedOutAt { get; set; }
}

public class WebhookDelivery
{
    public long Id { get; set; }
    public int EndpointId { get; set; }
    public WebhookEndpoint? Endpoint { get; set; }
    public long EventId { get; set; }
    public WebhookEvent? Event { get; set; }
    public WebhookDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public int? LastStatusCode { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public List<WebhookAttempt> AttemptLog { get; set; } = [];
}

public enum WebhookDeliveryStatus
{
    Pending = 0,
    Sending = 1,
    Delivered = 2,

    /// Given up after the last attempt; an admin can send it again.
    Failed = 3,
}

/// One try: when, and the endpoint's response code (null when it could not be reached, then the error).
public class WebhookAttempt
{
    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public DateTimeOffset At { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
}

public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    public bool DispatcherEnabled { get; set; } = true;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(2);

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;
}

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.Property(e => e.Url).HasMaxLength(500);
        builder.Property(e => e.Events).HasMaxLength(200);
        builder.Property(e => e.Secret).HasMaxLength(100);
        builder.Property(e => e.CreatedBy).HasMaxLength(200);
    }
}

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.Property(e => e.Type).HasMaxLength(40);
        builder.HasIndex(e => e.FannedOutAt);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public const int ErrorLength = 500;

    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.ClaimedBy).HasMaxLength(120);
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.EventId, d.EndpointId }).IsUnique();
        builder.HasOne(d => d.Endpoint).WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(d => d.Event).WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.AttemptLog).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.Property(a => a.Error).HasMaxLength(WebhookDeliveryConfiguration.ErrorLength);
    }
}
