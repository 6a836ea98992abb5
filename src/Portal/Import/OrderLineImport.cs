using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Customers;
using Portal.Data;
using Portal.Localization;
using Portal.Ordering;

namespace Portal.Import;

/// Order lines keyed by order number and line: the orders are created as completed orders on account, unknown
/// customers and products as minimal records. A batch is checked row by row, its customers and products resolved,
/// its lines planned against what earlier batches and imports wrote, and then written in one transaction.
internal sealed class OrderLineImport(PortalDbContext db, TimeProvider time, FieldParser parser, OrderChannel defaultChannel, bool hasLineColumn) : IBatchImport
{
    public static readonly IReadOnlyList<ImportField> Fields =
    [
        new("order", true, "order number (natural key with the line)"),
        new("line", false, "line number; without it, the line's position within its order in the file"),
        new("customer", true, "customer number"),
        new("date", true, "order date"),
        new("sku", true, "SKU"),
        new("quantity", true, "quantity (whole packs; negative for returns)"),
        new("price", true, "Unit price"),
        new("description", false, "line description"),
        new("channel", false, "order channel", ["Shop", "ReorderList", "QuickOrder", "CsvUpload", "Phone"]),
        new("cost", false, "cost price per unit"),
    ];

    private readonly ImportCategories categories = new(db);
    private readonly Dictionary<string, int> customerIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> packSizeIds = new(StringComparer.Ordinal);

    // Per order of the file: its id once written, its customer, whether this import created it, and how many of its
    // rows the file has shown so far (the line number when the file has none).
    private readonly Dictionary<string, OrderState> orders = new(StringComparer.Ordinal);

    private sealed class OrderState
    {
        public int Id { get; set; }
        public int? CustomerId { get; set; }
        public required string CustomerNumber { get; set; }
        public bool CreatedHere { get; set; }
        public int RowsSeen { get; set; }
    }

    private sealed record OrderRow(CsvRecord Record, string Order, int LineNumber, string Customer, DateTimeOffset PlacedAt, string Sku, int Quantity, decimal Price, string? Description, OrderChannel Channel, decimal? Cost);

    /// What a batch writes: new orders with the line numbers they got in this batch, all new lines (those of a new
    /// order get its id once it is saved), and what the lines add to orders written before.
    private sealed class BatchPlan
    {
        public Dictionary<string, (Order Order, HashSet<int> Lines)> NewOrders { get; } = new(StringComparer.Ordinal);
        public List<(OrderLine Line, Order? NewOrder)> Lines { get; } = [];
        public Dictionary<int, decimal> AddedToWrittenOrders { get; } = [];
    }

    public async Task ImportAsync(IReadOnlyList<CsvRecord> batch, ImportSummary summary, List<Rejection> rejected, CancellationToken cancellationToken)
    {
        var rows = BatchImport.Parse(batch, Parse, rejected);

        if (rows.Count == 0)
        {
            return;
        }

        await ResolveCustomersAsync(rows.Select(r => r.Customer), summary, cancellationToken);
        await ResolvePackSizesAsync(rows, summary, cancellationToken);
        await FindWrittenOrdersAsync(rows, cancellationToken);
        var writtenLines = await WrittenLinesAsync(rows, cancellationToken);
        var plan = new BatchPlan();
        foreach (var row in rows)
        {
            if (Plan(row, plan, writtenLines, summary) is { } reason)
            {
                rejected.Add(new(row.Record, reason));
            }
        }

        await WriteAsync(plan, cancellationToken);
        summary.OrdersCreated += plan.NewOrders.Count;
    }

