using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Customers;
using Portal.Data;
using Portal.Localization;
using Portal.Ordering;

namespace Portal.Import;

/// Imports customers, products or order lines from an ERP export, streaming: rows are read, checked and written in
/// batches (one SaveChanges each, then the change tracker is emptied), so memory follows the batch and the number of
/// distinct keys, never the number of rows. Natural keys (customer number, SKU, order number + line) make a second
/// import of the same file change nothing. Each batch commits on its own: an import that stops half-way is resumed
/// by importing the same file again.
public sealed class ImportRunner(PortalDbContext db, TimeProvider time)
{
    public const int BatchSize = 5000;
    private const string ImportedCategorySlug = "imported";

    private readonly Dictionary<string, int> customerIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> packSizeIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> categoryIds = new(StringComparer.OrdinalIgnoreCase);

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

    private sealed record OrderRow(long Line, string Raw, string Order, int LineNumber, string Customer, DateTimeOffset PlacedAt, string Sku, int Quantity, decimal Price, string? Description, OrderChannel Channel, decimal? Cost);

    private sealed record Rejection(long Line, string Reason, string Raw);

    public async Task<ImportSummary> RunAsync(ImportRequest request, TextWriter? progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var summary = new ImportSummary { Kind = request.Kind, RejectsPath = request.RejectsPath };
        using var source = new CsvRecordSource(request);
        using var rejects = new RejectsWriter(request.RejectsPath);
        try
        {
            rejects.RemoveStale();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only folder: there is nothing stale to remove from it either way that matters for this run.
        }

        var parser = new FieldParser(request.Culture);
        var reporter = new ProgressReporter(progress, summary, time);
        var batch = new List<CsvRecord>(BatchSize);
        var batchRejects = new List<Rejection>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            while (true)
            {
                var record = source.Next();
                if (record is not null)
                {
                    summary.Read++;
                    batch.Add(record);
                }

                if (batch.Count == BatchSize || (record is null && batch.Count > 0))
                {
                    batchRejects.Clear();
                    switch (request.Kind)
                    {
                        case ImportKind.Customers:
                            await ImportCustomersAsync(batch, parser, summary, batchRejects, cancellationToken);
                            break;
                        case ImportKind.Products:
                            await ImportProductsAsync(batch, parser, summary, batchRejects, cancellationToken);
                            break;
                        default:
                            await ImportOrderLinesAsync(batch, parser, request, source, summary, batchRejects, cancellationToken);
                            break;
                    }

                    foreach (var rejection in batchRejects.OrderBy(r => r.Line))
                    {
                        rejects.Write(rejection.Line, rejection.Reason, rejection.Raw);
                    }

                    summary.Rejected = rejects.Count;
                    batch.Clear();
                    db.ChangeTracker.Clear();
                    reporter.Report(done: false);
                }

                if (record is null)
                {
                    break;
                }
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }

        summary.Elapsed = stopwatch.Elapsed;
        reporter.Report(done: true);
        return summary;
    }

