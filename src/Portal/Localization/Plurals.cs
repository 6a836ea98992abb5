using Microsoft.Extensions.Localization;

namespace Portal.Localization;

public static class Plurals
{
    /// "1 customer", "2 customers" in the reader's language: both forms are translation keys. English and German
    /// both use the singular for exactly one.
    public static LocalizedString Plural(this IStringLocalizer t, int count, string one, string other) =>
        count == 1 ? t[one, count] : t[other, count];
}
