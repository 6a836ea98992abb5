using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Ordering;

/// A parcel (or pallet) the ERP reports as shipped: carrier, tracking number, which lines and how many.
public class Shipment
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public required string Carrier { get; set; }
    public required string TrackingNumber { get; set; }
    public DateTimeOffset ShippedAt { get; set; }
    public List<ShipmentLine> Lines { get; set; } = [];
}

public class ShipmentLine
{
    public int Id { get; set; }
    public int ShipmentId { get; set; }

    /// The order line's number (OrderLine.LineNumber).
    public int LineNumber { get; set; }
    public int Quantity { get; set; }
}

/// An invoice the ERP wrote for an order; its PDF is stored apart (InvoiceDocument), so lists never load it.
public class Invoice
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public required string Number { get; set; }
    public DateOnly InvoiceDate { get; set; }
    public DateOnly DueDate { get; set; }
    public decimal AmountGross { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public InvoiceDocument? Document { get; set; }
}

/// The invoice's PDF, in the database rather than a folder: every instance of a scaled-out portal serves it, and
/// the backup holds it with the invoice. At most 5 MB each (Fulfilment.MaxPdfBytes).
public class InvoiceDocument
{
    public int InvoiceId { get; set; }
    public required byte[] Pdf { get; set; }
}

public static class Fulfilment
{
    public const int MaxPdfBytes = 5 * 1024 * 1024;

    /// The lines that are shipped: every line but a bundle's own line (its pack sizes follow as lines of their own).
    public static IEnumerable<OrderLine> ShippableLines(IReadOnlyCollection<OrderLine> lines)
    {
        var bundles = lines.Where(l => l.BundleLineNumber is not null).Select(l => l.BundleLineNumber!.Value).ToHashSet();
        return lines.Where(l => !bundles.Contains(l.LineNumber) && l.Quantity > 0);
    }

    /// Packs still to ship per order line number.
    public static Dictionary<int, int> Outstanding(IReadOnlyCollection<OrderLine> lines, IEnumerable<ShipmentLine> shipped)
    {
        var sent = shipped.GroupBy(s => s.LineNumber).ToDictionary(g => g.Key, g => g.Sum(s => s.Quantity));
        return ShippableLines(lines).ToDictionary(l => l.LineNumber, l => l.Quantity - sent.GetValueOrDefault(l.LineNumber));
    }

    public static bool FullyShipped(IReadOnlyCollection<OrderLine> lines, IEnumerable<ShipmentLine> shipped) =>
        Outstanding(lines, shipped).Values.All(left => left <= 0);

    /// Invoiced in full when the invoices add up to the order's total (a cent of rounding in the ERP allowed).
    public static bool FullyInvoiced(decimal orderTotalGross, IEnumerable<decimal> invoiceAmounts) =>
        invoiceAmounts.Sum() >= orderTotalGross - 0.01m;
}

internal sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> builder)
    {
        builder.Property(s => s.Carrier).HasMaxLength(100);
        builder.Property(s => s.TrackingNumber).HasMaxLength(100);
        builder.HasIndex(s => new { s.OrderId, s.Carrier, s.TrackingNumber }).IsUnique();
        builder.HasOne<Order>().WithMany().HasForeignKey(s => s.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Lines).WithOne().HasForeignKey(l => l.ShipmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.Property(i => i.Number).HasMaxLength(64);
        builder.HasIndex(i => i.Number).IsUnique();
        builder.HasIndex(i => i.OrderId);
        builder.Property(i => i.AmountGross).HasPrecision(18, 2);
        builder.HasOne<Order>().WithMany().HasForeignKey(i => i.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(i => i.Document).WithOne().HasForeignKey<InvoiceDocument>(d => d.InvoiceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InvoiceDocumentConfiguration : IEntityTypeConfiguration<InvoiceDocument>
{
    public void Configure(EntityTypeBuilder<InvoiceDocument> builder) => builder.HasKey(d => d.InvoiceId);
}
