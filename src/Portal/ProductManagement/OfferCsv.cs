using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Data;
using Portal.Import;
using Portal.Pricing;
using Portal.Web;

namespace Portal.ProductManagement;

/// CSV export and import of the offer for product managers: products with their pack sizes (one row per pack size,
/// keyed by SKU) and prices (one row per list, SKU and tier). Rows are checked one by one; a bad row is reported
/// with its line number and reason and the good rows are imported (as the ERP import does, see Import/).
public sealed class OfferCsv(PortalDbContext db, AuditTrail audit, PriceEditor prices)
{
    public enum Kind
    {
        Products,
        Prices,
    }

    /// Excel in Germany writes semicolons and decimal commas; other tools commas and decimal points.
    public enum Format
    {
        German,
        International,
    }

    public static readonly string[] ProductColumns = ["sku", "product", "product_de", "description", "description_de", "category", "unit", "tax", "pack", "pack_de", "units", "small", "gtin", "weight", "cost", "leadtime", "active"];
    public static readonly string[] PriceColumns = ["pricelist", "sku", "minquantity", "price"];

    public sealed record RowError(long Line, string Reason);

    public sealed record Result(int Read, int Imported, IReadOnlyList<RowError> Errors, string? FileError = null);

    public static (char Delimiter, CultureInfo Culture) Settings(Format format) =>
        format == Format.German ? (';', CultureInfo.GetCultureInfo("de-DE")) : (',', CultureInfo.InvariantCulture);

    public async Task ExportAsync(Kind kind, Format format, Stream output, CancellationToken cancellationToken)
    {
        var (delimiter, culture) = Settings(format);
        await using var writer = new StreamWriter(output, new UTF8Encoding(true), leaveOpen: true);
        using var csv = SpreadsheetCsv.Create(writer, delimiter);
        void Row(IEnumerable<string?> fields) => csv.Row(fields);

        string Number(decimal? value) => value?.ToString("0.####", culture) ?? "";
        if (kind == Kind.Products)
        {
            Row(ProductColumns);
            var rows = db.PackSizes.AsNoTracking().OrderBy(s => s.Product!.Name).ThenBy(s => s.UnitsPerPack)
                .Select(s => new { s.Sku, Product = s.Product!.Name, ProductDe = s.Product.NameDe, s.Product.Description, DescriptionDe = s.Product.DescriptionDe, Category = s.Product.Category!.Name, s.Product.BaseUnit, s.Product.TaxRate, s.Name, s.NameDe, s.UnitsPerPack, s.IsSmallPack, s.Gtin, s.WeightKg, s.CostPrice, s.LeadTimeDays, s.IsActive })
                .AsAsyncEnumerable();
            await foreach (var r in rows.WithCancellation(cancellationToken))
            {
                Row([r.Sku, r.Product, r.ProductDe, r.Description, r.DescriptionDe, r.Category, r.BaseUnit, Number(r.TaxRate), r.Name, r.NameDe, Number(r.UnitsPerPack), r.IsSmallPack ? "1" : "0", r.Gtin, Number(r.WeightKg), Number(r.CostPrice), r.LeadTimeDays.ToString(culture), r.IsActive ? "1" : "0"]);
            }
        }
        else
        {
            Row(PriceColumns);
            var rows = db.PriceListEntries.AsNoTracking()
                .Join(db.PriceLists, e => e.PriceListId, l => l.Id, (e, l) => new { l.Code, e.PackSize!.Sku, e.MinQuantity, e.UnitPrice })
                .OrderBy(r => r.Code).ThenBy(r => r.Sku).ThenBy(r => r.MinQuantity)
                .AsAsyncEnumerable();
            await foreach (var r in rows.WithCancellation(cancellationToken))
            {
                Row([r.Code, r.Sku, r.MinQuantity.ToString(culture), Number(r.UnitPrice)]);
            }
        }

        csv.Flush();
    }

