using System.Globalization;

namespace Portal.Localization;

/// A calendar date a person typed, read in either UI language: "31.12.2025", "31/12/2025", "2025-12-31",
/// "31 Dec 2025", "31. Dezember 2025". Day before month everywhere: a US "12/31/2025" is refused, never misread.
public static class DateInput
{
    private static readonly string[] Formats =
    [
        "d.M.yyyy", "d.M.yy", "d. M. yyyy", "yyyy-M-d", "d/M/yyyy", "d/M/yy", "d-M-yyyy",
        "d MMM yyyy", "d MMMM yyyy", "d. MMM yyyy", "d. MMMM yyyy", "d MMM. yyyy", "d. MMM. yyyy",
    ];

    private static readonly CultureInfo[] Cultures = [CultureInfo.GetCultureInfo("de-DE"), CultureInfo.GetCultureInfo("en-GB")];

    public static bool TryParse(string? text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = string.Join(' ', text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        foreach (var culture in Cultures)
        {
            if (DateOnly.TryParseExact(trimmed, Formats, culture, DateTimeStyles.None, out date) && date.Year >= 1900)
            {
                return true;
            }
        }

        return false;
    }

    /// How to write a date in the given language, for a refusal's message: "31.12.2025" or "31 Dec 2025".
    public static string Example(CultureInfo culture) => Dates.Format(new DateOnly(2025, 12, 31), culture);
}
