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

    public static string? OptionalText(CsvRecord record, string key, int maxLength) => record[key] is { } value ? Text(value, key, maxLength) : null;

    /// A yes/no column as spreadsheets write it, in English or German.
    public static bool? OptionalFlag(CsvRecord record, string key) => record[key] is not { } value ? null : value.Trim().ToLowerInvariant() switch
    {
        "1" or "yes" or "ja" or "true" or "x" => true,
        "0" or "no" or "nein" or "false" or "" => false,
        _ => throw new RowRejectedException($"{key} '{value}' is not 1 or 0"),
    };

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

    public static void RejectMalformed(CsvRecord record)
    {
        if (record.Malformed)
        {
            throw new RowRejectedException("malformed CSV (a quote out of place)");
        }
    }

    // To the precision of the column, so that a second import compares equal to what the first one stored.
    public static decimal? Round(decimal? value, int decimals) => value is { } v ? Math.Round(v, decimals, MidpointRounding.AwayFromZero) : null;

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

/// A value from the file counts when the file has one and it differs; an empty cell keeps what Portal has.
internal static class Incoming
{
    // Every cell is read trimmed, so a file cannot say " Paint": a stored text that differs only in white space
    // around it was not edited (an exported file imports again unchanged).
    public static bool ChangesText(string? current, string? incoming) => incoming is not null && !string.Equals(current?.Trim(), incoming, StringComparison.Ordinal);

    public static bool ChangesValue<T>(T current, T? incoming)
        where T : struct => incoming is { } value && !EqualityComparer<T>.Default.Equals(current, value);

    public static bool ChangesNullable<T>(T? current, T? incoming)
        where T : struct => incoming is not null && !Nullable.Equals(current, incoming);
}
