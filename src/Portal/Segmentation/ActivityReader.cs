using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Customers;
using Portal.Data;
using Portal.Localization;
using Portal.Ordering;
using Portal.Sales;

namespace Portal.Segmentation;

/// A customer as the run sees it: its keys, its override and what it did in the window.
public sealed record CustomerInput(int Id, Segment Segment, Segment? SegmentOverride, DateOnly? OverrideUntil, CustomerActivity Activity);

/// Sums up every customer's window in the database: one pass over the window's order lines, grouped per order in
/// SQL, folded per customer here (an order's day, channel and whether it was a purchase are needed per customer,
/// the lines never leave the database). The queries return sums in integers of 1/10,000 (the columns' precision),
/// exactly (see ReadOrdersAsync).
public sealed class ActivityReader(PortalDbContext db)
{
    /// alongside: more reading for the caller on the context's connection, done while the pass over the order lines
    /// runs on its own connection (which leaves that connection idle for most of the time otherwise).
    public async Task<List<CustomerInput>> ReadAsync(SegmentationWindow window, Func<CancellationToken, Task>? alongside, CancellationToken cancellationToken)
    {
        var from = Dates.StartOfBusinessDay(window.First);
        var to = Dates.StartOfBusinessDay(window.Last.AddDays(1));

        // The pass over the order lines is most of the time; on a connection of its own it runs beside the smaller
        // queries below (the machine has more than one core, the database too).
        var orders = ReadOrdersAsync(from, to, cancellationToken);
        var customers = await db.Customers.AsNoTracking()
            .Select(c => new { c.Id, c.Number, c.Potential, c.Segment, c.SegmentOverride, c.OverrideUntil })
            .ToListAsync(cancellationToken);
        var accumulators = new Dictionary<int, Accumulator>(customers.Count);
        foreach (var customer in customers)
        {
            accumulators[customer.Id] = new Accumulator();
        }

        var escalations = await db.Escalations.AsNoTracking()
            .Where(e => e.CreatedAt >= from && e.CreatedAt < to)
            .GroupBy(e => e.CustomerId)
            .Select(g => new { CustomerId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        foreach (var e in escalations)
        {
            if (accumulators.TryGetValue(e.CustomerId, out var acc))
            {
                acc.Escalations = e.Count;
            }
        }

        var touches = await db.Touches.AsNoTracking()
            .Where(t => t.At >= from && t.At < to && (t.Kind == TouchKind.Call || t.Kind == TouchKind.Visit))
            .GroupBy(t => new { t.CustomerId, t.Kind })
            .Select(g => new { g.Key.CustomerId, g.Key.Kind, Count = g.Count() })
            .ToListAsync(cancellationToken);
        foreach (var t in touches)
        {
            if (accumulators.TryGetValue(t.CustomerId, out var acc))
            {
                if (t.Kind == TouchKind.Call)
                {
                    acc.Calls = t.Count;
                }
                else
                {
                    acc.Visits = t.Count;
                }
            }
        }

        if (alongside is not null)
        {
            await alongside(cancellationToken);
        }

        var ordered = await orders;
        return customers.Select(c =>
        {
            var acc = accumulators[c.Id];
            if (ordered.TryGetValue(c.Id, out var fromOrders))
            {
                fromOrders.Escalations = acc.Escalations;
                fromOrders.Calls = acc.Calls;
                fromOrders.Visits = acc.Visits;
                acc = fromOrders;
            }

            return new CustomerInput(c.Id, c.Segment, c.SegmentOverride, c.OverrideUntil, acc.ToActivity(c.Number, c.Potential));
        }).ToList();
    }

    /// Per customer, from its orders in the window. On connections of their own when the database allows them (a file
    /// or a server, no open transaction whose writes the queries must see); on the context's own connection otherwise.
    ///
    /// SQLite: one pass grouped per order (in the order of the orders' ids, so the lines are read in the order they
    /// were written). PostgreSQL: the sums grouped per customer (a parallel hash join, like the plain aggregate) and,
    /// beside it, the orders with whether each is a purchase; the single per-order query had PostgreSQL read every
    /// line once per worker through a merge join and took twice as long.
    private async Task<Dictionary<int, Accumulator>> ReadOrdersAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var sqlite = !db.Database.IsNpgsql();
        var placedAt = db.Model.FindEntityType(typeof(Order))!.FindProperty(nameof(Order.PlacedAt))!.GetTypeMapping().Converter;
        var shared = db.Database.GetDbConnection();
        var connectionString = db.Database.GetConnectionString();
        var separate = db.Database.CurrentTransaction is null && connectionString is not null
            && !connectionString.Contains(":memory:", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("Mode=Memory", StringComparison.OrdinalIgnoreCase)
            && System.Data.Common.DbProviderFactories.GetFactory(shared) is not null;
        var parameters = new Dictionary<string, object>
        {
            ["from"] = placedAt is null ? from : placedAt.ConvertToProvider(from)!,
            ["to"] = placedAt is null ? to : placedAt.ConvertToProvider(to)!,
            ["cancelled"] = nameof(OrderStatus.Cancelled),
        };

        Task<Dictionary<int, Accumulator>> Run(string sql, Action<DbDataReader, Dictionary<int, Accumulator>> row)
        {
            if (!separate)
            {
                return QueryAsync(shared, db.Database.CurrentTransaction?.GetDbTransaction(), sql, parameters, row, cancellationToken);
            }

            // Task.Run: Microsoft.Data.Sqlite's async methods complete synchronously.
            return Task.Run(async () =>
            {
                await using var connection = System.Data.Common.DbProviderFactories.GetFactory(shared)!.CreateConnection()!;
                connection.ConnectionString = connectionString;
                return await QueryAsync(connection, null, sql, parameters, row, cancellationToken, sqlite ? null : NoJit);
            }, cancellationToken);
        }

        // An order's calendar day in business time, from the stored value.
        int Day(DbDataReader reader, int ordinal) => Dates.BusinessDay(placedAt is null
            ? new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc))
            : (DateTimeOffset)placedAt.ConvertFromProvider(reader.GetInt64(ordinal))!).DayNumber;

        if (sqlite)
        {
            return await Run(SqliteQuery, (reader, accumulators) =>
            {
                var acc = Of(accumulators, reader.GetInt32(0));
                acc.Orders[reader.GetInt32(2)]++;
                acc.Lines += reader.GetInt32(3);
                acc.Revenue += reader.GetInt64(4);
                acc.RevenueWithCost += reader.GetInt64(5);
                acc.CostOfGoods += reader.GetInt64(6);
                if (reader.GetInt32(7) == 1)
                {
                    acc.PurchaseDays.Add(Day(reader, 1));
                }
            });
        }

        var sums = Run(PostgresSums, (reader, accumulators) =>
        {
            var acc = Of(accumulators, reader.GetInt32(0));
            acc.Lines += reader.GetInt32(1);
            acc.Revenue += reader.GetInt64(2);
            acc.RevenueWithCost += reader.GetInt64(3);
            acc.CostOfGoods += reader.GetInt64(4);
        });
        if (!separate)
        {
            // One connection: one query at a time.
            await sums;
        }

        var orders = Run(PostgresOrders, (reader, accumulators) =>
        {
            var acc = Of(accumulators, reader.GetInt32(0));
            acc.Orders[reader.GetInt32(2)]++;
            if (reader.GetBoolean(3))
            {
                acc.PurchaseDays.Add(Day(reader, 1));
            }
        });
        var result = await orders;
        await sums;
        foreach (var (customerId, sum) in await sums)
        {
            var acc = Of(result, customerId);
            acc.Lines += sum.Lines;
            acc.Revenue += sum.Revenue;
            acc.RevenueWithCost += sum.RevenueWithCost;
            acc.CostOfGoods += sum.CostOfGoods;
        }

        return result;
    }

