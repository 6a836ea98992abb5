using System.Globalization;

namespace Portal.Catalogs;

/// Product content (names and descriptions of products, pack sizes, categories and service modules) is kept in
/// English and German. A reader gets their language; where a text is missing in it, the other language's.
public static class ContentLanguage
{
    public static bool IsGerman(CultureInfo culture) => culture.TwoLetterISOLanguageName == "de";

    /// The text for the current UI culture (a page's reader).
    public static string Pick(string english, string? german) => Pick(english, german, CultureInfo.CurrentUICulture);

    /// The text for a given reader (a mail's recipient, an order document in the customer's language).
    public static string Pick(string english, string? german, CultureInfo culture) =>
        IsGerman(culture) ? (string.IsNullOrWhiteSpace(german) ? english : german)
            : (string.IsNullOrWhiteSpace(english) ? german ?? "" : english);
}
