using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Portal.Localization;

public static class LocalizationExtensions
{
    public static readonly CultureInfo[] SupportedCultures = [new("en"), new("de")];

    public static IHostApplicationBuilder AddPortalLocalization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = SupportedCultures;
            options.SupportedUICultures = SupportedCultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            // Order: the language switch's cookie, then the browser's Accept-Language.
            options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return builder;
    }

    /// POST /culture switches the UI language and returns to the page the user was on.
    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/culture", (HttpContext context, [Microsoft.AspNetCore.Mvc.FromForm] string culture, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
        {
            if (!SupportedCultures.Any(c => c.Name == culture))
            {
                return Results.BadRequest("Unsupported language.");
            }

            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            var target = !string.IsNullOrEmpty(returnUrl) && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
                ? returnUrl : "/";
            return Results.LocalRedirect(target);
        });
        return endpoints;
    }
}

public static class Plurals
{
    /// "1 customer", "2 customers" in the reader's language: both forms are translation keys. English and German
    /// both use the singular for exactly one.
    public static LocalizedString Plural(this IStringLocalizer t, int count, string one, string other) =>
        count == 1 ? t[one, count] : t[other, count];
}

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

    /// Prices per base unit can be fractions of a cent (€0.042 / piece); show up to three decimals then.
    public static string FormatUnitPrice(decimal amount, CultureInfo? culture = null)
    {
        var format = (NumberFormatInfo)(culture ?? CultureInfo.CurrentCulture).NumberFormat.Clone();
        format.CurrencySymbol = "€";
        return amount.ToString(Math.Round(amount, 2) == amount || amount >= 1 ? "C2" : "C3", format);
    }
}

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
