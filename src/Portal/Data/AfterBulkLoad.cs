using Microsoft.EntityFrameworkCore;

namespace Portal.Data;

/// What PostgreSQL's autovacuum does some time after a bulk load, done at its end (`portal import`, `portal generate`):
/// - the planner statistics: until they exist the planner guesses (2,000,000 order lines estimated as 170,000), and
///   a database copied from a template has none until its tables change again;
/// - the visibility map: a freshly loaded page is not known to be visible to every transaction, so an index-only scan
///   still reads the table for each row (the segmentation's purchase check over the orders' line index took 1 s
///   instead of 0.25 s on the benchmark's data) and every first read checks each row's transaction.
/// VACUUM (ANALYZE) does both; it skips pages already all-visible, so it costs in proportion to what was loaded
/// (about 2 s for the benchmark's 2,000,000 lines) and not to the database's size. SQLite plans by rules of thumb
/// that the portal's queries are written for and has no such map: nothing to do there.
public static class AfterBulkLoad
{
    public static async Task TidyAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            // Every table the user owns (a table owned by someone else is skipped with a notice, not an error). Not in
            // a transaction: VACUUM refuses to run in one.
            await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE)", cancellationToken);
        }
    }
}
