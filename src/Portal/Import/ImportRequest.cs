using System.Globalization;
using Portal.Ordering;

namespace Portal.Import;

public enum ImportKind
{
    Customers,
    Products,
    Orders,
}

/// One import as the operator asked for it: which file, how its columns map to Portal's fields, and how to read it.
public sealed record ImportRequest(
    ImportKind Kind,
    string FilePath,
    IReadOnlyDictionary<string, string> Map,
    CultureInfo Culture,
    string Delimiter,
    OrderChannel DefaultChannel,
    string RejectsPath)
{
    public static IReadOnlyList<ImportField> FieldsOf(ImportKind kind) => kind switch
    {
        ImportKind.Customers =>
        [
            new("customer", true, "the customer number (natural key)"),
            new("name", false, "company name"),
            new("potential", false, "revenue potential per year"),
            new("creditlimit", false, "Credit limit"),
            new("vatid", false, "VAT ID"),
            new("language", false, "preferred language, en or de"),
        ],
        ImportKind.Products =>
        [
            new("sku", true, "the SKU (natural key)"),
            new("name", false, "product name"),
            new("name_de", false, "product name in German"),
            new("description", false, "Description"),
            new("description_de", false, "description in German"),
            new("category", false, "category name"),
            new("unit", false, "base unit (piece, l, kg, m)"),
            new("pack", false, "pack size name"),
            new("pack_de", false, "pack size name in German"),
            new("units", false, "base units per pack"),
            new("cost", false, "cost price per pack"),
            new("tax", false, "VAT rate as a fraction, e.g. 0.19"),
        ],
        _ =>
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
        ],
    };

    /// "order=Invoice,customer=Customer ID" → field → column. Field keys are checked against the kind's fields.
    public static IReadOnlyDictionary<string, string> ParseMap(ImportKind kind, string? map)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(map))
        {
            return result;
        }

        var known = FieldsOf(kind).Select(f => f.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in map.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new ImportSetupException($"--map entry '{pair}' is not field=Column.");
            }

            if (!known.Contains(parts[0]))
            {
                throw new ImportSetupException($"--map names the unknown field '{parts[0]}'; the fields for {kind.ToString().ToLowerInvariant()} are {string.Join(", ", known)}.");
            }

            result[parts[0]] = parts[1];
        }

        return result;
    }

    public static string DefaultRejectsPath(string filePath) => filePath + ".rejects.csv";
}

/// A column an import reads. Meaning is English (the translation key); Values are the literal values the column takes.
public sealed record ImportField(string Key, bool Required, string Meaning, string[]? Values = null);

/// The import cannot start (file missing, a column not found, a bad option): nothing was imported.
public sealed class ImportSetupException(string message) : Exception(message);

public sealed class ImportSummary
{
    public ImportKind Kind { get; init; }
    public long Read { get; set; }
    public long Created { get; set; }
    public long Updated { get; set; }
    public long Unchanged { get; set; }
    public long Rejected { get; set; }
    public long OrdersCreated { get; set; }
    public long CustomersCreated { get; set; }
    public long ProductsCreated { get; set; }
    public string? RejectsPath { get; set; }
    public TimeSpan Elapsed { get; set; }

    public override string ToString()
    {
        var culture = CultureInfo.InvariantCulture;
        var unit = Kind == ImportKind.Orders ? "lines" : Kind.ToString().ToLowerInvariant();
        var text = string.Format(culture, "{0}: {1:N0} {2} read, {3:N0} imported, {4:N0} updated, {5:N0} already present, {6:N0} rejected", Kind.ToString().ToLowerInvariant(), Read, unit, Created, Updated, Unchanged, Rejected);
        if (Kind == ImportKind.Orders)
        {
            text += string.Format(culture, "; {0:N0} orders created, {1:N0} unknown customers and {2:N0} unknown products created as minimal records", OrdersCreated, CustomersCreated, ProductsCreated);
        }

        text += string.Format(culture, " ({0:0.0} s).", Elapsed.TotalSeconds);
        if (Rejected > 0)
        {
            text += $" Rejected rows with line number and reason: {RejectsPath}";
        }

        return text;
    }
}
