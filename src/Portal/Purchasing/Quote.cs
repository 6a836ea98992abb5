using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Purchasing;

/// A buyer's request for a quote (typically quantities beyond the price tiers) and inside sales' answer: a price
/// per line, a validity date and a note. Requested from the cart, worked as an escalation of its own type, accepted
/// by the buyer into an order at the quoted prices.
public class Quote
{
    public int Id { get; set; }

    /// Shown to the buyer and the clerk, and the address of the clerk's page (/sales/quotes/{number}).
    public required string Number { get; set; }
    public int CustomerId { get; set; }
    public Customers.Customer? Customer { get; set; }
    public string? RequestedByUserId { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public string? RequestNote { get; set; }

    /// The escalation in inside sales' queue; the order placed from the quote is linked to it when accepted, so that
    /// order counts as handled (not touchless).
    public int? EscalationId { get; set; }

    public QuoteStatus Status { get; set; } = QuoteStatus.Requested;
    public string? QuotedByUserId { get; set; }
    public DateTimeOffset? QuotedAt { get; set; }

    /// The last day (business time) the buyer can accept it.
    public DateOnly? ValidUntil { get; set; }
    public string? QuoteNote { get; set; }

    public string? AcceptedByUserId { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public int? OrderId { get; set; }
    public Ordering.Order? Order { get; set; }

    public List<QuoteItem> Items { get; set; } = [];

    public bool IsExpired(DateOnly today) => Status == QuoteStatus.Quoted && ValidUntil is { } until && until < today;
}

public class QuoteItem
{
    public int Id { get; set; }
    public int QuoteId { get; set; }
    public int LineNumber { get; set; }
    public int PackSizeId { get; set; }

    /// Snapshots, as the buyer saw them when asking.
    public required string Sku { get; set; }
    public required string Description { get; set; }
    public int Quantity { get; set; }

    /// The buyer's price from the tiers at the time of the request, for the clerk to quote against.
    public decimal ListUnitPrice { get; set; }
    public decimal TaxRate { get; set; }

    /// What inside sales quotes per pack; null until quoted.
    public decimal? QuotedUnitPrice { get; set; }
}

public enum QuoteStatus
{
    Requested = 0,
    Quoted = 1,
    Accepted = 2,
}

internal sealed class QuoteConfiguration : IEntityTypeConfiguration<Quote>
{
    public void Configure(EntityTypeBuilder<Quote> builder)
    {
        builder.HasIndex(q => q.Number).IsUnique();
        builder.HasIndex(q => new { q.CustomerId, q.RequestedAt });
        builder.HasIndex(q => q.RequestedAt);
        builder.Property(q => q.Number).HasMaxLength(40);
        builder.Property(q => q.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(q => q.RequestNote).HasMaxLength(2000);
        builder.Property(q => q.QuoteNote).HasMaxLength(2000);
        builder.HasOne(q => q.Customer).WithMany().HasForeignKey(q => q.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(q => q.Order).WithMany().HasForeignKey(q => q.OrderId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Sales.Escalation>().WithMany().HasForeignKey(q => q.EscalationId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(q => q.RequestedByUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(q => q.QuotedByUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(q => q.AcceptedByUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(q => q.Items).WithOne().HasForeignKey(i => i.QuoteId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QuoteItemConfiguration : IEntityTypeConfiguration<QuoteItem>
{
    public void Configure(EntityTypeBuilder<QuoteItem> builder)
    {
        builder.HasIndex(i => new { i.QuoteId, i.LineNumber }).IsUnique();
        builder.Property(i => i.Sku).HasMaxLength(64);
        builder.Property(i => i.Description).HasMaxLength(300);
        builder.Property(i => i.ListUnitPrice).HasPrecision(18, 4);
        builder.Property(i => i.QuotedUnitPrice).HasPrecision(18, 4);
        builder.Property(i => i.TaxRate).HasPrecision(5, 4);
        builder.HasOne<Catalogs.PackSize>().WithMany().HasForeignKey(i => i.PackSizeId).OnDelete(DeleteBehavior.Restrict);
    }
}
