using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Customers;
using Portal.Localization;
using Portal.Ordering;
using Portal.Sales;

namespace Portal.Data;

/// Synthetic order history for benchmarks: many customers with a skewed size distribution (a few big, many small),
/// 13 months of orders before the as-of day (so that the window's start cuts through them), mixed channels,
/// credit notes, cancelled orders, cost prices on part of the lines, calls, visits and escalations. Deterministic
/// for a seed. Written in chunks with bulk inserts, so memory stays flat however many lines are asked for.
public sealed class BenchmarkDataGenerator(PortalDbContext db, TimeProvider time)
{
    public sealed record Options(int Customers, long Lines, DateOnly AsOf, int Seed = 42, int Products = 2_000);

    public async Task<bool> DatabaseIsEmptyAsync(CancellationToken cancellationToken) =>
        !await db.Orders.AnyAsync(cancellationToken) && !await db.Customers.AnyAsync(cancellationToken);

    public async Task<(int Customers, long Orders, long Lines)> GenerateAsync(Options options, TextWriter? progress, CancellationToken cancellationToken)
    {
        // The order ids are read back by position below, which is only sound in a database of our own.
        if (!await DatabaseIsEmptyAsync(cancellationToken))
        {
            throw new InvalidOperationException("The database already holds customers or orders; generate into an empty database.");
        }

        var random = new Random(options.Seed);
        var now = time.GetUtcNow();
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        // Sizes follow a log-normal distribution: revenue ends up Pareto-like, as in real B2B customer bases.
        var weights = new double[options.Customers];
        for (var i = 0; i < weights.Length; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            weights[i] = Math.Exp(1.6 * normal);
        }

        var phoneShare = Enumerable.Range(0, options.Customers).Select(_ => random.NextDouble() < 0.4 ? 0.8 : random.NextDouble() * 0.3).ToArray();
        await db.InsertAsync(Enumerable.Range(0, options.Customers).Select(i => new Customer
        {
            Number = $"G{i + 1:D8}",
            Name = $"Generated customer {i + 1}",
            Potential = random.NextDouble() < 0.1 ? Math.Round((decimal)(weights[i] * 4000 * (1 + random.NextDouble() * 3)), 2) : null,
            CreatedAt = now,
        }), cancellationToken);
        var customerIds = await db.Customers.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToArrayAsync(cancellationToken);
        progress?.WriteLine($"generate: {customerIds.Length:N0} customers");

        var category = new Category { Name = "Generated", Slug = "generated" };
        var packs = Enumerable.Range(0, options.Products).Select(i => new PackSize
        {
            Sku = $"GEN-{i + 1:D6}",
            Name = "Unit",
            CostPrice = Math.Round((decimal)(0.5 + random.NextDouble() * 80), 2),
        }).ToList();
        db.Products.AddRange(packs.Select((p, i) => new Product { Name = $"Generated product {i + 1}", BaseUnit = "piece", Category = category, PackSizes = [p] }));
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        // Customers drawn in proportion to their weight (cumulative weights, binary search).
        var cumulative = new double[weights.Length];
        var sum = 0d;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            cumulative[i] = sum;
        }

