using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portal.Data;

/// SQLite has one writer at a time. When a second write finds the database locked, Microsoft.Data.Sqlite retries in
/// steps of 150 ms (it does not set SQLite's own busy handler), so under concurrent writes (carts filled at the same
/// moment) every tenth request waited 150–450 ms for a lock held a few milliseconds. SQLite's busy handler waits in
/// steps of 1, 2, 5, 10… ms instead; it is set on each opened connection (a native call, no SQL statement) and gives
/// up after BusyTimeout, where the driver's own retry takes over until the command timeout.
internal sealed class SqliteBusyWait : DbConnectionInterceptor
{
    private const int BusyTimeoutMilliseconds = 5_000;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Set(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Set(connection);
        return Task.CompletedTask;
    }

    private static void Set(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            SQLitePCL.raw.sqlite3_busy_timeout(handle, BusyTimeoutMilliseconds);
        }
    }
}