    private static Accumulator Of(Dictionary<int, Accumulator> accumulators, int customerId)
    {
        if (!accumulators.TryGetValue(customerId, out var acc))
        {
            accumulators[customerId] = acc = new Accumulator();
        }

        return acc;
    }

    // PostgreSQL compiles these scans with LLVM (their estimated cost is far above jit_above_cost): 150-250 ms of
    // a core per query here, for no faster execution. Off for the pass's own connections only; Npgsql resets the
    // session when the connection goes back to the pool.
    private const string NoJit = "SET jit = off";

    private static async Task<Dictionary<int, Accumulator>> QueryAsync(
        DbConnection connection, DbTransaction? transaction, string sql, Dictionary<string, object> parameters,
        Action<DbDataReader, Dictionary<int, Accumulator>> row, CancellationToken cancellationToken, string? setting = null)
    {
        var accumulators = new Dictionary<int, Accumulator>();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            if (setting is not null)
            {
                await using var set = connection.CreateCommand();
                set.CommandText = setting;
                await set.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandTimeout = 0;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                Add(command, name, value);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                row(reader, accumulators);
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }

        return accumulators;
    }

    // Amounts in integers of 1/10,000 (the price columns' precision), summed exactly from the prices the database
    // keeps scaled beside the decimals (see OrderLineConfiguration.ScaledPrices).
    private const decimal Scale = 10_000m;
    private const string ScaledUnitPrice = OrderLineConfiguration.UnitPriceScaled;
    private const string ScaledCostPrice = OrderLineConfiguration.CostPriceScaled;

