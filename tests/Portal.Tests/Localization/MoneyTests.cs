using System.Globalization;
using Portal.Localization;

namespace Portal.Tests.Localization;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("en", 1234.5, "€1,234.50")]
    [InlineData("de", 1234.5, "1.234,50 €")]
    [InlineData("en", -3.2, "-€3.20")]
    public void Formats_euros_in_the_readers_culture(string culture, double amount, string expected) =>
        Assert.Equal(expected, Money.Format((decimal)amount, new CultureInfo(culture)).Replace('\u00a0', ' '));

    [Theory]
    [InlineData(0.425, "€0.425")]
    [InlineData(0.42, "€0.42")]
    [InlineData(4.2, "€4.20")]
    public void Unit_prices_below_a_euro_keep_a_third_decimal(double amount, string expected) =>
        Assert.Equal(expected, Money.FormatUnitPrice((decimal)amount, new CultureInfo("en")));

    [Theory]
    [InlineData(2.345, 2.35)]
    [InlineData(2.344, 2.34)]
    [InlineData(-2.345, -2.35)]
    public void Rounds_half_away_from_zero_to_cents(double amount, double expected) =>
        Assert.Equal((decimal)expected, Money.Round((decimal)amount));
}
