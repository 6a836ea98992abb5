using System.Globalization;

namespace Portal.Localization;

/// Euro amounts in the reader's culture: "€1,234.50" in English, "1.234,50 €" in German.
public static class Money
{
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    public static string Format(decimal amount, CultureInfo? culture = null)
    {
        var format = (NumberFormatInfo)(culture ?? CultureInfo.CurrentCulture).NumberFormat.Clone();
        format.CurrencySymbol = "€";
        return amount.ToString("C2", format);
    }

    /// Thresholds and other round figures where cents are noise: "€50,000".
    public static string FormatWhole(decimal amount, CultureInfo? culture = null)
    {
        var format = (NumberFormatInfo)(culture ?? CultureInfo.CurrentCulture).NumberFormat.Clone();
        format.CurrencySymbol = "€";
        return amount.ToString("C0", format);
    }

    /// Prices per base unit can be fractions of a cent (€0.042 / piece); show up to three decimals then.
    public static string FormatUnitPrice(decimal amount, CultureInfo? culture = null)
    {
        var format = (NumberFormatInfo)(culture ?? CultureInfo.CurrentCulture).NumberFormat.Clone();
        format.CurrencySymbol = "€";
        return amount.ToString(Math.Round(amount, 2) == amount || amount >= 1 ? "C2" : "C3", format);
    }
}
