using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Customers;

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
