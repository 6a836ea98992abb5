using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Customers;
using Portal.Localization;

namespace Portal.Ordering;

/// Small-order rules per segment: below the minimum an order cannot be placed; below the surcharge threshold a
/// small-order surcharge is added (what a tiny order costs to pick and ship).
public class SegmentRule
{
    public Segment Segment { get; set; }
    public decimal MinimumOrderValue { get; set; }
    public decimal SmallOrderThreshold { get; set; }
    public decimal SmallOrderSurcharge { get; set; }

    /// From this goods value on, ordinary delivery is free; 0 means never.
    public decimal FreeDeliveryThreshold { get; set; }

    /// The payment methods customers of this segment get unless set for the customer itself.
    public Payments.PaymentMethods PaymentMethods { get; set; } = Payments.PaymentMethods.OnAccount | Payments.PaymentMethods.Card;
}

internal sealed class SegmentRuleConfiguration : IEntityTypeConfiguration<SegmentRule>
{
    public void Configure(EntityTypeBuilder<SegmentRule> builder)
    {
        builder.HasKey(r => r.Segment);
        builder.Property(r => r.Segment).HasConversion<string>().HasMaxLength(1);
        builder.Property(r => r.MinimumOrderValue).HasPrecision(18, 2);
        builder.Property(r => r.SmallOrderThreshold).HasPrecision(18, 2);
        builder.Property(r => r.SmallOrderSurcharge).HasPrecision(18, 2);
        builder.Property(r => r.FreeDeliveryThreshold).HasPrecision(18, 2);
        builder.Property(r => r.PaymentMethods).HasConversion<string>().HasMaxLength(32);
    }
}

/// One line of a quote: what the buyer pays for a pack size at a quantity.
public sealed record QuoteLine(int PackSizeId, int Quantity, decimal UnitPrice, decimal TaxRate)
{
    public decimal LineNet => Money.Round(Quantity * UnitPrice);
}

public sealed record VatAmount(decimal Rate, decimal Net, decimal Vat);

/// The money of an order before it is placed: subtotal, surcharge, delivery, partner drop-ship, VAT per rate and
/// the total.
public sealed record OrderQuote(
    decimal SubtotalNet,
    decimal SurchargeNet,
    decimal DeliveryNet,
    IReadOnlyList<VatAmount> Vat,
    decimal TotalGross,
    decimal MinimumOrderValue,
    decimal SmallOrderThreshold,
    decimal DropShipNet = 0,
    decimal FreeDeliveryThreshold = 0,
    bool DeliveryWaived = false,
    bool DeliveryWaivable = true)
{
    public decimal VatTotal => Vat.Sum(v => v.Vat);
    public decimal TotalNet => SubtotalNet + SurchargeNet + DeliveryNet + DropShipNet;
    public decimal MissingForFreeDelivery => FreeDeliveryThreshold > 0 && DeliveryWaivable && !DeliveryWaived && DeliveryNet > 0 ? Math.Max(0, FreeDeliveryThreshold - SubtotalNet) : 0;
    public bool BelowMinimum => SubtotalNet < MinimumOrderValue;
    public decimal MissingForMinimum => Math.Max(0, MinimumOrderValue - SubtotalNet);
    public decimal MissingToAvoidSurcharge => SurchargeNet > 0 ? Math.Max(0, SmallOrderThreshold - SubtotalNet) : 0;
}

public static class OrderRules
{
    /// Surcharge and delivery are services taxed at the standard rate.
    public const decimal StandardVatRate = 0.19m;

    /// deliveryFreeAboveThreshold: whether the segment's free-delivery threshold may waive this delivery's price
    /// (ordinary delivery yes, an express premium no). dropShipNet: the partner drop-ship fee, never waived.
    public static OrderQuote Quote(IReadOnlyCollection<QuoteLine> lines, SegmentRule rule, decimal deliveryNet, decimal dropShipNet = 0, bool deliveryFreeAboveThreshold = true)
    {
        var subtotal = lines.Sum(l => l.LineNet);
        var surcharge = lines.Count > 0 && subtotal < rule.SmallOrderThreshold ? rule.SmallOrderSurcharge : 0m;
        var waived = lines.Count > 0 && deliveryFreeAboveThreshold && deliveryNet > 0 && rule.FreeDeliveryThreshold > 0 && subtotal >= rule.FreeDeliveryThreshold;
        var delivery = lines.Count > 0 && !waived ? deliveryNet : 0m;
        var dropShip = lines.Count > 0 ? dropShipNet : 0m;
        var vat = Vat(lines.Select(l => (l.TaxRate, l.LineNet)), surcharge + delivery + dropShip);
        var total = subtotal + surcharge + delivery + dropShip + vat.Sum(v => v.Vat);
        return new OrderQuote(subtotal, surcharge, delivery, vat, total, rule.MinimumOrderValue, rule.SmallOrderThreshold, dropShip, rule.FreeDeliveryThreshold, waived, deliveryFreeAboveThreshold);
    }

    /// VAT per rate for goods lines plus services (surcharge, delivery) at the standard rate, highest rate first.
    /// Also breaks down a placed order from its stored lines, so the order page shows what the quote computed.
    public static IReadOnlyList<VatAmount> Vat(IEnumerable<(decimal TaxRate, decimal LineNet)> lines, decimal servicesNet)
    {
        var byRate = lines
            .GroupBy(l => l.TaxRate)
            .ToDictionary(g => g.Key, g => g.Sum(l => l.LineNet));
        if (servicesNet > 0)
        {
            byRate[StandardVatRate] = byRate.GetValueOrDefault(StandardVatRate) + servicesNet;
        }

        // VAT is computed per rate on the rate's net sum, then rounded once: what an invoice shows.
        return byRate
            .OrderByDescending(r => r.Key)
            .Select(r => new VatAmount(r.Key, r.Value, Money.Round(r.Value * r.Key)))
            .ToList();
    }
}

/// The totals block under an order's lines, as the buyer's and the clerk's order pages show it.
public sealed record OrderTotals(decimal SubtotalNet, decimal SurchargeNet, decimal DeliveryNet, bool HasDelivery, decimal DropShipNet, IReadOnlyList<VatAmount> Vat, decimal TotalGross);
