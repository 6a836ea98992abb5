using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Sales;

/// Something self-service could not settle, for inside sales to handle. Each one is a touch on the customer,
/// and touches are the cost to serve.
public class Escalation
{
    public int Id { get; set; }
    public EscalationType Type { get; set; }
    public EscalationStatus Status { get; set; } = EscalationStatus.Open;
    public int CustomerId { get; set; }
    public int? OrderId { get; set; }
    public Ordering.Order? Order { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
}

public enum EscalationType
{
    CreditLimit = 0,
    UnusualOrderValue = 1,
    PaymentFailed = 2,
    CallbackRequest = 3,
    NotInCatalog = 4,
    OrderComment = 5,
    Manual = 6,
}

public enum EscalationStatus
{
    Open = 0,
    Resolved = 1,
}

internal sealed class EscalationConfiguration : IEntityTypeConfiguration<Escalation>
{
    public void Configure(EntityTypeBuilder<Escalation> builder)
    {
        builder.HasIndex(e => new { e.Status, e.DueAt });
        builder.HasIndex(e => e.CustomerId);
        builder.Property(e => e.Type).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Reason).HasMaxLength(1000);
        builder.HasOne<Customers.Customer>().WithMany().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.Order).WithMany().HasForeignKey(e => e.OrderId).OnDelete(DeleteBehavior.SetNull);
    }
}
