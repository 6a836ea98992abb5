using Microsoft.EntityFrameworkCore;

namespace Portal.Data;

/// PostgreSQL plans with table statistics that autovacuum gathers a minute or more after a bulk load, and never for
/// a database copied from a template until its tables change again. Until then the planner guesses (2,000,000 order
/// lines estimated as 170,000), and the first large query after an import (the first segmentation run) plans on the
/// guess or runs beside autovacuum's own ANALYZE of millions of rows. A bulk load therefore ends by gathering them
/// (ANALYZE samples at most 30,000 rows a table: about a second for the benchmark's 2,000,000 lines). SQLite plans
/// without statistics by rules of thumb, which the portal's queries are written for: nothing to do there.
public static class PlannerStatistics
{
    public static async Task RefreshAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            // Every table the user owns (a table owned by someone else is skipped with a notice, not an error).
            await db.Database.ExecuteSqlRawAsync("ANALYZE", cancellationToken);
        }
    }
}