    // The channel as its number, so that no text is read per order.
    private static readonly string ChannelNumber =
        $"CASE o.\"Channel\" {string.Concat(Enum.GetValues<OrderChannel>().Select(c => $"WHEN '{c}' THEN {(int)c} "))}END";

    private static readonly string SqliteQuery = $"""
        SELECT o."CustomerId", o."PlacedAt", {ChannelNumber}, COUNT(l."Id"),
               COALESCE(SUM(l."Quantity" * l."{ScaledUnitPrice}"), 0),
               COALESCE(SUM(CASE WHEN l."{ScaledCostPrice}" IS NOT NULL THEN l."Quantity" * l."{ScaledUnitPrice}" END), 0),
               COALESCE(SUM(l."Quantity" * l."{ScaledCostPrice}"), 0),
               COALESCE(MAX(l."Quantity" > 0), 0)
        FROM "Orders" AS o
        LEFT JOIN "OrderLines" AS l ON l."OrderId" = o."Id"
        WHERE o."PlacedAt" >= @from AND o."PlacedAt" < @to AND o."Status" <> @cancelled
        GROUP BY o."Id"
        """;

    private static readonly string PostgresSums = $"""
        SELECT o."CustomerId", COUNT(*)::int,
               SUM(l."Quantity" * l."{ScaledUnitPrice}")::bigint,
               COALESCE(SUM(l."Quantity" * l."{ScaledUnitPrice}") FILTER (WHERE l."{ScaledCostPrice}" IS NOT NULL), 0)::bigint,
               COALESCE(SUM(l."Quantity" * l."{ScaledCostPrice}"), 0)::bigint
        FROM "Orders" AS o
        JOIN "OrderLines" AS l ON l."OrderId" = o."Id"
        WHERE o."PlacedAt" >= @from AND o."PlacedAt" < @to AND o."Status" <> @cancelled
        GROUP BY o."CustomerId"
        """;

    // Every order counts (one without lines too); a purchase has a line of positive quantity.
    private static readonly string PostgresOrders = $"""
        SELECT o."CustomerId", o."PlacedAt", {ChannelNumber},
               EXISTS (SELECT 1 FROM "OrderLines" AS l WHERE l."OrderId" = o."Id" AND l."Quantity" > 0)
        FROM "Orders" AS o
        WHERE o."PlacedAt" >= @from AND o."PlacedAt" < @to AND o."Status" <> @cancelled
        """;

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private sealed class Accumulator
    {
        private static readonly int Channels = Enum.GetValues<OrderChannel>().Length;
        private static readonly Dictionary<OrderChannel, int> NoOrders = [];

        public int[] Orders { get; } = new int[Channels];
        public int Lines { get; set; }
        // In 1/10,000.
        public long Revenue { get; set; }
        public long RevenueWithCost { get; set; }
        public long CostOfGoods { get; set; }
        public int Escalations { get; set; }
        public int Calls { get; set; }
        public int Visits { get; set; }
        public List<int> PurchaseDays { get; } = [];

        public CustomerActivity ToActivity(string number, decimal? potential)
        {
            if (Lines == 0 && PurchaseDays.Count == 0 && Array.TrueForAll(Orders, o => o == 0))
            {
                // Most customers of a large population ordered nothing in the window: no collections of their own.
                return new CustomerActivity
                {
                    Number = number,
                    KnownPotential = potential,
                    OrdersByChannel = NoOrders,
                    Escalations = Escalations,
                    Calls = Calls,
                    Visits = Visits,
                    PurchaseDays = [],
                };
            }

            PurchaseDays.Sort();
            var days = new List<DateOnly>(PurchaseDays.Count);
            foreach (var day in PurchaseDays)
            {
                if (days.Count == 0 || days[^1].DayNumber != day)
                {
                    days.Add(DateOnly.FromDayNumber(day));
                }
            }

            var byChannel = new Dictionary<OrderChannel, int>();
            for (var i = 0; i < Orders.Length; i++)
            {
                if (Orders[i] > 0)
                {
                    byChannel[(OrderChannel)i] = Orders[i];
                }
            }

            return new CustomerActivity
            {
                Number = number,
                KnownPotential = potential,
                Revenue = Revenue / Scale,
                RevenueWithCost = RevenueWithCost / Scale,
                CostOfGoods = CostOfGoods / Scale,
                OrdersByChannel = byChannel,
                Lines = Lines,
                Escalations = Escalations,
                Calls = Calls,
                Visits = Visits,
                PurchaseDays = days,
            };
        }
    }
}
