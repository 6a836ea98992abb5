using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Catalogs;

namespace Portal.Reordering;

/// A named list of what a company buys again and again. Shared with every user of the company, or private to the
/// user who made it.
public class ReorderList
{
    public int Id { get; set; }
    public int CustomerId { get; set; }

    /// The user who made it; a private list is seen by this user only.
    public required string OwnerUserId { get; set; }
    public required string Name { get; set; }
    public bool IsPrivate { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<ReorderListLine> Lines { get; set; } = [];
}

public class ReorderListLine
{
    public int Id { get; set; }
    public int ReorderListId { get; set; }
    public int PackSizeId { get; set; }
    public PackSize? PackSize { get; set; }

    /// The quantity put into the cart by "Add all to cart".
    public int Quantity { get; set; }

    /// The line's place in the list, as the buyer arranged it.
    public int Position { get; set; }
}

internal sealed class ReorderListConfiguration : IEntityTypeConfiguration<ReorderList>
{
    public void Configure(EntityTypeBuilder<ReorderList> builder)
    {
        builder.Property(l => l.Name).HasMaxLength(ReorderLists.MaxNameLength);
        builder.HasIndex(l => new { l.CustomerId, l.Name });
        builder.HasOne<Customers.Customer>().WithMany().HasForeignKey(l => l.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(l => l.OwnerUserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(l => l.Lines).WithOne().HasForeignKey(l => l.ReorderListId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReorderListLineConfiguration : IEntityTypeConfiguration<ReorderListLine>
{
    public void Configure(EntityTypeBuilder<ReorderListLine> builder)
    {
        builder.HasIndex(l => new { l.ReorderListId, l.PackSizeId }).IsUnique();
        builder.HasOne(l => l.PackSize).WithMany().HasForeignKey(l => l.PackSizeId).OnDelete(DeleteBehavior.Cascade);
    }
}
