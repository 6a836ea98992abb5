using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Catalogs;

/// A search that found nothing: a need the offer does not meet (yet). Product managers read these.
public class SearchMiss
{
    public long Id { get; set; }
    public required string Term { get; set; }
    public int CustomerId { get; set; }
    public string? UserId { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class SearchMissConfiguration : IEntityTypeConfiguration<SearchMiss>
{
    public void Configure(EntityTypeBuilder<SearchMiss> builder)
    {
        builder.HasIndex(m => m.At);
        builder.Property(m => m.Term).HasMaxLength(200);
        builder.HasOne<Customers.Customer>().WithMany().HasForeignKey(m => m.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
