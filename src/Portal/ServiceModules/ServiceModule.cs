using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Catalogs;
using Portal.Customers;

namespace Portal.ServiceModules;

/// A modular service offer (modulare Angebotsleistung) a product manager configures: a way to deliver (parcel,
/// small-quantity logistics, express, pickup), the direct delivery by a partner, or a bundle of pack sizes at one
/// price. Each segment that may book it has its own price; a segment without a price row does not see it at all.
public class ServiceModule
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public ModuleKind Kind { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public string? NameDe { get; set; }
    public string? DescriptionDe { get; set; }
    public int SortOrder { get; set; }

    public string LocalName => ContentLanguage.Pick(Name, NameDe);
    public string LocalDescription => ContentLanguage.Pick(Description, DescriptionDe);
    public bool IsActive { get; set; } = true;

    public List<ServiceModulePrice> Prices { get; set; } = [];

    /// Only for bundles: the pack sizes and how many of each one bundle holds.
    public List<BundleItem> BundleItems { get; set; } = [];

    public bool IsDelivery => Kind.IsDelivery();

    /// The net price for a segment, or null when the segment may not book the module.
    public decimal? PriceFor(Segment segment) =>
        IsActive && Prices.FirstOrDefault(p => p.Segment == segment) is { } price ? price.NetPrice : null;
}

public enum ModuleKind
{
    Delivery = 0,
    SmallQuantity = 1,
    Express = 2,
    Pickup = 3,
    DropShip = 4,
    Bundle = 5,
}

public static class ModuleKinds
{
    public static readonly ModuleKind[] All = Enum.GetValues<ModuleKind>();

    public static bool IsDelivery(this ModuleKind kind) => kind is ModuleKind.Delivery or ModuleKind.SmallQuantity or ModuleKind.Express or ModuleKind.Pickup;

    /// Express is paid for speed: the free-delivery threshold waives ordinary delivery, not the express premium.
    public static bool FreeAboveThreshold(this ModuleKind kind) => kind is ModuleKind.Delivery or ModuleKind.SmallQuantity;

    public static string DisplayName(this ModuleKind kind) => kind switch
    {
        ModuleKind.SmallQuantity => "Small-quantity logistics",
        ModuleKind.DropShip => "Partner drop-ship",
        _ => kind.ToString(),
    };
}

public class ServiceModulePrice
{
    public int Id { get; set; }
    public int ServiceModuleId { get; set; }
    public Segment Segment { get; set; }
    public decimal NetPrice { get; set; }
}

public class BundleItem
{
    public int Id { get; set; }
    public int ServiceModuleId { get; set; }
    public int PackSizeId { get; set; }
    public PackSize? PackSize { get; set; }
    public int Quantity { get; set; } = 1;
}

/// A cooperation partner (Kooperationspartner) who delivers some products directly to the customer.
public class Partner
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Email { get; set; }
    public bool IsActive { get; set; } = true;
}

/// A product a partner delivers directly, with the partner's lead time. One partner per product.
public class PartnerProduct
{
    public int ProductId { get; set; }
    public Product? Product { get; set; }
    public int PartnerId { get; set; }
    public Partner? Partner { get; set; }
    public int LeadTimeDays { get; set; } = 3;
}

internal sealed class ServiceModuleConfiguration : IEntityTypeConfiguration<ServiceModule>
{
    public void Configure(EntityTypeBuilder<ServiceModule> builder)
    {
        builder.HasIndex(m => m.Code).IsUnique();
        builder.Property(m => m.Code).HasMaxLength(32);
        builder.Property(m => m.Name).HasMaxLength(100);
        builder.Property(m => m.Description).HasMaxLength(500);
        builder.Property(m => m.NameDe).HasMaxLength(100);
        builder.Property(m => m.DescriptionDe).HasMaxLength(500);
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
        builder.HasMany(m => m.Prices).WithOne().HasForeignKey(p => p.ServiceModuleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.BundleItems).WithOne().HasForeignKey(i => i.ServiceModuleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ServiceModulePriceConfiguration : IEntityTypeConfiguration<ServiceModulePrice>
{
    public void Configure(EntityTypeBuilder<ServiceModulePrice> builder)
    {
        builder.HasIndex(p => new { p.ServiceModuleId, p.Segment }).IsUnique();
        builder.Property(p => p.Segment).HasConversion<string>().HasMaxLength(1);
        builder.Property(p => p.NetPrice).HasPrecision(18, 2);
    }
}

internal sealed class BundleItemConfiguration : IEntityTypeConfiguration<BundleItem>
{
    public void Configure(EntityTypeBuilder<BundleItem> builder)
    {
        builder.HasIndex(i => new { i.ServiceModuleId, i.PackSizeId }).IsUnique();
        builder.HasOne(i => i.PackSize).WithMany().HasForeignKey(i => i.PackSizeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PartnerConfiguration : IEntityTypeConfiguration<Partner>
{
    public void Configure(EntityTypeBuilder<Partner> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Email).HasMaxLength(256);
        builder.HasIndex(p => p.Name).IsUnique();
    }
}

internal sealed class PartnerProductConfiguration : IEntityTypeConfiguration<PartnerProduct>
{
    public void Configure(EntityTypeBuilder<PartnerProduct> builder)
    {
        builder.HasKey(p => p.ProductId);
        builder.HasOne(p => p.Product).WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(p => p.Partner).WithMany().HasForeignKey(p => p.PartnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.PartnerId);
    }
}
