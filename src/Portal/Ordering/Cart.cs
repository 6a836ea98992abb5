using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Catalogs;

namespace Portal.Ordering;

/// A buyer's cart, kept on the server: it survives signing out and works from any device.
public class Cart
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public int CustomerId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<CartLine> Lines { get; set; } = [];
    public List<CartBundle> Bundles { get; set; } = [];
}

/// A bundle (a service module of kind Bundle) in the cart: its pack sizes go into the order at the bundle price.
public class CartBundle
{
    public int Id { get; set; }
    public int CartId { get; set; }
    public int ServiceModuleId { get; set; }
    public ServiceModules.ServiceModule? ServiceModule { get; set; }
    public int Quantity { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}

public class CartLine
{
    public int Id { get; set; }
    public int CartId { get; set; }
    public int PackSizeId { get; set; }
    public PackSize? PackSize { get; set; }
    public int Quantity { get; set; }

    /// The unit price the buyer saw when the line was last touched; a different price at checkout is announced.
    public decimal PriceSeen { get; set; }
    public DateTimeOffset AddedAt { get; set; }

    /// Where the line was last added from (product page, reorder list, quick order, CSV); the order's channel
    /// is decided from its lines' sources.
    public OrderChannel Source { get; set; }
}

internal sealed class CartConfiguration : IEntityTypeConfiguration<Cart>
{
    public void Configure(EntityTypeBuilder<Cart> builder)
    {
        builder.HasIndex(c => c.UserId).IsUnique();
        builder.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Customers.Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Lines).WithOne().HasForeignKey(l => l.CartId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Bundles).WithOne().HasForeignKey(b => b.CartId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CartLineConfiguration : IEntityTypeConfiguration<CartLine>
{
    public void Configure(EntityTypeBuilder<CartLine> builder)
    {
        builder.HasIndex(l => new { l.CartId, l.PackSizeId }).IsUnique();
        builder.Property(l => l.PriceSeen).HasPrecision(18, 4);
        builder.Property(l => l.Source).HasConversion<string>().HasMaxLength(16);
        builder.HasOne(l => l.PackSize).WithMany().HasForeignKey(l => l.PackSizeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CartBundleConfiguration : IEntityTypeConfiguration<CartBundle>
{
    public void Configure(EntityTypeBuilder<CartBundle> builder)
    {
        builder.HasIndex(b => new { b.CartId, b.ServiceModuleId }).IsUnique();
        builder.HasOne(b => b.ServiceModule).WithMany().HasForeignKey(b => b.ServiceModuleId).OnDelete(DeleteBehavior.Cascade);
    }
}
