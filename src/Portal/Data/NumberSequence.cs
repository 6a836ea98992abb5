using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data;

/// Gap-tolerant counters for human-readable numbers (order numbers). One UPDATE … RETURNING takes the next value
/// atomically on SQLite and PostgreSQL alike, inside the caller's transaction, so several instances never hand out
/// the same number.
public class NumberSequence
{
    public required string Name { get; set; }
    public long Next { get; set; }
}

internal sealed class NumberSequenceConfiguration : IEntityTypeConfiguration<NumberSequence>
{
    public void Configure(EntityTypeBuilder<NumberSequence> builder)
    {
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(32);
        builder.HasData(
            new NumberSequence { Name = NumberSequences.Orders, Next = 1 },
            new NumberSequence { Name = NumberSequences.Quotes, Next = 1 },
            new NumberSequence { Name = NumberSequences.OrderFeed, Next = 1 });
    }
}

public static class NumberSequences
{
    public const string Orders = "orders";
    public const string Quotes = "quotes";

    /// Positions in the ERP's order feed (Api/OrderFeed).
    public const string OrderFeed = "order-feed";

    public static async Task<long> TakeNextAsync(this PortalDbContext db, string name, CancellationToken cancellationToken)
    {
        var taken = await db.Database
            .SqlQuery<long>($"UPDATE \"NumberSequences\" SET \"Next\" = \"Next\" + 1 WHERE \"Name\" = {name} RETURNING \"Next\" - 1 AS \"Value\"")
            .ToListAsync(cancellationToken);
        if (taken.Count == 1)
        {
            return taken[0];
        }

        throw new InvalidOperationException($"Number sequence '{name}' is missing; the migration creates it.");
    }
}
