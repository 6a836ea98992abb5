using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Data;
using Portal.Ordering;

namespace Portal.Reordering;

/// Ordering by article number: rows typed in, pasted from a spreadsheet or uploaded as CSV. Every row is checked on
/// its own; the good ones go to the cart in one go, the bad ones come back with their message to be fixed. However
/// many rows there are, validation is a fixed handful of queries (all SKUs at once), never one per row.
public sealed partial class QuickOrder(PortalDbContext db, CatalogAccess catalog, CartService carts)
{
    public const int MaxLines = 10_000;
    public const long MaxUploadBytes = 2 * 1024 * 1024;

    public sealed record Row(string Sku, string Quantity, string? Message = null);

    public sealed record Merge(string Sku, int Rows, long Quantity);

    public sealed record Outcome(int Added, IReadOnlyList<Row> Invalid, IReadOnlyList<Merge> Merged);

    /// One row per non-empty line: "SKU<tab>qty", "SKU;qty", "SKU,qty" or "SKU qty" (the first of these separators
    /// found on the line wins, so a German "1,5" after a tab or semicolon stays one value). Quotes are dropped.
    /// Reads line by line; stops with null once more than MaxLines rows came in.
    public static async Task<List<Row>?> ParseAsync(TextReader reader, CancellationToken cancellationToken)
    {
        var rows = new List<Row>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var trimmed = line.Trim();
            var separator = trimmed.Contains('\t') ? '\t' : trimmed.Contains(';') ? ';' : trimmed.Contains(',') ? ',' : ' ';
            var at = trimmed.IndexOf(separator);
            var sku = Unquote(at < 0 ? trimmed : trimmed[..at]);
            var rest = at < 0 ? "" : trimmed[(at + 1)..].Trim();
            // "SKU,1,5" is a part pack typed the German way, not quantity 1 and a third column: it stays one value,
            // which the quantity check then refuses, instead of silently becoming 1.
            var quantity = separator == ',' && PartPackAfterComma().IsMatch(rest) ? rest : Unquote(rest.Split(separator)[0]);
            if (rows.Count == 0 && IsHeader(sku, quantity))
            {
                continue;
            }

            if (rows.Count == MaxLines)
            {
                return null;
            }

            rows.Add(new Row(sku, quantity));
        }

        return rows;
    }

    public async Task<Outcome> AddToCartAsync(string userId, int customerId, IReadOnlyList<Row> input, OrderChannel channel, CancellationToken cancellationToken)
    {
        var rows = input.Where(r => !string.IsNullOrWhiteSpace(r.Sku) || !string.IsNullOrWhiteSpace(r.Quantity))
            .Select(r => r with { Sku = r.Sku.Trim(), Quantity = r.Quantity.Trim(), Message = null })
            .ToList();
        var wanted = rows.Where(r => r.Sku.Length > 0).Select(r => r.Sku.ToUpperInvariant()).Distinct().ToList();
        var packs = await db.PackSizes.AsNoTracking()
            .Where(s => wanted.Contains(s.Sku.ToUpper()))
            .Select(s => new { s.Id, s.Sku, Discontinued = !s.IsActive || !s.Product!.IsActive })
            .ToListAsync(cancellationToken);
        var bySku = packs.ToDictionary(p => p.Sku.ToUpperInvariant(), StringComparer.Ordinal);
        var ids = packs.Select(p => p.Id).ToList();
        var visible = (await catalog.VisiblePackSizes(customerId).Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken)).ToHashSet();

        var invalid = new List<Row>();
        var valid = new List<(Row Row, int PackSizeId, int Quantity)>();
        foreach (var row in rows)
        {
            string? error;
            if (row.Sku.Length == 0)
            {
                error = "Please enter an article number.";
            }
            else if (!CartService.TryParseQuantity(row.Quantity, out var quantity, out error))
            {
                // error is set by the parser.
            }
            else if (!bySku.TryGetValue(row.Sku.ToUpperInvariant(), out var pack))
            {
                error = "Unknown article number.";
            }
            else if (pack.Discontinued)
            {
                error = "This article has been discontinued.";
            }
            else if (!visible.Contains(pack.Id))
            {
                error = "This article is not in your catalog.";
            }
            else
            {
                valid.Add((row, pack.Id, quantity));
                continue;
            }

            invalid.Add(row with { Message = error });
        }

        // Several rows for one article become one cart line; the buyer is told so.
        var merged = new List<Merge>();
        var lines = new List<CartService.BulkLine>();
        var rowsByPack = new Dictionary<int, Row>();
        foreach (var group in valid.GroupBy(v => v.PackSizeId))
        {
            var total = group.Sum(v => (long)v.Quantity);
            var first = group.First().Row;
            var sku = bySku[first.Sku.ToUpperInvariant()].Sku;
            if (total > CartService.MaxQuantity)
            {
                invalid.Add(new Row(sku, total.ToString(System.Globalization.CultureInfo.InvariantCulture), "At most 9,999 packs per line; for larger quantities please contact us."));
                continue;
            }

            if (group.Count() > 1)
            {
                merged.Add(new Merge(sku, group.Count(), total));
            }

            rowsByPack[group.Key] = new Row(sku, total.ToString(System.Globalization.CultureInfo.InvariantCulture));
            lines.Add(new CartService.BulkLine(group.Key, (int)total));
        }

        var refused = lines.Count == 0 ? new Dictionary<int, string>() : await carts.AddManyAsync(userId, customerId, lines, channel, cancellationToken);
        invalid.AddRange(refused.Select(r => rowsByPack[r.Key] with { Message = r.Value }));
        return new Outcome(lines.Count - refused.Count, invalid, merged);
    }

    private static string Unquote(string value) => value.Trim().Trim('"').Trim();

    private static bool IsHeader(string sku, string quantity) =>
        !quantity.Any(char.IsDigit) && sku.Length > 0 && (sku.Contains("sku", StringComparison.OrdinalIgnoreCase) || sku.Contains("art", StringComparison.OrdinalIgnoreCase));

    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9]+,[0-9]+$")]
    private static partial System.Text.RegularExpressions.Regex PartPackAfterComma();
}
