using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Data;
using Portal.ProductManagement;

namespace Portal.Import;

/// Products and their pack sizes, one row per pack size keyed by SKU. The ERP import (command line, admin upload) and
/// the product managers' offer CSV (/pm/offer-csv) are this one import, and its vocabulary is the offer export's
/// header, so that an exported file edited in Excel imports again as it is and changes only what was edited.
///
/// SKUs are unique without regard to case (see Skus): of two rows with one SKU the second is rejected. A new SKU joins the product of the same name (the rows of one
/// product's pack sizes repeat its name) or makes a new product. Every product and pack size created or changed is
/// in the audit trail, under the signed-in user or, from the command line, "System".
///
/// Where the file comes from decides only what happens to what Portal does not know yet. The ERP is the system of
/// record: a new SKU without product, unit or pack gets a default (the SKU, piece, "Unit") and a category Portal
/// does not know is created. A product manager's upload must name them and may only name existing categories: a
/// typo would otherwise make a category that no page can remove.
internal sealed class ProductImport(PortalDbContext db, AuditTrail audit, FieldParser parser, ProductImport.Origin origin) : IBatchImport
{
    public enum Origin
    {
        Erp,
        ProductManager,
    }

    public static readonly IReadOnlyList<ImportField> Fields =
    [
        new("sku", true, "the SKU (natural key)"),
        new("product", false, "product name", Aliases: ["name"]),
        new("product_de", false, "product name in German", Aliases: ["name_de"]),
        new("description", false, "Description"),
        new("description_de", false, "description in German"),
        new("category", false, "category name"),
        new("unit", false, "base unit (piece, l, kg, m)"),
        new("tax", false, "VAT rate as a fraction, e.g. 0.19"),
        new("pack", false, "pack size name"),
        new("pack_de", false, "pack size name in German"),
        new("units", false, "base units per pack"),
        new("small", false, "Small pack", ["1", "0"]),
        new("gtin", false, "GTIN / EAN"),
        new("weight", false, "Weight (kg)"),
        new("cost", false, "cost price per pack"),
        new("leadtime", false, "Lead time (days)"),
        new("active", false, "Active", ["1", "0"]),
    ];

    private readonly ImportCategories categories = new(db);

    /// Told the line and the outcome ("Created", "Updated", "Unchanged") of each row applied: the API answers per item.
    public Action<long, string>? RowApplied { get; init; }

    // The file's SKUs with the line that imported each: a second row for one SKU is refused, whichever batch it is in.
    private readonly Dictionary<string, long> seen = new(StringComparer.OrdinalIgnoreCase);

    private sealed record Row(
        CsvRecord Record, string Sku, string? Product, string? ProductDe, string? Description, string? DescriptionDe, string? Category, string? Unit, decimal? Tax,
        string? Pack, string? PackDe, decimal? Units, bool? Small, string? Gtin, decimal? Weight, decimal? Cost, int? LeadTime, bool? Active);

    private enum Outcome
    {
        Created,
        Updated,
        Unchanged,
    }

    public async Task ImportAsync(IReadOnlyList<CsvRecord> batch, ImportSummary summary, List<Rejection> rejected, CancellationToken cancellationToken)
    {
        var rows = BatchImport.Parse(batch, Parse, rejected);

        var packs = await PackSizesAsync(rows, cancellationToken);
        var products = await ProductsByNameAsync(rows, packs, cancellationToken);
        await CreateCategoriesAsync(rows, packs, cancellationToken);
        var touched = new List<(Product Product, PackSize Pack)>();
        foreach (var row in rows)
        {
            try
            {
                // Everything that can refuse the row is checked before the first change, so a refused row leaves
                // nothing behind for the batch's SaveChanges.
                var outcome = await ApplyAsync(row, packs, products, touched, cancellationToken);
                RowApplied?.Invoke(row.Record.Line, outcome.ToString());
                switch (outcome)
                {
                    case Outcome.Created:
                        summary.Created++;
                        break;
                    case Outcome.Updated:
                        summary.Updated++;
                        break;
                    default:
                        summary.Unchanged++;
                        break;
                }

                seen[row.Sku] = row.Record.Line;
            }
            catch (RowRejectedException e)
            {
                rejected.Add(new(row.Record, e.Message));
            }
        }

        db.ChangeTracker.DetectChanges();
        RecordInAuditTrail(touched);
        await audit.SaveChangesAsync(cancellationToken);
    }

