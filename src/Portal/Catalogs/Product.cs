using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Customers;

namespace Portal.Catalogs;

public class Category
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? NameDe { get; set; }

    public string LocalName => ContentLanguage.Pick(Name, NameDe);
    public required string Slug { get; set; }
    public int SortOrder { get; set; }
}

/// A product as the customer thinks of it ("Wall paint, white"). It is ordered in one of its pack sizes.
public class Product
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public string? NameDe { get; set; }
    public string? DescriptionDe { get; set; }

    public string LocalName => ContentLanguage.Pick(Name, NameDe);
    public string LocalDescription => ContentLanguage.Pick(Description, DescriptionDe);

    /// Search text: names, descriptions (both languages) and SKUs folded to lower case without diacritics (see SearchText).
    public string SearchText { get; set; } = "";

    public int CategoryId { get; set; }
    public Category? Category { get; set; }

    /// The unit the price per base unit refers to: "piece", "l", "kg", "m".
    public required string BaseUnit { get; set; }

    /// VAT rate as a fraction (0.19, 0.07).
    public decimal TaxRate { get; set; } = 0.19m;

    public string? Manufacturer { get; set; }
    public bool IsActive { get; set; } = true;

    /// The uploaded picture's file name under the data folder (see ProductImages); null without one.
    public string? ImageFile { get; set; }

    public List<PackSize> PackSizes { get; set; } = [];
}

/// One way to buy a product: its own SKU and how many base units a pack holds.
public class PackSize
{
    public int Id { get; set; }
    public int ProductId { get; set; }
    public Product? Product { get; set; }

    public required string Sku { get; set; }

    /// Shown to the buyer: "Can 2.5 l", "Box of 100".
    public required string Name { get; set; }
    public string? NameDe { get; set; }

    public string LocalName => ContentLanguage.Pick(Name, NameDe);
    public decimal UnitsPerPack { get; set; } = 1;
    public bool IsSmallPack { get; set; }
    public string? Gtin { get; set; }
    public decimal? WeightKg { get; set; }
    public decimal? CostPrice { get; set; }
    public int LeadTimeDays { get; set; } = 1;
    public bool IsActive { get; set; } = true;

    /// Packs in stock as the ERP last reported them (PUT /api/v1/stock/{sku}); null: never reported, the lead time
    /// alone says when it ships. See Availability.
    public int? StockQuantity { get; set; }

    /// Out of stock: working days until it ships again, as the ERP reported them; null: the lead time.
    public int? RestockDays { get; set; }
}

/// What the shop says about when a pack ships: in stock (the next working day) or in N working days.
public sealed record Availability(bool InStock, int ShipsInDays)
{
    /// Without a stock report the lead time decides (1 day: in stock). Reported in stock: ships the next working
    /// day. Reported out of stock: the restock days, else the lead time, and never sooner than in 2 working days.
    public static Availability Of(int? stock, int? restockDays, int leadTimeDays) => stock switch
    {
        null => leadTimeDays <= 1 ? new(true, 1) : new(false, leadTimeDays),
        > 0 => new(true, 1),
        _ => new(false, Math.Max(2, restockDays ?? leadTimeDays)),
    };

    /// A product's availability over its pack sizes: in stock when one is, else the soonest.
    public static Availability? Best(IEnumerable<Availability> packs) =>
        packs.OrderByDescending(a => a.InStock).ThenBy(a => a.ShipsInDays).FirstOrDefault();
}

/// A selection of products (or single pack sizes) made for a group of customers.
public class Catalog
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public List<CatalogItem> Items { get; set; } = [];
    public List<CatalogAssignment> Assignments { get; set; } = [];
}

/// A product in a catalog: with all its pack sizes (PackSizeId null) or with one pack size.
public class CatalogItem
{
    public int Id { get; set; }
    public int CatalogId { get; set; }
    public int ProductId { get; set; }
    public int? PackSizeId { get; set; }
}

/// Who sees a catalog: every customer of a segment, or one named customer.
public class CatalogAssignment
{
    public int Id { get; set; }
    public int CatalogId { get; set; }
    public Customers.Segment? Segment { get; set; }
    public int? CustomerId { get; set; }
}

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
