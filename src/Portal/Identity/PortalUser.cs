using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Customers;

namespace Portal.Identity;

public class PortalUser : IdentityUser
{
    public required string DisplayName { get; set; }

    /// The company a customer user belongs to; null for staff.
    public int? CustomerId { get; set; }
    public Customer? Customer { get; set; }

    /// "en" or "de"; mails and the UI default to it.
    public string Language { get; set; } = "en";

    /// Deactivated users cannot sign in; their orders and history stay.
    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    /// Reorder reminder mails; each user can switch them off.
    public bool ReorderRemindersEnabled { get; set; } = true;

    /// Staff only: the monthly management summary mail (Insights/MonthlySummary); off until the user opts in.
    public bool MonthlySummaryEnabled { get; set; }

    /// Buyers only, set by the company admin (Purchasing): an order above this net value, or beyond what is left of
    /// the monthly budget, waits for the company admin's approval. Null: no limit.
    public decimal? OrderLimit { get; set; }
    public decimal? MonthlyBudget { get; set; }
}

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200);
        builder.Property(u => u.Language).HasMaxLength(8);
        builder.HasOne(u => u.Customer).WithMany().HasForeignKey(u => u.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(u => u.CustomerId);
        builder.Property(u => u.OrderLimit).HasPrecision(18, 2);
        builder.Property(u => u.MonthlyBudget).HasPrecision(18, 2);
    }
}