    private Row Parse(CsvRecord record)
    {
        FieldParser.RejectMalformed(record);
        var sku = FieldParser.Required(record, "sku");
        if (sku.Length > 64 || !sku.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw new RowRejectedException($"sku '{sku}' may hold letters, digits, dot, dash and underscore only (at most 64)");
        }

        var tax = FieldParser.Round(parser.OptionalDecimal(record["tax"], "tax"), 4);
        if (tax is < 0 or >= 1)
        {
            throw new RowRejectedException($"tax '{record["tax"]}' is not a rate between 0 and 1 (0.19 for 19 %)");
        }

        var units = FieldParser.Round(parser.OptionalDecimal(record["units"], "units"), 4);
        if (units is <= 0)
        {
            throw new RowRejectedException($"units '{record["units"]}' must be above zero");
        }

        var gtin = record["gtin"];
        if (gtin is not null && !Gtin.IsValid(gtin))
        {
            throw new RowRejectedException($"gtin '{gtin}' is not a valid GTIN (8, 12, 13 or 14 digits with check digit)");
        }

        var weight = FieldParser.Round(parser.OptionalDecimal(record["weight"], "weight"), 3);
        var cost = FieldParser.Round(parser.OptionalDecimal(record["cost"], "cost"), 4);
        var leadTime = record["leadtime"] is { } lead ? parser.Integer(lead, "leadtime") : (int?)null;
        return new Row(
            record,
            sku,
            FieldParser.OptionalText(record, "product", 200),
            FieldParser.OptionalText(record, "product_de", 200),
            FieldParser.OptionalText(record, "description", 4000),
            FieldParser.OptionalText(record, "description_de", 4000),
            FieldParser.OptionalText(record, "category", 100),
            FieldParser.OptionalText(record, "unit", 16),
            tax,
            FieldParser.OptionalText(record, "pack", 100),
            FieldParser.OptionalText(record, "pack_de", 100),
            units,
            FieldParser.OptionalFlag(record, "small"),
            gtin,
            weight is < 0 ? throw new RowRejectedException("weight cannot be negative") : weight,
            cost is < 0 ? throw new RowRejectedException("cost cannot be negative") : cost,
            leadTime is < 0 or > 365 ? throw new RowRejectedException("leadtime must be 0 to 365 days") : leadTime,
            FieldParser.OptionalFlag(record, "active"));
    }

    /// The batch's pack sizes already in Portal, by SKU without regard to case, with their products and siblings
    /// (the product's search text names every pack size).
    private async Task<ILookup<string, PackSize>> PackSizesAsync(List<Row> rows, CancellationToken cancellationToken)
    {
        var skus = rows.Select(r => r.Sku.ToUpperInvariant()).Distinct().ToList();
        var found = await db.PackSizes.Include(s => s.Product!).ThenInclude(p => p.PackSizes)
            .Where(s => skus.Contains(s.Sku.ToUpper())).ToListAsync(cancellationToken);
        return found.ToLookup(s => s.Sku, StringComparer.OrdinalIgnoreCase);
    }

    /// The products that the batch's new SKUs name, for a new SKU to join as another pack size.
    private async Task<Dictionary<string, Product>> ProductsByNameAsync(List<Row> rows, ILookup<string, PackSize> packs, CancellationToken cancellationToken)
    {
        var names = rows.Where(r => !packs.Contains(r.Sku)).Select(ProductNameOfNewSku).OfType<string>().Distinct().ToList();
        var found = await db.Products.Include(p => p.PackSizes).Where(p => names.Contains(p.Name)).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        return found.GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    // Before any row is applied: a new category is saved at once, which must not save half a batch with it.
    private async Task CreateCategoriesAsync(List<Row> rows, ILookup<string, PackSize> packs, CancellationToken cancellationToken)
    {
        if (origin != Origin.Erp)
        {
            return;
        }

        var names = rows.Select(r => r.Category ?? (packs.Contains(r.Sku) ? null : ImportCategories.Imported)).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            await categories.FindOrCreateAsync(name, cancellationToken);
        }
    }

    private async Task<Outcome> ApplyAsync(Row row, ILookup<string, PackSize> packs, Dictionary<string, Product> products, List<(Product, PackSize)> touched, CancellationToken cancellationToken)
    {
        if (seen.TryGetValue(row.Sku, out var earlier))
        {
            throw new RowRejectedException($"SKU {row.Sku} already appears in line {earlier}");
        }

        int? categoryId = row.Category is { } category
            ? await categories.FindAsync(category, cancellationToken) ?? throw new RowRejectedException($"Unknown category '{category}'")
            : null;
        var pack = Skus.Match(packs[row.Sku], p => p.Sku, row.Sku);
        var created = pack is null;
        pack ??= await NewPackSizeAsync(row, categoryId, products, cancellationToken);
        var product = pack.Product!;
        var changed = Update(product, pack, row, categoryId);
        if (!created && !changed)
        {
            return Outcome.Unchanged;
        }

        product.SearchText = SearchText.ForProduct(product);
        touched.Add((product, pack));
        return created ? Outcome.Created : Outcome.Updated;
    }