        var lastDay = Dates.StartOfBusinessDay(options.AsOf.AddDays(1));
        var span = (lastDay - Dates.StartOfBusinessDay(options.AsOf.AddMonths(-13))).TotalSeconds;
        var channels = new[] { OrderChannel.Shop, OrderChannel.Shop, OrderChannel.ReorderList, OrderChannel.QuickOrder, OrderChannel.CsvUpload };
        long linesWritten = 0, ordersWritten = 0, lastOrderId = 0;
        var chunk = new List<(Order Order, List<OrderLine> Lines)>(10_000);
        while (linesWritten < options.Lines)
        {
            chunk.Clear();
            long chunkLines = 0;
            while (chunk.Count < 10_000 && linesWritten + chunkLines < options.Lines)
            {
                var index = Array.BinarySearch(cumulative, random.NextDouble() * sum);
                index = index < 0 ? ~index : index;
                index = Math.Min(index, cumulative.Length - 1);
                var lineCount = (int)Math.Min(options.Lines - linesWritten - chunkLines, 1 + random.Next(19));
                var creditNote = random.NextDouble() < 0.03;
                var order = new Order
                {
                    Number = $"{(creditNote ? "C" : "G")}{ordersWritten + chunk.Count + 1:D9}",
                    CustomerId = customerIds[index],
                    PlacedAt = lastDay.AddSeconds(-random.NextDouble() * span),
                    Channel = random.NextDouble() < phoneShare[index] ? OrderChannel.Phone : channels[random.Next(channels.Length)],
                    Status = random.NextDouble() < 0.02 ? OrderStatus.Cancelled : OrderStatus.Completed,
                    PaymentMethod = PaymentMethod.OnAccount,
                };
                var lines = new List<OrderLine>(lineCount);
                for (var l = 0; l < lineCount; l++)
                {
                    var pack = packs[random.Next(packs.Count)];
                    var quantity = (1 + random.Next(12)) * (creditNote ? -1 : 1);
                    var price = Math.Round(pack.CostPrice!.Value * (decimal)(1.15 + random.NextDouble() * 0.6), 2);
                    lines.Add(new OrderLine
                    {
                        LineNumber = l + 1,
                        PackSizeId = pack.Id,
                        Sku = pack.Sku,
                        Description = pack.Sku,
                        Quantity = quantity,
                        UnitPrice = price,
                        CostPrice = random.NextDouble() < 0.6 ? pack.CostPrice : null,
                        LineNet = quantity * price,
                    });
                    order.SubtotalNet += quantity * price;
                }

                order.TotalGross = order.SubtotalNet;
                chunk.Add((order, lines));
                chunkLines += lineCount;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.InsertAsync(chunk.Select(c => c.Order), cancellationToken);
            // The database is ours alone while generating: the new orders' ids are the next ones, in insertion order.
            var ids = await db.Orders.AsNoTracking().Where(o => o.Id > lastOrderId).OrderBy(o => o.Id).Select(o => o.Id).Take(chunk.Count).ToListAsync(cancellationToken);
            for (var i = 0; i < chunk.Count; i++)
            {
                foreach (var line in chunk[i].Lines)
                {
                    line.OrderId = ids[i];
                }
            }

            await db.InsertAsync(chunk.SelectMany(c => c.Lines), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            lastOrderId = ids[^1];
            ordersWritten += chunk.Count;
            linesWritten += chunkLines;
            progress?.WriteLine($"generate: {ordersWritten:N0} orders, {linesWritten:N0} lines");
        }

        // Manual work on some customers: calls, visits, escalations.
        var touches = new List<Touch>();
        var escalations = new List<Escalation>();
        foreach (var id in customerIds)
        {
            if (random.NextDouble() < 0.05)
            {
                for (var i = random.Next(1, 8); i > 0; i--)
                {
                    touches.Add(new Touch { CustomerId = id, Kind = random.NextDouble() < 0.85 ? TouchKind.Call : TouchKind.Visit, At = lastDay.AddSeconds(-random.NextDouble() * span) });
                }
            }

            if (random.NextDouble() < 0.03)
            {
                var at = lastDay.AddSeconds(-random.NextDouble() * span);
                escalations.Add(new Escalation { CustomerId = id, Type = EscalationType.Manual, Status = EscalationStatus.Resolved, Reason = "Generated", CreatedAt = at, DueAt = at.AddDays(1) });
            }
        }

        await db.InsertAsync(touches, cancellationToken);
        await db.InsertAsync(escalations, cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        await AfterBulkLoad.TidyAsync(db, cancellationToken);
        return (customerIds.Length, ordersWritten, linesWritten);
    }
}
