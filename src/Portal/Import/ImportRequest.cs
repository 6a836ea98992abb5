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
        ImportKind.Customers => CustomerImport.Fields,
        ImportKind.Products => ProductImport.Fields,
        _ => OrderLineImport.Fields,
    };

    /// "order=Invoice,customer=Customer ID" → field → column. Field keys are checked against the kind's fields.
    public static IReadOnlyDictionary<string, string> ParseMap(ImportKind kind, string? map)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(map))
        {
            return result;
        }

        var fields = FieldsOf(kind);
        var known = fields.Select(f => f.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in map.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new ImportSetupException($"--map entry '{pair}' is not field=Column.");
            }

            // An older name of a field (the product import's "name" before it read the offer CSV's "product") maps
            // to the field, so that scripts written for it keep working.
            var field = fields.FirstOrDefault(f => f.Names.Contains(parts[0], StringComparer.OrdinalIgnoreCase))
                ?? throw new ImportSetupException($"--map names the unknown field '{parts[0]}'; the fields for {kind.ToString().ToLowerInvariant()} are {string.Join(", ", known)}.");
            result[field.Key] = parts[1];
        }

        return result;
    }

    public static string DefaultRejectsPath(string filePath) => filePath + ".rejects.csv";
}

/// A column an import reads. Meaning is English (the translation key); Values are the literal values the column takes;
/// Aliases are older names the column is still found under.
public sealed record ImportField(string Key, bool Required, string Meaning, string[]? Values = null, string[]? Aliases = null)
{
    public IEnumerable<string> Names => [Key, .. Aliases ?? []];
}

/// The import cannot start (file missing, a column not found, a bad option): nothing was imported. MissingFields
/// names the required fields the header lacks, for a caller that words this its own way.
public sealed class ImportSetupException(string message, IReadOnlyList<string>? missingFields = null) : Exception(message)
{
    public IReadOnlyList<string> MissingFields { get; } = missingFields ?? [];
}

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