    public async Task<Result> ImportAsync(Kind kind, Format format, Stream input, CancellationToken cancellationToken)
    {
        var (delimiter, culture) = Settings(format);
        var columns = kind == Kind.Products ? ProductColumns : PriceColumns;
        using var csv = CsvReader.Create(input, CsvReaderOptions.Default with
        {
            Separator = delimiter,
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            FormatProvider = culture,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
        }, leaveOpen: true);
        csv.ReadHeader();
        var index = csv.Headers.Select((name, i) => (name: name.Trim().TrimStart('\uFEFF'), i))
            .GroupBy(h => h.name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);
        var required = kind == Kind.Products ? new[] { "sku" } : PriceColumns;
        var missing = required.Where(c => !index.ContainsKey(c)).ToList();
        if (csv.Headers.Count == 0 || missing.Count > 0)
        {
            return new Result(0, 0, [], $"The file needs a header row with the columns {string.Join(delimiter, columns)}; missing: {string.Join(", ", missing.DefaultIfEmpty(columns[0]))}.");
        }

        var rows = new List<(long Line, Dictionary<string, string?> Values)>();
        while (csv.Read())
        {
            var values = index.ToDictionary(c => c.Key, c => c.Value < csv.FieldCount && csv.GetString(c.Value) is { Length: > 0 } v ? SpreadsheetCsv.Restore(v) : null, StringComparer.OrdinalIgnoreCase);
            if (values.Values.All(v => v is null))
            {
                continue;
            }

            rows.Add((csv.LineNumber, values));
        }

        var parser = new FieldParser(culture);
        return kind == Kind.Products
            ? await ImportProductsAsync(rows, parser, cancellationToken)
            : await ImportPricesAsync(rows, parser, cancellationToken);
    }

