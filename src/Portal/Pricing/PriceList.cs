using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Catalogs;

namespace Portal.Pricing;

/// Net prices per pack size. A list is for a segment (the default for its customers) or for one customer.
public class PriceList
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public Customers.Segment? Segment { get; set; }
    public string Currency { get; set; } = "EUR";
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public List<PriceListEntry> Entries { get; set; } = [];
}

/// The net price of one pack from a minimum quantity on (tiers: 1, 10, 50 …).
public class PriceListEntry
{
    public int Id { get; set; }
    public int PriceListId { get; set; }
    public int PackSizeId { get; set; }
    public PackSize? PackSize { get; set; }
    public int MinQuantity { get; set; } = 1;
    public decimal UnitPrice { get; set; }
}

internal sealed class PriceListConfiguration : IEntityTypeConfiguration<PriceList>
{
    public void Configure(EntityTypeBuilder<PriceList> builder)
    {
        builder.HasIndex(p => p.Code).IsUnique();
        builder.Property(p => p.Code).HasMaxLength(32);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.Segment).HasConversion<string>().HasMaxLength(1);
        builder.HasMany(p => p.Entries).WithOne().HasForeignKey(e => e.PriceListId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PriceListEntryConfiguration : IEntityTypeConfiguration<PriceListEntry>
{
    public void Configure(EntityTypeBuilder<PriceListEntry> builder)
    {
        builder.HasIndex(e => new { e.PriceListId, e.PackSizeId, e.MinQuantity }).IsUnique();
        builder.Property(e => e.UnitPrice).HasPrecision(18, 4);
        builder.HasOne(e => e.PackSize).WithMany().HasForeignKey(e => e.PackSizeId).OnDelete(DeleteBehavior.Cascade);
    }
}
