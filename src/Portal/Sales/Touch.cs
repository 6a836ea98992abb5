using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Sales;

/// A piece of manual work on a customer. Calls and visits go into the cost to serve; the other kinds are kept for
/// the customer's history and the care plan.
public class Touch
{
    public long Id { get; set; }
    public int CustomerId { get; set; }
    public TouchKind Kind { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
    public string? Note { get; set; }
}

public enum TouchKind
{
    Call = 0,
    Visit = 1,
    Note = 2,
    ManualOrderEdit = 3,
    OrderOnBehalf = 4,
    EscalationHandled = 5,
}

internal sealed class TouchConfiguration : IEntityTypeConfiguration<Touch>
{
    public void Configure(EntityTypeBuilder<Touch> builder)
    {
        builder.HasIndex(t => new { t.CustomerId, t.At });
        builder.HasIndex(t => t.At);
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(t => t.Note).HasMaxLength(2000);
        builder.HasOne<Customers.Customer>().WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}
