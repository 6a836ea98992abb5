using System.Globalization;

namespace Portal.Localization;

/// Dates as the business reads them: in the seller's time zone (Europe/Berlin), unambiguous in English ("4 Nov 2026").
public static class Dates
{
    private static readonly TimeZoneInfo Business = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static DateTimeOffset ToBusinessTime(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, Business);

    /// The calendar day a moment falls on where the business is: what "the order's day" means.
    public static DateOnly BusinessDay(DateTimeOffset moment) => DateOnly.FromDateTime(ToBusinessTime(moment).DateTime);

    /// A wall-clock time without an offset (as ERP exports write them), read as the business's local time.
    public static DateTimeOffset FromBusinessTime(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, Business.GetUtcOffset(unspecified)).ToUniversalTime();
    }

    /// Midnight at the start of a business day, in UTC: the bound for day-exact queries.
    public static DateTimeOffset StartOfBusinessDay(DateOnly day) => FromBusinessTime(day.ToDateTime(TimeOnly.MinValue));

    public static DateOnly BusinessToday(TimeProvider time) => BusinessDay(time.GetUtcNow());

    /// A month as reports key it: its first day.
    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// The business month a moment falls in (Europe/Berlin), as its first day.
    public static DateOnly BusinessMonth(DateTimeOffset moment) => MonthOf(BusinessDay(moment));

    public static string Format(DateTimeOffset moment, CultureInfo? culture = null) =>
        Format(DateOnly.FromDateTime(ToBusinessTime(moment).DateTime), culture);

    /// A calendar date with no time zone to convert, e.g. a requested delivery date.
    public static string Format(DateOnly date, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        return date.ToString(culture.TwoLetterISOLanguageName == "de" ? "dd.MM.yyyy" : "d MMM yyyy", culture);
    }

    /// "December 2026", "Dezember 2026".
    public static string FormatMonth(DateOnly month, CultureInfo? culture = null) =>
        month.ToString("MMMM yyyy", culture ?? CultureInfo.CurrentCulture);

    public static string FormatWithTime(DateTimeOffset moment, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        return ToBusinessTime(moment).ToString(culture.TwoLetterISOLanguageName == "de" ? "dd.MM.yyyy HH:mm" : "d MMM yyyy, HH:mm", culture);
    }
}