    private async Task<Result> ImportPricesAsync(List<(long Line, Dictionary<string, string?> Values)> rows, FieldParser parser, CancellationToken cancellationToken)
    {
        var lists = await db.PriceLists.AsNoTracking().ToDictionaryAsync(l => l.Code, l => l, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var skus = rows.Select(r => r.Values.GetValueOrDefault("sku")).OfType<string>().Distinct().ToList();
        var packs = (await db.PackSizes.AsNoTracking().Where(s => skus.Contains(s.Sku)).Select(s => new { s.Id, s.Sku }).ToListAsync(cancellationToken))
            .ToDictionary(s => s.Sku, s => s.Id, StringComparer.OrdinalIgnoreCase);
        var errors = new List<RowError>();
        var accepted = new Dictionary<(int List, int Pack, int Min), (long Line, decimal Price)>();
        foreach (var (line, values) in rows)
        {
            try
            {
                var code = FieldParser.Required(Wrap(values), "pricelist");
                var list = lists.GetValueOrDefault(code) ?? throw new RowRejectedException($"Unknown price list '{code}'");
                var sku = FieldParser.Required(Wrap(values), "sku");
                var pack = packs.TryGetValue(sku, out var id) ? id : throw new RowRejectedException($"Unknown SKU '{sku}'");
                var min = parser.Integer(FieldParser.Required(Wrap(values), "minquantity"), "minquantity");
                if (min < 1)
                {
                    throw new RowRejectedException("minquantity must be at least 1");
                }

                var price = parser.Decimal(FieldParser.Required(Wrap(values), "price"), "price");
                if (price < 0 || price > 1_000_000)
                {
                    throw new RowRejectedException($"price {price.ToString(CultureInfo.InvariantCulture)} is outside 0 to 1,000,000");
                }

                if (accepted.TryGetValue((list.Id, pack, min), out var earlier))
                {
                    throw new RowRejectedException($"Same price list, SKU and minquantity as line {earlier.Line}");
                }

                accepted[(list.Id, pack, min)] = (line, Math.Round(price, 4));
            }
            catch (RowRejectedException e)
            {
                errors.Add(new RowError(line, e.Message));
            }
        }

        // A tier set per list and pack: the rows given are upserted; tiers the file does not name stay.
        var packIds = accepted.Keys.Select(k => k.Pack).Distinct().ToList();
        var listIds = accepted.Keys.Select(k => k.List).Distinct().ToList();
        var existing = (await db.PriceListEntries.Where(e => listIds.Contains(e.PriceListId) && packIds.Contains(e.PackSizeId)).ToListAsync(cancellationToken))
            .ToLookup(e => (e.PriceListId, e.PackSizeId));
        var skuOf = packs.ToDictionary(p => p.Value, p => p.Key);
        foreach (var group in accepted.GroupBy(a => a.Key.List))
        {
            var changes = new List<FieldChange>();
            foreach (var pack in group.GroupBy(a => a.Key.Pack))
            {
                var current = existing[(group.Key, pack.Key)].ToList();
                var wanted = current.Where(e => pack.All(p => p.Key.Min != e.MinQuantity)).Select(e => (MinQuantity: e.MinQuantity, UnitPrice: e.UnitPrice))
                    .Concat(pack.Select(p => (MinQuantity: p.Key.Min, UnitPrice: p.Value.Price))).ToList();
                if (wanted.All(w => w.MinQuantity != 1))
                {
                    foreach (var p in pack)
                    {
                        errors.Add(new RowError(p.Value.Line, "The pack has no price from 1 pack in this list; add a row with minquantity 1"));
                    }

                    continue;
                }

                changes.AddRange(prices.Apply(group.Key, pack.Key, skuOf[pack.Key], current, wanted));
            }

            if (changes.Count > 0)
            {
                var list = lists.Values.Single(l => l.Id == group.Key);
                audit.Record(AuditItemTypes.PriceList, PriceEditor.Key(list.Id), list.Name, AuditAction.Imported, changes);
            }
        }

        await audit.SaveChangesAsync(cancellationToken);
        return new Result(rows.Count, rows.Count - errors.Select(e => e.Line).Distinct().Count(), errors.OrderBy(e => e.Line).ToList());
    }

    private async Task<Result> ImportProductsAsync(List<(long Line, Dictionary<string, string?> Values)> rows, FieldParser parser, CancellationToken cancellationToken)
    {
        // A category is named in either language.
        var categories = new Dictionary<string, Category>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in await db.Categories.ToListAsync(cancellationToken))
        {
            categories.TryAdd(c.Name, c);
            if (c.NameDe is { Length: > 0 } german)
            {
                categories.TryAdd(german, c);
            }
        }

        var errors = new List<RowError>();
        var imported = 0;
        var seen = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var (line, values) in rows)
        {
            var record = Wrap(values);
            try
            {
                var sku = FieldParser.Required(record, "sku");
                if (sku.Length > 64 || !sku.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
                {
                    throw new RowRejectedException($"sku '{sku}' may hold letters, digits, dot, dash and underscore only (at most 64)");
                }

                if (seen.TryGetValue(sku, out var earlier))
                {
                    throw new RowRejectedException($"SKU {sku} already appears in line {earlier}");
                }

                var upper = sku.ToUpperInvariant();
                var pack = await db.PackSizes.Include(s => s.Product!).ThenInclude(p => p.PackSizes).SingleOrDefaultAsync(s => s.Sku.ToUpper() == upper, cancellationToken);
                var product = pack?.Product;
                var productName = record["product"];
                if (product is null || (productName is not null && productName != product.Name && pack is null))
                {
                    if (productName is null)
                    {
                        throw new RowRejectedException($"SKU {sku} is new: product is needed");
                    }

                    product = await db.Products.Include(p => p.PackSizes).FirstOrDefaultAsync(p => p.Name == productName, cancellationToken);
                }

                if (product is null)
                {
                    var categoryName = FieldParser.Required(record, "category");
                    var category = categories.GetValueOrDefault(categoryName) ?? throw new RowRejectedException($"Unknown category '{categoryName}'");
                    product = new Product { Name = FieldParser.Text(productName!, "product", 200), BaseUnit = FieldParser.Text(FieldParser.Required(record, "unit"), "unit", 16), CategoryId = category.Id };
                    db.Products.Add(product);
                }

                if (pack is null)
                {
                    pack = new PackSize { Sku = sku, Name = FieldParser.Text(FieldParser.Required(record, "pack"), "pack", 100), Product = product };
                    product.PackSizes.Add(pack);
                }

                if (record["category"] is { } cat)
                {
                    product.CategoryId = (categories.GetValueOrDefault(cat) ?? throw new RowRejectedException($"Unknown category '{cat}'")).Id;
                }

                if (record["unit"] is { } unit)
                {
                    product.BaseUnit = FieldParser.Text(unit, "unit", 16);
                }

                if (record["tax"] is { } tax)
                {
                    var rate = parser.Decimal(tax, "tax");
                    product.TaxRate = rate is >= 0 and < 1 ? rate : throw new RowRejectedException("tax is a fraction such as 0.19");
                }

                if (record["pack"] is { } packName)
                {
                    pack.Name = FieldParser.Text(packName, "pack", 100);
                }

                if (record["pack_de"] is { } packNameDe)
                {
                    pack.NameDe = FieldParser.Text(packNameDe, "pack_de", 100);
                }

                if (record["product_de"] is { } productNameDe)
                {
                    product.NameDe = FieldParser.Text(productNameDe, "product_de", 200);
                }

                if (record["description"] is { } description)
                {
                    product.Description = FieldParser.Text(description, "description", 4000);
                }

                if (record["description_de"] is { } descriptionDe)
                {
                    product.DescriptionDe = FieldParser.Text(descriptionDe, "description_de", 4000);
                }

                if (record["units"] is { } units)
                {
                    var value = parser.Decimal(units, "units");
                    pack.UnitsPerPack = value > 0 ? value : throw new RowRejectedException("units must be more than 0");
                }

                if (record["small"] is { } small)
                {
                    pack.IsSmallPack = Flag(small, "small");
                }

                if (record["gtin"] is { } gtin)
                {
                    pack.Gtin = Gtin.IsValid(gtin) ? gtin : throw new RowRejectedException($"gtin '{gtin}' is not a valid GTIN (8, 12, 13 or 14 digits with check digit)");
                }

                if (record["weight"] is { } weight)
                {
                    var value = parser.Decimal(weight, "weight");
                    pack.WeightKg = value >= 0 ? value : throw new RowRejectedException("weight cannot be negative");
                }

                if (record["cost"] is { } cost)
                {
                    var value = parser.Decimal(cost, "cost");
                    pack.CostPrice = value >= 0 ? value : throw new RowRejectedException("cost cannot be negative");
                }

                if (record["leadtime"] is { } lead)
                {
                    var value = parser.Integer(lead, "leadtime");
                    pack.LeadTimeDays = value is >= 0 and <= 365 ? value : throw new RowRejectedException("leadtime must be 0 to 365 days");
                }

                if (record["active"] is { } active)
                {
                    pack.IsActive = Flag(active, "active");
                }

                product.SearchText = SearchText.ForProduct(product);
                var auditName = product.Name.Length > 0 ? product.Name : product.NameDe ?? "";
                audit.RecordChanges(product, AuditItemTypes.Product, auditName);
                audit.RecordChanges(pack, AuditItemTypes.PackSize, $"{auditName} – {pack.Name}");
                // Each row on its own: a bad row never takes good ones down with it.
                await audit.SaveChangesAsync(cancellationToken);
                seen[sku] = line;
                imported++;
            }
            catch (RowRejectedException e)
            {
                db.ChangeTracker.Clear();
                audit.Discard();
                errors.Add(new RowError(line, e.Message));
            }
        }

        return new Result(rows.Count, imported, errors);
    }

    private static bool Flag(string value, string key) => value.Trim().ToLowerInvariant() switch
    {
        "1" or "yes" or "ja" or "true" or "x" => true,
        "0" or "no" or "nein" or "false" or "" => false,
        _ => throw new RowRejectedException($"{key} '{value}' is not 1 or 0"),
    };

    private static CsvRecord Wrap(Dictionary<string, string?> values) => new(0, "", values, false);
}
