using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Ordering;

namespace Portal.Purchasing;

/// An order that waits for the company admin: placed above the buyer's order limit or beyond the monthly budget.
/// The customer's own decision, not the seller's: it is no escalation and no touch, and an approved order stays
/// touchless (Insights/MonthlyEconomics counts escalations per order).
public class OrderApproval
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public Order? Order { get; set; }

    /// Copied from the order so the admin's list filters by company without a join.
    public int CustomerId { get; set; }
    public string? RequestedByUserId { get; set; }
    public DateTimeOffset RequestedAt { get; set; }

    /// What the order ran into, with the figures at the time it was placed.
    public bool OverOrderLimit { get; set; }
    public bool BeyondBudget { get; set; }
    public decimal? OrderLimit { get; set; }
    public decimal? BudgetLeft { get; set; }

    /// Decided by a conditional update from Pending: of two admins deciding at once, one wins.
    public ApprovalStatus Status { get; set; } = ApprovalStatus.Pending;
    public string? DecidedByUserId { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? RejectionReason { get; set; }
}

public enum ApprovalStatus
{
    Pending = 0,
    Approved = 1,
    Rejected = 2,
}

internal sealed class OrderApprovalConfiguration : IEntityTypeConfiguration<OrderApproval>
{
    public void Configure(EntityTypeBuilder<OrderApproval> builder)
    {
        builder.HasIndex(a => a.OrderId).IsUnique();
        builder.HasIndex(a => new { a.CustomerId, a.Status, a.RequestedAt });
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.OrderLimit).HasPrecision(18, 2);
        builder.Property(a => a.BudgetLeft).HasPrecision(18, 2);
        builder.Property(a => a.RejectionReason).HasMaxLength(1000);
        builder.HasOne(a => a.Order).WithMany().HasForeignKey(a => a.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Customers.Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(a => a.RequestedByUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(a => a.DecidedByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
