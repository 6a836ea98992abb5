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

    /// The product a buyer asked about ("Please call me" on a product page).
    public int? ProductId { get; set; }

    /// Who raised it: the buyer who asked for a call or a product, the clerk who opened it by hand; null for rules.
    public string? RaisedByUserId { get; set; }

    /// Set while open for escalations that must not be raised twice (one callback per order, product or customer);
    /// cleared on resolving. Unique, so two clicks at once still make one.
    public string? OpenKey { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }

    /// The clerk working on it. Claimed by a conditional update: of two clerks claiming at once, one wins.
    public string? ClaimedByUserId { get; set; }
    public Identity.PortalUser? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }

    public EscalationOutcome? Outcome { get; set; }
    public string? Resolution { get; set; }
    public string? ResolvedByUserId { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }

    public List<EscalationComment> Comments { get; set; } = [];

    /// Why a clerk cannot work on it now (a translation key), or null when the clerk may resolve it.
    public static string? WhyNotWorkable(Escalation? escalation, string userId) =>
        escalation is null || escalation.Status != EscalationStatus.Open ? "This escalation is already closed."
        : escalation.ClaimedByUserId != userId ? "Claim the escalation before you resolve it."
        : null;

    public void Resolve(EscalationOutcome outcome, string? resolution, string userId, DateTimeOffset at)
    {
        Status = EscalationStatus.Resolved;
        OpenKey = null;
        Outcome = outcome;
        Resolution = resolution;
        ResolvedByUserId = userId;
        ResolvedAt = at;
    }
}

public class EscalationComment
{
    public int Id { get; set; }
    public int EscalationId { get; set; }
    public string? UserId { get; set; }
    public required string Author { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset At { get; set; }
}

public enum EscalationOutcome
{
    /// The held order proceeds; the customer gets the confirmation.
    Approved = 0,

    /// The held order is cancelled with a reason the customer reads.
    Rejected = 1,

    /// Called the customer and settled it.
    Settled = 2,

    /// The held order's lines or prices were changed; it proceeds with the new totals.
    Edited = 3,

    /// A quote request answered with a quote (Purchasing/Quotes).
    Quoted = 4,
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

    /// A buyer asked for a quote from the cart (Purchasing/Quote): the clerk writes it at /sales/quotes/{number}.
    QuoteRequest = 7,
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
        builder.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Resolution).HasMaxLength(1000);
        builder.HasIndex(e => e.ClaimedByUserId);
        builder.HasOne(e => e.ClaimedBy).WithMany().HasForeignKey(e => e.ClaimedByUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(e => e.ResolvedByUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(e => e.Comments).WithOne().HasForeignKey(c => c.EscalationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.Order).WithMany().HasForeignKey(e => e.OrderId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Catalogs.Product>().WithMany().HasForeignKey(e => e.ProductId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(e => e.RaisedByUserId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(e => e.OpenKey).HasMaxLength(200);
        builder.HasIndex(e => e.OpenKey).IsUnique();
    }
}

internal sealed class EscalationCommentConfiguration : IEntityTypeConfiguration<EscalationComment>
{
    public void Configure(EntityTypeBuilder<EscalationComment> builder)
    {
        builder.Property(c => c.Author).HasMaxLength(200);
        builder.Property(c => c.Text).HasMaxLength(2000);
    }
}
