using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Portal.Ordering;

namespace Portal.Data;

public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Decimals are text in SQLite: through a double, exact for prices below 10^11.
        OrderLineConfiguration.ScaledPrices(builder, price => $"""CAST(ROUND(CAST("{price}" AS REAL) * 10000) AS INTEGER)""");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite has no date/time type: stored as text, DateTimeOffset cannot be compared or ordered in SQL.
        // As UTC ticks in an INTEGER it can, and it sorts correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : PortalDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        OrderLineConfiguration.ScaledPrices(builder, price => $"""("{price}" * 10000)::bigint""");
        OrderLineConfiguration.QuantityInOrderIndex(builder);
    }
}
