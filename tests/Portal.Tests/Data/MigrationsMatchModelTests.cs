using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Tests.Data;

/// Each provider's migrations describe its model as the code builds it: a change to the model (an index, a column)
/// without its migration would reach no database. No connection is needed; the model is compared with the snapshot.
public sealed class MigrationsMatchModelTests
{
    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite("Data Source=unused.db").Options);
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public void Postgres_migrations_match_the_model()
    {
        using var db = new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql("Host=unused").Options);
        Assert.False(db.Database.HasPendingModelChanges());
    }
}
