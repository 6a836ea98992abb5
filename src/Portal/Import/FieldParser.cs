using System.Globalization;
using System.Text;
using CsvHelper;
using Portal.Localization;
using Portal.Web;

namespace Portal.Import;

/// Numbers and dates read in the import's culture; every failure says which value and what was expected.
internal sealed class FieldParser(CultureInfo culture)
{
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK",
    ];

    public string Culture => culture.Name.Length == 0 ? "the invariant culture" : culture.Name;

    public static string Required(CsvRecord record, string key) =>
        record[key] ?? throw new RowRejectedException($"{key} is missing");

    public static string Text(string value, string key, int maxLength) =>
        value.Length <= maxLength ? value : throw new RowRejectedException($"{key} '{Shorten(value)}' is longer than {maxLength} characters");

    public decimal Decimal(string value, string key) =>
        decimal.TryParse(value, NumberStyles.Number, culture, out var result)
            ? result
            : throw new RowRejectedException($"{key} '{Shorten(value)}' is not a number in {Culture}");

    public decimal? OptionalDecimal(string? value, string key) => value is null ? null : Decimal(value, key);

    public int Integer(string value, string key) =>
        int.TryParse(value, NumberStyles.Integer | NumberStyles.AllowThousands, culture, out var result)
            ? result
            : throw new RowRejectedException($"{key} '{Shorten(value)}' is not a whole number in {Culture}");

    /// A date with an offset is that instant; without one it is the business's local time (as ERPs export).
    public DateTimeOffset Date(string value, string key)
    {
        var parsed = culture.Equals(CultureInfo.InvariantCulture)
            ? DateTime.TryParseExact(value, IsoFormats, culture, DateTimeStyles.RoundtripKind, out var iso) ? iso : (DateTime?)null
            : DateTime.TryParse(value, culture, DateTimeStyles.RoundtripKind, out var local) ? local : null;
        if (parsed is not { } date)
        {
            var expected = culture.Equals(CultureInfo.InvariantCulture) ? "an ISO date (yyyy-MM-dd with optional HH:mm[:ss])" : $"a date in {Culture}";
            throw new RowRejectedException($"{key} '{Shorten(value)}' is not {expected}");
        }

        return date.Kind == DateTimeKind.Unspecified ? Dates.FromBusinessTime(date) : new DateTimeOffset(date.ToUniversalTime(), TimeSpan.Zero);
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
