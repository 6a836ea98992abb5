using Portal.ProductManagement;

namespace Portal.Tests.ProductManagement;

public sealed class OfferRulesTests
{
    [Theory]
    [InlineData("12.34", "12.39")]
    [InlineData("12.39", "12.39")]
    [InlineData("12.40", "12.49")]
    [InlineData("12.391", "12.49")]
    [InlineData("12.389", "12.39")]
    [InlineData("0.01", "0.09")]
    [InlineData("0", "0.09")]
    [InlineData("9.995", "10.09")]
    [InlineData("99.99", "99.99")]
    public void Prices_round_up_to_the_next_price_ending_in_nine_cents(string price, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            PriceRounding.UpToNine(decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void The_small_customer_rule_is_base_times_factor_rounded_up_to_nine_cents()
    {
        Assert.Equal(4.89m, PriceRounding.Derive(4.20m, 1.15m)); // 4.83 → 4.89
        Assert.Equal(11.59m, PriceRounding.Derive(10.00m, 1.15m)); // 11.50 → 11.59
        Assert.Equal(1.19m, PriceRounding.Derive(1.00m, 1.15m)); // 1.15 → 1.19
        Assert.Throws<ArgumentOutOfRangeException>(() => PriceRounding.UpToNine(-0.01m));
    }

    [Theory]
    [InlineData("4006381333931", true)]
    [InlineData("4006381333932", false)]
    [InlineData("96385074", true)]
    [InlineData("036000291452", true)]
    [InlineData("10012345678902", true)]
    [InlineData("400638133393", false)]
    [InlineData("40063813339a1", false)]
    [InlineData("", false)]
    public void A_gtin_needs_8_12_13_or_14_digits_and_a_correct_check_digit(string gtin, bool valid) =>
        Assert.Equal(valid, Gtin.IsValid(gtin));
}