    private async Task ImportCustomersAsync(List<CsvRecord> batch, FieldParser parser, ImportSummary summary, List<Rejection> rejected, CancellationToken cancellationToken)
    {
        var rows = new List<(CsvRecord Record, string Number, string? Name, decimal? Potential, decimal? CreditLimit, string? VatId, string? Language)>();
        foreach (var record in batch)
        {
            try
            {
                Reject(record);
                var language = record["language"]?.ToLowerInvariant();
                if (language is not null and not ("en" or "de"))
                {
                    throw new RowRejectedException($"language '{language}' is not en or de");
                }

                rows.Add((record,
                    FieldParser.Text(FieldParser.Required(record, "customer"), "customer", 32),
                    record["name"] is { } name ? FieldParser.Text(name, "name", 200) : null,
                    Round(parser.OptionalDecimal(record["potential"], "potential"), 2),
                    Round(parser.OptionalDecimal(record["creditlimit"], "creditlimit"), 2),
                    record["vatid"] is { } vat ? FieldParser.Text(vat, "vatid", 32) : null,
                    language));
            }
            catch (RowRejectedException e)
            {
                rejected.Add(new(record.Line, e.Message, record.Raw));
            }
        }

        var numbers = rows.Select(r => r.Number).Distinct().ToList();
        var existing = await db.Customers.Where(c => numbers.Contains(c.Number)).ToDictionaryAsync(c => c.Number, StringComparer.Ordinal, cancellationToken);
        foreach (var row in rows)
        {
            if (existing.TryGetValue(row.Number, out var customer))
            {
                var changed = false;
                if (ChangesText(customer.Name, row.Name)) { customer.Name = row.Name!; changed = true; }
                if (ChangesNullable(customer.Potential, row.Potential)) { customer.Potential = row.Potential; changed = true; }
                if (ChangesValue(customer.CreditLimit, row.CreditLimit)) { customer.CreditLimit = row.CreditLimit!.Value; changed = true; }
                if (ChangesText(customer.VatId, row.VatId)) { customer.VatId = row.VatId; changed = true; }
                if (ChangesText(customer.Language, row.Language)) { customer.Language = row.Language!; changed = true; }
                if (changed)
                {
                    summary.Updated++;
                }
                else
                {
                    summary.Unchanged++;
                }

                continue;
            }

            customer = new Customer
            {
                Number = row.Number,
                Name = row.Name ?? $"Customer {row.Number}",
                Potential = row.Potential,
                CreditLimit = row.CreditLimit ?? 0m,
                VatId = row.VatId,
                Language = row.Language ?? "de",
                CreatedAt = time.GetUtcNow(),
            };
            db.Customers.Add(customer);
            existing[row.Number] = customer;
            summary.Created++;
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task ImportProductsAsync(List<CsvRecord> batch, FieldParser parser, ImportSummary summary, List<Rejection> rejected, CancellationToken cancellationToken)
    {
        var rows = new List<(string Sku, string? Name, string? NameDe, string? Description, string? DescriptionDe, string? Category, string? Unit, string? Pack, string? PackDe, decimal? Units, decimal? Cost, decimal? Tax)>();
        foreach (var record in batch)
        {
            try
            {
                Reject(record);
                var units = Round(parser.OptionalDecimal(record["units"], "units"), 4);
                if (units is <= 0)
                {
                    throw new RowRejectedException($"units '{record["units"]}' must be above zero");
                }

                var tax = Round(parser.OptionalDecimal(record["tax"], "tax"), 4);
                if (tax is < 0 or >= 1)
                {
                    throw new RowRejectedException($"tax '{record["tax"]}' is not a rate between 0 and 1 (0.19 for 19 %)");
                }

                rows.Add((
                    FieldParser.Text(FieldParser.Required(record, "sku"), "sku", 64),
                    record["name"] is { } name ? FieldParser.Text(name, "name", 200) : null,
                    record["name_de"] is { } nameDe ? FieldParser.Text(nameDe, "name_de", 200) : null,
                    record["description"] is { } description ? FieldParser.Text(description, "description", 4000) : null,
                    record["description_de"] is { } descriptionDe ? FieldParser.Text(descriptionDe, "description_de", 4000) : null,
                    record["category"] is { } category ? FieldParser.Text(category, "category", 100) : null,
                    record["unit"] is { } unit ? FieldParser.Text(unit, "unit", 16) : null,
                    record["pack"] is { } pack ? FieldParser.Text(pack, "pack", 100) : null,
                    record["pack_de"] is { } packDe ? FieldParser.Text(packDe, "pack_de", 100) : null,
                    units,
                    Round(parser.OptionalDecimal(record["cost"], "cost"), 4),
                    tax));
            }
            catch (RowRejectedException e)
            {
                rejected.Add(new(record.Line, e.Message, record.Raw));
            }
        }

        var skus = rows.Select(r => r.Sku).Distinct().ToList();
        var existing = await db.PackSizes.Include(s => s.Product).ThenInclude(p => p!.PackSizes)
            .Where(s => skus.Contains(s.Sku)).ToDictionaryAsync(s => s.Sku, StringComparer.Ordinal, cancellationToken);
        foreach (var row in rows)
        {
            if (existing.TryGetValue(row.Sku, out var pack))
            {
                var product = pack.Product!;
                var changed = false;
                if (ChangesText(product.Name, row.Name)) { product.Name = row.Name!; changed = true; }
                if (ChangesText(product.NameDe ?? "", row.NameDe)) { product.NameDe = row.NameDe!; changed = true; }
                if (ChangesText(product.Description, row.Description)) { product.Description = row.Description!; changed = true; }
                if (ChangesText(product.DescriptionDe ?? "", row.DescriptionDe)) { product.DescriptionDe = row.DescriptionDe!; changed = true; }
                if (ChangesText(product.BaseUnit, row.Unit)) { product.BaseUnit = row.Unit!; changed = true; }
                if (ChangesValue(product.TaxRate, row.Tax)) { product.TaxRate = row.Tax!.Value; changed = true; }
                if (ChangesText(pack.Name, row.Pack)) { pack.Name = row.Pack!; changed = true; }
                if (ChangesText(pack.NameDe ?? "", row.PackDe)) { pack.NameDe = row.PackDe!; changed = true; }
                if (ChangesValue(pack.UnitsPerPack, row.Units)) { pack.UnitsPerPack = row.Units!.Value; changed = true; }
                if (ChangesNullable(pack.CostPrice, row.Cost)) { pack.CostPrice = row.Cost; changed = true; }
                if (row.Category is not null)
                {
                    var categoryId = await CategoryIdAsync(row.Category, cancellationToken);
                    if (ChangesValue(product.CategoryId, categoryId)) { product.CategoryId = categoryId; changed = true; }
                }

                if (changed)
                {
                    product.SearchText = SearchText.ForProduct(product);
                    summary.Updated++;
                }
                else
                {
                    summary.Unchanged++;
                }

                continue;
            }

            pack = new PackSize { Sku = row.Sku, Name = row.Pack ?? "Unit", NameDe = row.PackDe, UnitsPerPack = row.Units ?? 1, CostPrice = row.Cost };
            var created = new Product
            {
                Name = row.Name ?? row.Sku,
                NameDe = row.NameDe,
                Description = row.Description ?? "",
                DescriptionDe = row.DescriptionDe,
                BaseUnit = row.Unit ?? "piece",
                TaxRate = row.Tax ?? 0.19m,
                CategoryId = await CategoryIdAsync(row.Category ?? "Imported", cancellationToken),
                PackSizes = [pack],
            };
            pack.Product = created;
            created.SearchText = SearchText.ForProduct(created);
            db.Products.Add(created);
            existing[row.Sku] = pack;
            summary.Created++;
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task ImportOrderLinesAsync(List<CsvRecord> batch, FieldParser parser, ImportRequest request, CsvRecordSource source, ImportSummary summary, List<Rejection> rejected, CancellationToken cancellationToken)
    {
        var rows = new List<OrderRow>(batch.Count);
        var hasLineColumn = source.Has("line");
        foreach (var record in batch)
        {
            try
            {
                // The position counts every row of the order, rejected ones too: fixing a rejected row and importing
                // the file again fills exactly its gap.
                var number = record["order"] is { } orderText ? FieldParser.Text(orderText, "order", 40) : null;
                OrderState? state = null;
                if (number is not null)
                {
                    var customerText = record["customer"] ?? "";
                    if (!orders.TryGetValue(number, out state))
                    {
                        state = new OrderState { CustomerNumber = customerText };
                        orders[number] = state;
                    }

                    state.RowsSeen++;
                }

                Reject(record);
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
                var cost = Round(parser.OptionalDecimal(record["cost"], "cost"), 4);
                var channel = request.DefaultChannel;
                if (record["channel"] is { } channelText && !Enum.TryParse(channelText, ignoreCase: true, out channel))
                {
                    throw new RowRejectedException($"channel '{channelText}' is not one of {string.Join(", ", Enum.GetNames<OrderChannel>())}");
                }

                if (!Enum.IsDefined(channel))
                {
                    throw new RowRejectedException($"channel '{record["channel"]}' is not one of {string.Join(", ", Enum.GetNames<OrderChannel>())}");
                }

                var description = record["description"] is { } d ? (d.Length > 300 ? d[..300] : d) : null;
                rows.Add(new OrderRow(record.Line, record.Raw, number, lineNumber, customer, placedAt, sku, quantity, price, description, channel, cost));
            }
            catch (RowRejectedException e)
            {
                rejected.Add(new(record.Line, e.Message, record.Raw));
            }
        }

        if (rows.Count == 0)
        {
            return;
        }

        await ResolveCustomersAsync(rows.Select(r => r.Customer), summary, cancellationToken);
        await ResolvePackSizesAsync(rows, summary, cancellationToken);

        // Orders written before this batch (by an earlier batch or an earlier import) and the lines they already have.
        var unknown = rows.Select(r => r.Order).Where(n => orders[n].Id == 0).Distinct().ToList();
        foreach (var chunk in unknown.Chunk(BatchSize))
        {
            var found = await db.Orders.AsNoTracking().Where(o => chunk.Contains(o.Number)).Select(o => new { o.Number, o.Id, o.CustomerId }).ToListAsync(cancellationToken);
            foreach (var order in found)
            {
                orders[order.Number].Id = order.Id;
                orders[order.Number].CustomerId = order.CustomerId;
            }
        }

        var writtenIds = rows.Select(r => orders[r.Order].Id).Where(id => id != 0).Distinct().ToList();
        var existingLines = new HashSet<(int, int)>();
        foreach (var chunk in writtenIds.Chunk(BatchSize))
        {
            var lines = await db.OrderLines.AsNoTracking().Where(l => chunk.Contains(l.OrderId)).Select(l => new { l.OrderId, l.LineNumber }).ToListAsync(cancellationToken);
            existingLines.UnionWith(lines.Select(l => (l.OrderId, l.LineNumber)));
        }

        var newOrders = new Dictionary<string, (Order Order, HashSet<int> Lines)>(StringComparer.Ordinal);
        var pending = new List<(OrderLine Line, Order? NewOrder)>(rows.Count);
        var additions = new Dictionary<int, decimal>();
        foreach (var row in rows)
        {
            var state = orders[row.Order];
            var customerId = customerIds[row.Customer];
            if (state.CustomerId is { } owner && owner != customerId)
            {
                rejected.Add(new(row.Line, $"order {row.Order} is already imported for another customer", row.Raw));
                continue;
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
                if (existingLines.Contains((state.Id, row.LineNumber)))
                {
                    if (state.CreatedHere && hasLineColumn)
                    {
                        rejected.Add(new(row.Line, $"line {row.LineNumber} of order {row.Order} appears twice in the file", row.Raw));
                    }
                    else
                    {
                        summary.Unchanged++;
                    }

                    continue;
                }

                line.OrderId = state.Id;
                existingLines.Add((state.Id, row.LineNumber));
                pending.Add((line, null));
                additions[state.Id] = additions.GetValueOrDefault(state.Id) + line.LineNet;
                summary.Created++;
                continue;
            }

            if (!newOrders.TryGetValue(row.Order, out var created))
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
                newOrders[row.Order] = created;
                state.CustomerId = customerId;
                db.Orders.Add(created.Order);
            }

            if (!created.Lines.Add(row.LineNumber))
            {
                rejected.Add(new(row.Line, $"line {row.LineNumber} of order {row.Order} appears twice in the file", row.Raw));
                continue;
            }

            pending.Add((line, created.Order));
            created.Order.SubtotalNet += line.LineNet;
            created.Order.TotalGross = created.Order.SubtotalNet;
            summary.Created++;
        }

        // The batch is one transaction: its orders through EF (their ids are needed), then its lines in bulk.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (additions.Count > 0)
        {
            var ids = additions.Keys.ToList();
            foreach (var order in await db.Orders.Where(o => ids.Contains(o.Id)).ToListAsync(cancellationToken))
            {
                order.SubtotalNet += additions[order.Id];
                order.TotalGross = order.SubtotalNet + order.VatTotal;
            }
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (line, order) in pending)
        {
            if (order is not null)
            {
                line.OrderId = order.Id;
            }
        }

        await db.InsertAsync(pending.Select(p => p.Line), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var (number, created) in newOrders)
        {
            orders[number].Id = created.Order.Id;
            orders[number].CreatedHere = true;
        }

        summary.OrdersCreated += newOrders.Count;
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
        var categoryId = await CategoryIdAsync("Imported", cancellationToken);
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

    private async Task<int> CategoryIdAsync(string name, CancellationToken cancellationToken)
    {
        if (categoryIds.TryGetValue(name, out var id))
        {
            return id;
        }

        var slug = string.Equals(name, "Imported", StringComparison.OrdinalIgnoreCase) ? ImportedCategorySlug : Slug(name);
        var category = await db.Categories.FirstOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        if (category is null)
        {
            category = new Category { Name = name, Slug = slug, SortOrder = 1000 };
            db.Categories.Add(category);
            await db.SaveChangesAsync(cancellationToken);
        }

        categoryIds[name] = category.Id;
        return category.Id;
    }

    private static string Slug(string name)
    {
        var folded = SearchText.Fold(name);
        var chars = folded.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length == 0 ? "category" : slug.Length > 100 ? slug[..100] : slug;
    }

    // To the precision of the column, so that a second import compares equal to what the first one stored.
    private static decimal? Round(decimal? value, int decimals) => value is { } v ? Math.Round(v, decimals, MidpointRounding.AwayFromZero) : null;

    private static void Reject(CsvRecord record)
    {
        if (record.Malformed)
        {
            throw new RowRejectedException("malformed CSV (a quote out of place)");
        }
    }

    // A value from the file counts when the file has one and it differs; an empty cell keeps what Portal has.
    private static bool ChangesText(string? current, string? incoming) => incoming is not null && !string.Equals(current, incoming, StringComparison.Ordinal);

    private static bool ChangesValue<T>(T current, T? incoming)
        where T : struct => incoming is { } value && !EqualityComparer<T>.Default.Equals(current, value);

    private static bool ChangesNullable<T>(T? current, T? incoming)
        where T : struct => incoming is not null && !Nullable.Equals(current, incoming);

    /// Progress on stderr about every two seconds: rewritten in place on a terminal, one line each otherwise.
    private sealed class ProgressReporter(TextWriter? output, ImportSummary summary, TimeProvider time)
    {
        private readonly bool inPlace = output is not null && ReferenceEquals(output, Console.Error) && !Console.IsErrorRedirected;
        private DateTimeOffset last = time.GetUtcNow();

        public void Report(bool done)
        {
            if (output is null)
            {
                return;
            }

            var now = time.GetUtcNow();
            if (!done && now - last < TimeSpan.FromSeconds(2))
            {
                return;
            }

            last = now;
            var text = string.Format(CultureInfo.InvariantCulture, "{0}: {1:N0} rows read, {2:N0} imported, {3:N0} already present, {4:N0} rejected", summary.Kind.ToString().ToLowerInvariant(), summary.Read, summary.Created + summary.Updated, summary.Unchanged, summary.Rejected);
            if (inPlace)
            {
                output.Write("\r" + text + (done ? Environment.NewLine : ""));
            }
            else if (!done)
            {
                output.WriteLine(text);
            }
        }
    }
}
