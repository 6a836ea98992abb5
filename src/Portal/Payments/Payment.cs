using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Payments;

/// One attempt to pay an order by card through a Stripe Checkout Session. An order can have several (an expired
/// or cancelled attempt, then another); at most one of them ends paid.
public class Payment
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public Ordering.Order? Order { get; set; }
    public required string SessionId { get; set; }
    public string? PaymentIntentId { get; set; }

    /// In cents, exactly the order's gross total when the session was created.
    public long AmountCents { get; set; }
    public string Currency { get; set; } = "eur";
    public PaymentStatus Status { get; set; } = PaymentStatus.Pending;
    public string? RefundId { get; set; }
    public string? FailureMessage { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum PaymentStatus
{
    Pending = 0,
    Paid = 1,
    Expired = 2,
    Failed = 3,
    Refunded = 4,
}

/// A Stripe event that has been handled; a replayed or duplicated delivery finds its id here and changes nothing.
public class ProcessedWebhookEvent
{
    public required string Id { get; set; }
    public required string Type { get; set; }
    public DateTimeOffset ProcessedAt { get; set; }
}

/// Which payment methods a customer may use, as flags so a customer can have both.
[Flags]
public enum PaymentMethods
{
    None = 0,
    OnAccount = 1,
    Card = 2,
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.HasIndex(p => p.SessionId).IsUnique();
        builder.HasIndex(p => p.PaymentIntentId);
        builder.HasIndex(p => p.OrderId);
        builder.Property(p => p.SessionId).HasMaxLength(255);
        builder.Property(p => p.PaymentIntentId).HasMaxLength(255);
        builder.Property(p => p.RefundId).HasMaxLength(255);
        builder.Property(p => p.FailureMessage).HasMaxLength(500);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasOne(p => p.Order).WithMany().HasForeignKey(p => p.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProcessedWebhookEventConfiguration : IEntityTypeConfiguration<ProcessedWebhookEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedWebhookEvent> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(255);
        builder.Property(e => e.Type).HasMaxLength(100);
    }
}
