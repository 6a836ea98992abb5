using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Catalogs;

namespace Portal.Ordering;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.HasIndex(o => o.Number).IsUnique();
        builder.HasIndex(o => new { o.CustomerId, o.PlacedAt });
        builder.HasIndex(o => o.PlacedAt);
        builder.Property(o => o.Number).HasMaxLength(40);
        builder.Property(o => o.CustomerReference).HasMaxLength(64);
        builder.Property(o => o.Comment).HasMaxLength(2000);
        builder.Property(o => o.DeliveryAddress).HasMaxLength(500);
        builder.Property(o => o.Currency).HasMaxLength(3);
        builder.Property(o => o.DeliveryMethod).HasMaxLength(100);
        builder.Property(o => o.IdempotencyKey).HasMaxLength(64);
        builder.HasIndex(o => new { o.CustomerId, o.IdempotencyKey }).IsUnique();
        builder.Property(o => o.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(o => o.PaymentMethod).HasConversion<string>().HasMaxLength(16);
        foreach (var amount in new[] { nameof(Order.SubtotalNet), nameof(Order.SurchargeNet), nameof(Order.DeliveryNet), nameof(Order.DropShipNet), nameof(Order.VatTotal), nameof(Order.TotalGross) })
        {
            builder.Property(amount).HasPrecision(18, 2);
        }

        builder.HasOne(o => o.Customer).WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(o => o.PlacedByUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.HasIndex(l => new { l.OrderId, l.LineNumber }).IsUnique();
        builder.HasIndex(l => l.PackSizeId);
        builder.Property(l => l.Sku).HasMaxLength(64);
        builder.Property(l => l.Description).HasMaxLength(300);
        builder.Property(l => l.UnitPrice).HasPrecision(18, 4);
        builder.Property(l => l.CostPrice).HasPrecision(18, 4);
        builder.Property(l => l.TaxRate).HasPrecision(5, 4);
        builder.Property(l => l.LineNet).HasPrecision(18, 2);
        builder.Property(l => l.PartnerName).HasMaxLength(200);
        builder.HasOne<PackSize>().WithMany().HasForeignKey(l => l.PackSizeId).OnDelete(DeleteBehavior.SetNull);
    }

    /// The unit and cost price in integers of 1/10,000 (the columns' precision), generated and stored by the
    /// database from the decimals: the segmentation sums them over millions of lines, and turning every decimal into
    /// an integer while summing took most of that time. Never set by the code; the SQL is the provider's (scaled:
    /// column → SQL).
    public const string UnitPriceScaled = nameof(UnitPriceScaled);
    public const string CostPriceScaled = nameof(CostPriceScaled);

    public static void ScaledPrices(ModelBuilder builder, Func<string, string> scaled) => builder.Entity<OrderLine>(line =>
    {
        line.Property<long>(UnitPriceScaled).HasComputedColumnSql(scaled(nameof(OrderLine.UnitPrice)), stored: true);
        line.Property<long?>(CostPriceScaled).HasComputedColumnSql(scaled(nameof(OrderLine.CostPrice)), stored: true);
    });
}
