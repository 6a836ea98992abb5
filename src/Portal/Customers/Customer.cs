using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Identity;

namespace Portal.Customers;

/// A customer company. Customer users belong to exactly one; staff users to none.
public class Customer
{
    public int Id { get; set; }

    /// The ERP's customer number: the natural key imports and staff use.
    public required string Number { get; set; }
    public required string Name { get; set; }
    public string? VatId { get; set; }
    public Segment Segment { get; set; } = Segment.C;

    /// Open receivables above this hold an order for review; 0 means no credit line.
    public decimal CreditLimit { get; set; }

    /// Blocked by the ERP (e.g. for unpaid invoices): no new orders are accepted until it is lifted.
    public bool IsBlocked { get; set; }

    /// Revenue the company could earn with us per year, when known (entered by sales or imported).
    public decimal? Potential { get; set; }

    /// Preferred language for mails ("en" or "de").
    public string Language { get; set; } = "de";

    public string? AssignedRepId { get; set; }
    public PortalUser? AssignedRep { get; set; }

    /// The customer's own price list; without one, the segment's list applies.
    public int? PriceListId { get; set; }

    /// Payment methods set for this customer; null takes the segment's default.
    public Payments.PaymentMethods? PaymentMethods { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// A class set by staff over the computed one (Segment then follows it), with the reason and, optionally, the
    /// last day it holds. The computed class stays in the segmentation figures beside it.
    public Segment? SegmentOverride { get; set; }
    public string? OverrideReason { get; set; }
    public DateOnly? OverrideUntil { get; set; }

    public List<CustomerAddress> Addresses { get; set; } = [];
}

public class CustomerAddress
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public AddressKind Kind { get; set; }
    public required string Name { get; set; }
    public required string Street { get; set; }
    public required string PostalCode { get; set; }
    public required string City { get; set; }
    public string Country { get; set; } = "DE";
    public bool IsDefault { get; set; }

    public override string ToString() => $"{Name}, {Street}, {PostalCode} {City}";
}

public enum AddressKind
{
    Billing = 0,
    Delivery = 1,
}

/// ABC class. A: key accounts, B: mid-sized, C: small customers.
public enum Segment
{
    A = 0,
    B = 1,
    C = 2,
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.HasIndex(c => c.Number).IsUnique();
        builder.HasIndex(c => c.Segment);
        builder.Property(c => c.Number).HasMaxLength(32);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.VatId).HasMaxLength(32);
        builder.Property(c => c.Language).HasMaxLength(8);
        builder.Property(c => c.CreditLimit).HasPrecision(18, 2);
        builder.Property(c => c.Potential).HasPrecision(18, 2);
        builder.Property(c => c.Segment).HasConversion<string>().HasMaxLength(1);
        builder.Property(c => c.PaymentMethods).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.SegmentOverride).HasConversion<string>().HasMaxLength(1);
        builder.Property(c => c.OverrideReason).HasMaxLength(500);
        builder.HasOne(c => c.AssignedRep).WithMany().HasForeignKey(c => c.AssignedRepId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Pricing.PriceList>().WithMany().HasForeignKey(c => c.PriceListId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(c => c.Addresses).WithOne().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CustomerAddressConfiguration : IEntityTypeConfiguration<CustomerAddress>
{
    public void Configure(EntityTypeBuilder<CustomerAddress> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.Street).HasMaxLength(200);
        builder.Property(a => a.PostalCode).HasMaxLength(16);
        builder.Property(a => a.City).HasMaxLength(100);
        builder.Property(a => a.Country).HasMaxLength(2);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
    }
}
