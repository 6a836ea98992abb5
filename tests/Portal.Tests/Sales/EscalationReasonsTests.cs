using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Sales;

namespace Portal.Tests.Sales;

/// Reasons the portal writes are stored in English with invariant numbers and shown in the reader's language.
public sealed class EscalationReasonsTests
{
    /// Formats the English key with the values: what a localizer without a translation returns.
    private sealed class KeyLocalizer : IStringLocalizer
    {
        public LocalizedString this[string name] => new(name, name);

        public LocalizedString this[string name, params object[] arguments] => new(name, string.Format(CultureInfo.CurrentCulture, name, arguments));

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }

    [Fact]
    public void A_stored_reason_is_shown_with_the_readers_number_format()
    {
        var stored = EscalationReasons.CreditLimit.Format("2026-000162", EscalationReasons.Amount(1234.56m), EscalationReasons.Amount(3000m), EscalationReasons.Amount(2500m));

        var shown = InCulture("de-DE", () => EscalationReasons.Display(stored, new KeyLocalizer()));

        Assert.Equal("Order 2026-000162 (1234.56 EUR) would bring open receivables to 3000.00 EUR, over the credit limit of 2500.00 EUR.", stored);
        Assert.Equal("Order 2026-000162 (1.234,56 EUR) would bring open receivables to 3.000,00 EUR, over the credit limit of 2.500,00 EUR.", shown);
    }

    [Theory]
    [InlineData("Order 2026-000162 (1234,56 EUR) would bring open receivables to 3000,00 EUR, over the credit limit of 2500,00 EUR.")]
    [InlineData("Order 2026-000162 (1.234,56 EUR) would bring open receivables to 3.000,00 EUR, over the credit limit of 2.500,00 EUR.")]
    public void A_reason_once_stored_with_german_numbers_is_shown_as_stored_never_a_hundred_times_off(string stored)
    {
        var shown = InCulture("de-DE", () => EscalationReasons.Display(stored, new KeyLocalizer()));

        Assert.Equal(stored, shown);
    }

    private static string InCulture(string name, Func<string> action)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
        try
        {
            return action();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }
    }
}
