using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Customers;

namespace Portal.Catalogs;

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.HasIndex(c => c.Slug).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.NameDe).HasMaxLength(100);
        builder.Property(c => c.Slug).HasMaxLength(100);
    }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Description).HasMaxLength(4000);
        builder.Property(p => p.NameDe).HasMaxLength(200);
        builder.Property(p => p.DescriptionDe).HasMaxLength(4000);
        builder.Property(p => p.SearchText).HasMaxLength(10000);
        builder.Property(p => p.BaseUnit).HasMaxLength(16);
        builder.Property(p => p.Manufacturer).HasMaxLength(100);
        builder.Property(p => p.ImageFile).HasMaxLength(100);
        builder.Property(p => p.TaxRate).HasPrecision(5, 4);
        builder.HasOne(p => p.Category).WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.PackSizes).WithOne(s => s.Product).HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PackSizeConfiguration : IEntityTypeConfiguration<PackSize>
{
    public void Configure(EntityTypeBuilder<PackSize> builder)
    {
        builder.HasIndex(s => s.Sku).IsUnique();
        builder.Property(s => s.Sku).HasMaxLength(64);
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.NameDe).HasMaxLength(100);
        builder.Property(s => s.Gtin).HasMaxLength(14);
        builder.Property(s => s.UnitsPerPack).HasPrecision(18, 4);
        builder.Property(s => s.WeightKg).HasPrecision(18, 3);
        builder.Property(s => s.CostPrice).HasPrecision(18, 4);
    }
}

internal sealed class CatalogEntityConfiguration : IEntityTypeConfiguration<Catalog>
{
    public void Configure(EntityTypeBuilder<Catalog> builder)
    {
        builder.HasIndex(c => c.Code).IsUnique();
        builder.Property(c => c.Code).HasMaxLength(32);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Description).HasMaxLength(2000);
        builder.HasMany(c => c.Items).WithOne().HasForeignKey(i => i.CatalogId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Assignments).WithOne().HasForeignKey(a => a.CatalogId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CatalogItemConfiguration : IEntityTypeConfiguration<CatalogItem>
{
    public void Configure(EntityTypeBuilder<CatalogItem> builder)
    {
        builder.HasIndex(i => new { i.CatalogId, i.ProductId, i.PackSizeId }).IsUnique();
        builder.HasOne<Product>().WithMany().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PackSize>().WithMany().HasForeignKey(i => i.PackSizeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CatalogAssignmentConfiguration : IEntityTypeConfiguration<CatalogAssignment>
{
    public void Configure(EntityTypeBuilder<CatalogAssignment> builder)
    {
        builder.Property(a => a.Segment).HasConversion<string>().HasMaxLength(1);
        builder.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.ToTable(t => t.HasCheckConstraint("CK_CatalogAssignment_Target", "\"Segment\" IS NOT NULL OR \"CustomerId\" IS NOT NULL"));
    }
}