    private OrderRow Parse(CsvRecord record)
    {
        // The position counts every row of the order, rejected ones too: fixing a rejected row and importing the
        // file again fills exactly its gap.
        var number = record["order"] is { } orderText ? FieldParser.Text(orderText, "order", 40) : null;
        OrderState? state = null;
        if (number is not null)
        {
            if (!orders.TryGetValue(number, out state))
            {
                state = new OrderState { CustomerNumber = record["customer"] ?? "" };
                orders[number] = state;
            }

            state.RowsSeen++;
        }

        FieldParser.RejectMalformed(record);
        if (number is null)
        {
            throw new RowRejectedException("order is missing");
        }

        var customer = FieldParser.Text(FieldParser.Required(record, "customer"), "customer", 32);
        if (state!.CustomerNumber.Length == 0)
        {
            state.CustomerNumber = customer;
        }
        else if (state.CustomerNumber != customer)
        {
            throw new RowRejectedException($"order {number} belongs to customer {state.CustomerNumber}; this line names customer {customer}");
        }

        var lineNumber = hasLineColumn ? parser.Integer(FieldParser.Required(record, "line"), "line") : state.RowsSeen;
        if (lineNumber <= 0)
        {
            throw new RowRejectedException($"line {lineNumber} is not a positive line number");
        }

        var placedAt = parser.Date(FieldParser.Required(record, "date"), "date");
        var sku = FieldParser.Text(FieldParser.Required(record, "sku"), "sku", 64);
        var quantity = parser.Integer(FieldParser.Required(record, "quantity"), "quantity");
        var price = Math.Round(parser.Decimal(FieldParser.Required(record, "price"), "price"), 4, MidpointRounding.AwayFromZero);
        var cost = FieldParser.Round(parser.OptionalDecimal(record["cost"], "cost"), 4);
        var description = record["description"] is { } d ? (d.Length > 300 ? d[..300] : d) : null;
        return new OrderRow(record, number, lineNumber, customer, placedAt, sku, quantity, price, description, Channel(record), cost);
    }

    private OrderChannel Channel(CsvRecord record)
    {
        var channel = defaultChannel;
        if (record["channel"] is { } channelText && !Enum.TryParse(channelText, ignoreCase: true, out channel))
        {
            throw new RowRejectedException($"channel '{channelText}' is not one of {string.Join(", ", Enum.GetNames<OrderChannel>())}");
        }

        // Enum.TryParse also takes numbers, and any number.
        if (!Enum.IsDefined(channel))
        {
            throw new RowRejectedException($"channel '{record["channel"]}' is not one of {string.Join(", ", Enum.GetNames<OrderChannel>())}");
        }

        return channel;
    }

    private async Task ResolveCustomersAsync(IEnumerable<string> numbers, ImportSummary summary, CancellationToken cancellationToken)
    {
        var missing = numbers.Where(n => !customerIds.ContainsKey(n)).Distinct().ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var found = await db.Customers.AsNoTracking().Where(c => missing.Contains(c.Number)).Select(c => new { c.Number, c.Id }).ToListAsync(cancellationToken);
        foreach (var customer in found)
        {
            customerIds[customer.Number] = customer.Id;
        }

        var created = missing.Where(n => !customerIds.ContainsKey(n))
            .Select(n => new Customer { Number = n, Name = $"Customer {n}", CreatedAt = time.GetUtcNow() })
            .ToList();
        if (created.Count == 0)
        {
            return;
        }

        db.Customers.AddRange(created);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var customer in created)
        {
            customerIds[customer.Number] = customer.Id;
        }

