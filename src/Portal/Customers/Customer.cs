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
