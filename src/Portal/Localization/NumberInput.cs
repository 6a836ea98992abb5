using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Localization;

/// How the portal reads a number a person typed, in one place. .NET's parsers take a group separator anywhere, so
/// "8,90" in English or "8.90" in German became 890: a price a hundred times too high, saved with a success message.
/// Here a separator is a group separator only where it groups digits in threes; otherwise a single separator is the
/// decimal mark, whichever language the page is in, because that is what the person meant:
///   English: 8.90 → 8.90, 8,90 → 8.90, 1,234.50 → 1234.50, 1,234 → 1234, 1.234,50 → 1234.50
///   German:  8,90 → 8.90, 8.90 → 8.90, 1.234,50 → 1234.50, 1.234 → 1234, 1,234.50 → 1234.50
/// Anything else (letters, two decimal marks, groups of two, exponents) is refused with a message that says why.
public static partial class NumberInput
{
    /// Reads an amount (price, share, factor, threshold) in the given culture. A leading or trailing € and spaces are
    /// allowed; a minus sign only when allowNegative.
    public static bool TryParseAmount(string? text, CultureInfo culture, out decimal value, bool allowNegative = false)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim().Replace("€", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        var negative = s.StartsWith('-');
        if (negative)
        {
            if (!allowNegative)
            {
                return false;
            }

            s = s[1..];
        }
        else if (s.StartsWith('+'))
        {
            s = s[1..];
        }

        if (!Shape().IsMatch(s))
        {
            return false;
        }

        var decimalMark = DecimalMark(s, culture);
        if (decimalMark is null && s.Any(c => c is '.' or ','))
        {
            return false;
        }

        var group = decimalMark == '.' ? ',' : '.';
        var parts = decimalMark is { } mark ? s.Split(mark) : [s];
        if (parts.Length > 2 || parts[0].Length == 0 || (parts.Length == 2 && parts[1].Length == 0) || (parts.Length == 2 && parts[1].Contains(group)))
        {
            return false;
        }

        var whole = parts[0].Split(group);
        if (whole.Length > 1 && (whole[0].Length is 0 or > 3 || whole.Skip(1).Any(g => g.Length != 3)))
        {
            return false;
        }

        var normalized = string.Concat(whole) + (parts.Length == 2 ? "." + parts[1] : "");
        if (!decimal.TryParse(normalized, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        value = negative ? -value : value;
        return true;
    }

    /// How to write an amount in this culture, for the messages that refuse one: ("8.90", "1,234.50") in English,
    /// ("8,90", "1.234,50") in German.
    public static (string Small, string Large) Examples(CultureInfo culture) =>
        (8.9m.ToString("0.00", culture), 1234.5m.ToString("#,##0.00", culture));

    /// Reads a whole number of packs: digits only. "1,5", "1.5", "1e3" and "1.000" are refused, never rounded or
    /// read as thousands.
    public static bool TryParseWhole(string? text, out int value)
    {
        value = 0;
        var s = text?.Trim();
        return !string.IsNullOrEmpty(s) && s.Length <= 9 && s.All(char.IsAsciiDigit) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// Which separator is the decimal mark: the last one when both appear; a single one unless it groups digits in
    /// threes the way the culture groups them (then it is a group separator); none when one kind repeats.
    private static char? DecimalMark(string s, CultureInfo culture)
    {
        var dots = s.Count(c => c == '.');
        var commas = s.Count(c => c == ',');
        if (dots > 0 && commas > 0)
        {
            var last = s[s.LastIndexOfAny(['.', ','])];
            return (last == '.' ? dots : commas) == 1 ? last : null;
        }

        if (dots + commas == 0)
        {
            return null;
        }

        var separator = dots > 0 ? '.' : ',';
        if (dots + commas > 1)
        {
            // 1.234.567 or 1,234,567: groups only (checked by the caller); two decimal marks are refused there.
            return separator == '.' ? ',' : '.';
        }

        var digitsAfter = s.Length - s.IndexOf(separator) - 1;
        var cultureGroup = culture.NumberFormat.NumberGroupSeparator;
        return digitsAfter == 3 && cultureGroup == separator.ToString() ? (separator == '.' ? ',' : '.') : separator;
    }

    [GeneratedRegex(@"^[0-9][0-9.,]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