        summary.CustomersCreated += created.Count;
    }

    private async Task ResolvePackSizesAsync(List<OrderRow> rows, ImportSummary summary, CancellationToken cancellationToken)
    {
        var missing = rows.Select(r => r.Sku).Where(s => !packSizeIds.ContainsKey(s)).Distinct().ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var found = await db.PackSizes.AsNoTracking().Where(s => missing.Contains(s.Sku)).Select(s => new { s.Sku, s.Id }).ToListAsync(cancellationToken);
        foreach (var pack in found)
        {
            packSizeIds[pack.Sku] = pack.Id;
        }

        var toCreate = missing.Where(s => !packSizeIds.ContainsKey(s)).ToHashSet(StringComparer.Ordinal);
        if (toCreate.Count == 0)
        {
            return;
        }

        // A product the ERP sold but Portal does not know: a minimal record named after the line's description,
        // outside every catalog until a product manager places it.
        var categoryId = await categories.FindOrCreateAsync(ImportCategories.Imported, cancellationToken);
        var packs = new List<PackSize>();
        foreach (var row in rows.Where(r => toCreate.Remove(r.Sku)))
        {
            var pack = new PackSize { Sku = row.Sku, Name = "Unit" };
            var name = string.IsNullOrWhiteSpace(row.Description) ? row.Sku : row.Description.Length > 200 ? row.Description[..200] : row.Description;
            var product = new Product { Name = name, BaseUnit = "piece", CategoryId = categoryId, PackSizes = [pack] };
            product.SearchText = SearchText.ForProduct(product);
            db.Products.Add(product);
            packs.Add(pack);
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        foreach (var pack in packs)
        {
            packSizeIds[pack.Sku] = pack.Id;
        }

        summary.ProductsCreated += packs.Count;
    }

    /// Orders written before this batch, by an earlier batch or an earlier import.
    private async Task FindWrittenOrdersAsync(List<OrderRow> rows, CancellationToken cancellationToken)
    {
        var unknown = rows.Select(r => r.Order).Where(n => orders[n].Id == 0).Distinct().ToList();
        foreach (var chunk in unknown.Chunk(BatchImport.BatchSize))
        {
            var found = await db.Orders.AsNoTracking().Where(o => EF.Parameter(chunk).Contains(o.Number)).Select(o => new { o.Number, o.Id, o.CustomerId }).ToListAsync(cancellationToken);
            foreach (var order in found)
            {
                orders[order.Number].Id = order.Id;
                orders[order.Number].CustomerId = order.CustomerId;
            }
        }
    }

    /// The lines those orders already have, as (order id, line number).
    private async Task<HashSet<(int, int)>> WrittenLinesAsync(List<OrderRow> rows, CancellationToken cancellationToken)
    {
        var writtenIds = rows.Select(r => orders[r.Order].Id).Where(id => id != 0).Distinct().ToList();
        var lines = new HashSet<(int, int)>();
        foreach (var chunk in writtenIds.Chunk(BatchImport.BatchSize))
        {
            var found = await db.OrderLines.AsNoTracking().Where(l => EF.Parameter(chunk).Contains(l.OrderId)).Select(l => new { l.OrderId, l.LineNumber }).ToListAsync(cancellationToken);
            lines.UnionWith(found.Select(l => (l.OrderId, l.LineNumber)));
        }

        return lines;
    }

    /// Puts the row's line into the plan (and counts it), or returns why it is rejected. A line already written
    /// counts as already present, unless this import wrote its order and the file numbers its lines: then the
    /// file has the line twice.
    private string? Plan(OrderRow row, BatchPlan plan, HashSet<(int, int)> writtenLines, ImportSummary summary)
    {
        var state = orders[row.Order];
        var customerId = customerIds[row.Customer];
        if (state.CustomerId is { } owner && owner != customerId)
        {
            return $"order {row.Order} is already imported for another customer";
        }

        var line = new OrderLine
        {
            LineNumber = row.LineNumber,
            PackSizeId = packSizeIds[row.Sku],
            Sku = row.Sku,
            Description = row.Description ?? row.Sku,
            Quantity = row.Quantity,
            UnitPrice = row.Price,
            CostPrice = row.Cost,
            LineNet = Money.Round(row.Quantity * row.Price),
        };
        if (state.Id != 0)
        {
            if (!writtenLines.Add((state.Id, row.LineNumber)))
            {
                if (state.CreatedHere && hasLineColumn)
                {
                    return $"line {row.LineNumber} of order {row.Order} appears twice in the file";
                }

                summary.Unchanged++;
                return null;
            }

            line.OrderId = state.Id;
            plan.Lines.Add((line, null));
            plan.AddedToWrittenOrders[state.Id] = plan.AddedToWrittenOrders.GetValueOrDefault(state.Id) + line.LineNet;
            summary.Created++;
            return null;
        }

        if (!plan.NewOrders.TryGetValue(row.Order, out var created))
        {
            created = (new Order
            {
                Number = row.Order,
                CustomerId = customerId,
                PlacedAt = row.PlacedAt,
                Channel = row.Channel,
                Status = OrderStatus.Completed,
                PaymentMethod = PaymentMethod.OnAccount,
            }, []);
            plan.NewOrders[row.Order] = created;
            state.CustomerId = customerId;
            db.Orders.Add(created.Order);
        }

        if (!created.Lines.Add(row.LineNumber))
        {
            return $"line {row.LineNumber} of order {row.Order} appears twice in the file";
        }

        plan.Lines.Add((line, created.Order));
        created.Order.SubtotalNet += line.LineNet;
        created.Order.TotalGross = created.Order.SubtotalNet;
        summary.Created++;
        return null;
    }

    // The batch is one transaction: its orders through EF (their ids are needed), then its lines in bulk.
    private async Task WriteAsync(BatchPlan plan, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (plan.AddedToWrittenOrders.Count > 0)
        {
            var ids = plan.AddedToWrittenOrders.Keys.ToList();
            foreach (var order in await db.Orders.Where(o => ids.Contains(o.Id)).ToListAsync(cancellationToken))
            {
                order.SubtotalNet += plan.AddedToWrittenOrders[order.Id];
                order.TotalGross = order.SubtotalNet + order.VatTotal;
            }
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (line, order) in plan.Lines)
        {
            if (order is not null)
            {
                line.OrderId = order.Id;
            }
        }

        await db.InsertAsync(plan.Lines.Select(p => p.Line), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var (number, created) in plan.NewOrders)
        {
            orders[number].Id = created.Order.Id;
            orders[number].CreatedHere = true;
        }
    }
}