    private string? ProductNameOfNewSku(Row row) => row.Product ?? (origin == Origin.Erp ? row.Sku : null);

    private async Task<PackSize> NewPackSizeAsync(Row row, int? categoryId, Dictionary<string, Product> products, CancellationToken cancellationToken)
    {
        var name = ProductNameOfNewSku(row) ?? throw new RowRejectedException($"SKU {row.Sku} is new: product is needed");
        var erp = origin == Origin.Erp;
        if (!products.TryGetValue(name, out var product))
        {
            var category = categoryId ?? (erp ? await categories.FindAsync(ImportCategories.Imported, cancellationToken) : null) ?? throw Missing("category");
            product = new Product { Name = name, BaseUnit = row.Unit ?? (erp ? "piece" : throw Missing("unit")), CategoryId = category };
        }

        var pack = new PackSize { Sku = row.Sku, Name = row.Pack ?? (erp ? "Unit" : throw Missing("pack")), Product = product };
        product.PackSizes.Add(pack);
        db.PackSizes.Add(pack);
        products[name] = product;
        return pack;
    }

    private static RowRejectedException Missing(string key) => new($"{key} is missing");

    private static bool Update(Product product, PackSize pack, Row row, int? categoryId)
    {
        var changed = false;
        if (Incoming.ChangesText(product.Name, row.Product)) { product.Name = row.Product!; changed = true; }
        if (Incoming.ChangesText(product.NameDe, row.ProductDe)) { product.NameDe = row.ProductDe; changed = true; }
        if (Incoming.ChangesText(product.Description, row.Description)) { product.Description = row.Description!; changed = true; }
        if (Incoming.ChangesText(product.DescriptionDe, row.DescriptionDe)) { product.DescriptionDe = row.DescriptionDe; changed = true; }
        if (Incoming.ChangesValue(product.CategoryId, categoryId)) { product.CategoryId = categoryId!.Value; changed = true; }
        if (Incoming.ChangesText(product.BaseUnit, row.Unit)) { product.BaseUnit = row.Unit!; changed = true; }
        if (Incoming.ChangesValue(product.TaxRate, row.Tax)) { product.TaxRate = row.Tax!.Value; changed = true; }
        if (Incoming.ChangesText(pack.Name, row.Pack)) { pack.Name = row.Pack!; changed = true; }
        if (Incoming.ChangesText(pack.NameDe, row.PackDe)) { pack.NameDe = row.PackDe; changed = true; }
        if (Incoming.ChangesValue(pack.UnitsPerPack, row.Units)) { pack.UnitsPerPack = row.Units!.Value; changed = true; }
        if (Incoming.ChangesValue(pack.IsSmallPack, row.Small)) { pack.IsSmallPack = row.Small!.Value; changed = true; }
        if (Incoming.ChangesText(pack.Gtin, row.Gtin)) { pack.Gtin = row.Gtin; changed = true; }
        if (Incoming.ChangesNullable(pack.WeightKg, row.Weight)) { pack.WeightKg = row.Weight; changed = true; }
        if (Incoming.ChangesNullable(pack.CostPrice, row.Cost)) { pack.CostPrice = row.Cost; changed = true; }
        if (Incoming.ChangesValue(pack.LeadTimeDays, row.LeadTime)) { pack.LeadTimeDays = row.LeadTime!.Value; changed = true; }
        if (Incoming.ChangesValue(pack.IsActive, row.Active)) { pack.IsActive = row.Active!.Value; changed = true; }
        return changed;
    }

    // A product with several changed pack sizes in the batch gets one entry with all its changes; each pack size its own.
    private void RecordInAuditTrail(List<(Product Product, PackSize Pack)> touched)
    {
        var recorded = new HashSet<Product>(ReferenceEqualityComparer.Instance);
        foreach (var (product, pack) in touched)
        {
            // A German-only product is named by its German name.
            var name = product.Name.Length > 0 ? product.Name : product.NameDe ?? "";
            if (recorded.Add(product))
            {
                audit.RecordDetectedChanges(product, AuditItemTypes.Product, name);
            }

            audit.RecordDetectedChanges(pack, AuditItemTypes.PackSize, $"{name} – {pack.Name}");
        }
    }
}
