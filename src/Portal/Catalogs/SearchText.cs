using System.Globalization;
using System.Text;

namespace Portal.Catalogs;

/// Folds text for search so that "Farbe", "FARBE" and "farbe" match, and "Wärme" is found by "warme" and "waerme".
public static class SearchText
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var lower = text.ToLowerInvariant()
            .Replace("ä", "a", StringComparison.Ordinal).Replace("ö", "o", StringComparison.Ordinal)
            .Replace("ü", "u", StringComparison.Ordinal).Replace("ß", "ss", StringComparison.Ordinal)
            .Replace("ae", "a", StringComparison.Ordinal).Replace("oe", "o", StringComparison.Ordinal)
            .Replace("ue", "u", StringComparison.Ordinal);
        var decomposed = lower.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    public static string ForProduct(Product product) =>
        Fold(string.Join(' ', [product.Name, product.NameDe ?? "", product.Description, product.DescriptionDe ?? "", product.Manufacturer ?? "",
            .. product.PackSizes.Select(p => $"{p.Sku} {p.Name} {p.NameDe}")]));
}
