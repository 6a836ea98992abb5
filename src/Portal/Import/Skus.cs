namespace Portal.Import;

/// SKUs are unique without regard to case, as the product editor keeps them: "wp-1" in a file is the pack size WP-1.
/// Only pack sizes that the order import made from an ERP's lines can differ in case alone; then the file's exact
/// spelling decides, and without it the row cannot tell which one it means.
internal static class Skus
{
    public static T? Match<T>(IEnumerable<T> candidates, Func<T, string> skuOf, string sku)
        where T : class
    {
        var matches = candidates.Where(c => string.Equals(skuOf(c), sku, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count <= 1
            ? matches.SingleOrDefault()
            : matches.SingleOrDefault(c => skuOf(c) == sku) ?? throw new RowRejectedException($"SKU {sku} matches several pack sizes: {string.Join(", ", matches.Select(skuOf))}");
    }
}
